// What the charts draw, computed here instead of by recharts: axis domains and ticks (recharts' automatic
// ones go through decimal.js and measure every label in the DOM, tens of ms per update on a slow machine,
// while these are a few arithmetic operations) and the points, thinned to what a chart can show.
// Pure functions, so they are unit-tested.
import { minMaxIndices } from '../data/thin.ts';
import type { BatchPoint } from '../worker/protocol.ts';

export interface Axis {
  domain: [number, number];
  ticks: number[];
}

/** A "nice" step (1, 2 or 5 × 10^k) that splits `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** Round off the float noise of k × step (0.1 × 3 = 0.30000000000000004). */
const clean = (x: number) => Number(x.toPrecision(12));

/** A linear axis covering [min, max] with nice ends and about `count` ticks. */
export function linearAxis(min: number, max: number, count = 5): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return linearAxis(min - pad, max + pad, count);
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let k = 0; lo + k * step <= hi + step * 1e-9; k++) ticks.push(clean(lo + k * step));
  return { domain: [clean(lo), clean(hi)], ticks };
}

/**
 * A log axis over positive [min, max]: whole decades, with 2 and 5 between them when there are few, and
 * every second (third …) decade when there are more than `maxTicks` (a small chart has room for few labels).
 */
export function logAxis(min: number, max: number, maxTicks = 8): Axis {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) {
    return { domain: [0.1, 1], ticks: [0.1, 1] };
  }
  const lo = Math.floor(Math.log10(min));
  let hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const every = Math.max(1, Math.ceil((hi - lo) / Math.max(1, maxTicks - 1)));
  hi = lo + Math.ceil((hi - lo) / every) * every; // the top of the axis is a labelled decade too
  const ticks: number[] = [];
  const fine = hi - lo <= 2 && 3 * (hi - lo) + 1 <= maxTicks;
  for (let e = lo; e <= hi; e += every) {
    for (const m of fine ? [1, 2, 5] : [1]) {
      const v = clean(m * 10 ** e);
      if (v <= 10 ** hi) ticks.push(v);
    }
  }
  return { domain: [clean(10 ** lo), clean(10 ** hi)], ticks };
}

/** Whole-number ticks from 0 to `max` (epochs), at most about `count` of them. */
export function epochTicks(max: number, count = 8): number[] {
  const step = Math.max(1, niceStep(max, count));
  const ticks: number[] = [];
  for (let x = 0; x <= max; x += step) ticks.push(x);
  return ticks;
}

/** At most `max` points, evenly thinned (the first and last always kept). */
export function thinEvenly<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(points[Math.round(k * step)]);
  return out;
}

/** Points drawn for the smoothed batch loss: the chart is ~700 px wide, more points only cost time. */
const MAX_DRAWN = 240;

/**
 * Exponential moving average (α = 0.15) of the finite batch losses, at most `max` points of it (each
 * stretch keeps its lowest and highest value, so thinning never flattens a spike).
 */
export function smoothLoss(points: BatchPoint[], max = MAX_DRAWN): { x: number; batch: number }[] {
  const out: { x: number; batch: number }[] = [];
  let ema: number | null = null;
  const alpha = 0.15;
  for (const p of points) {
    if (!Number.isFinite(p.loss)) continue;
    ema = ema === null ? p.loss : ema + alpha * (p.loss - ema);
    out.push({ x: p.x, batch: ema });
  }
  if (out.length <= max) return out;
  const ys = out.map((p) => p.batch);
  return minMaxIndices(out.length, [ys], max).map((i) => out[i]);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

/**
 * Axis labels for ISO dates, as fine as the span needs: years (ten years or more), "Mon YYYY" (over two
 * months), "Mon D" (over two weeks), "Mon D HH:MM" (shorter: ticks fall within a day). Anything not ISO is shown as it is.
 */
export function dateTickFormatter(first: string, last: string): (t: string | number) => string {
  const span = Date.parse(last) - Date.parse(first);
  return (t) => {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?/.exec(String(t));
    if (!m) return String(t);
    const month = MONTHS[Number(m[2]) - 1] ?? m[2];
    if (!Number.isFinite(span) || span >= 60 * DAY_MS) {
      return Number.isFinite(span) && span >= 3650 * DAY_MS ? m[1] : `${month} ${m[1]}`;
    }
    const day = `${month} ${Number(m[3] ?? 1)}`;
    return span >= 14 * DAY_MS || !m[4] ? day : `${day} ${m[4]}:${m[5]}`;
  };
}
