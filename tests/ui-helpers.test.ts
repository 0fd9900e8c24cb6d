// The app's pure helpers: number formatting, form bounds (which must accept exactly what the config
// schema accepts), chart axes and point thinning, and the tab list's keyboard moves.
import { describe, expect, it } from 'vitest';
import { minMaxIndices } from '../src/data/thin.ts';
import { type Bound, CONFIG_BOUNDS, RunConfigSchema } from '../src/model/config.ts';
import { keepBatchPoints } from '../src/ui/batch-history.ts';
import { describeBound, parseBounded, scaled, withinBound } from '../src/ui/bounds.ts';
import {
  dateTickFormatter,
  epochTicks,
  linearAxis,
  logAxis,
  niceStep,
  smoothLoss,
  thinEvenly,
} from '../src/ui/chart-scale.ts';
import { clampView, dragView, isWhole, MIN_VIEW, panView, zoomOf, zoomView } from '../src/ui/chart-zoom.ts';
import { formatCount, formatDuration, formatNum } from '../src/ui/components/fields.tsx';
import { nextTab } from '../src/ui/components/Tabs.tsx';
import { modelErrorText } from '../src/ui/model-error.ts';

describe('formatting', () => {
  it('counts, numbers and durations', () => {
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatNum(null)).toBe('—');
    expect(formatNum(Number.NaN)).toBe('—');
    expect(formatNum(1.234567)).toBe('1.235');
    expect(formatNum(0.000123)).toBe('1.23e-4');
    expect(formatNum(123456)).toBe('1.23e+5');
    expect(formatNum(0)).toBe('0');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(4.2)).toBe('5 s');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(3700)).toBe('1 h 1 min');
  });
});

/** Where each bound lives in a run configuration, to check the form against the schema. */
const FIELD: Record<keyof typeof CONFIG_BOUNDS, (v: number) => unknown> = {
  window: (v) => ({ data: { window: v } }),
  horizon: (v) => ({ data: { horizon: v } }),
  stride: (v) => ({ data: { stride: v } }),
  valSplit: (v) => ({ data: { valSplit: v } }),
  testSplit: (v) => ({ data: { testSplit: v } }),
  units: (v) => ({ model: { layers: [{ units: v }] } }),
  dropout: (v) => ({ model: { layers: [{ units: 4, dropout: v }] } }),
  layers: (v) => ({ model: { layers: Array.from({ length: v }, () => ({ units: 4 })) } }),
  huberDelta: (v) => ({ model: { huberDelta: v } }),
  lr: (v) => ({ training: { optimizer: { lr: v } } }),
  momentum: (v) => ({ training: { optimizer: { momentum: v } } }),
  rho: (v) => ({ training: { optimizer: { rho: v } } }),
  beta1: (v) => ({ training: { optimizer: { beta1: v } } }),
  beta2: (v) => ({ training: { optimizer: { beta2: v } } }),
  epsilon: (v) => ({ training: { optimizer: { epsilon: v } } }),
  weightDecay: (v) => ({ training: { optimizer: { weightDecay: v } } }),
  batchSize: (v) => ({ training: { batchSize: v } }),
  epochs: (v) => ({ training: { epochs: v } }),
  clipNorm: (v) => ({ training: { clipNorm: v } }),
  seed: (v) => ({ training: { seed: v } }),
  patience: (v) => ({ training: { earlyStopping: { patience: v } } }),
  minDelta: (v) => ({ training: { earlyStopping: { minDelta: v } } }),
  plateauFactor: (v) => ({ training: { reduceLrOnPlateau: { factor: v } } }),
  minLr: (v) => ({ training: { reduceLrOnPlateau: { minLr: v } } }),
};

function schemaAccepts(key: keyof typeof CONFIG_BOUNDS, v: number): boolean {
  const patch = FIELD[key](v) as { data?: object; model?: object; training?: object };
  const config = {
    data: { features: ['x'], targets: ['x'], ...patch.data },
    model: { layers: [{ units: 4 }], ...patch.model },
    training: patch.training ?? {},
  };
  return RunConfigSchema.safeParse(config).success;
}

describe('form bounds', () => {
  it('accept exactly what the config schema accepts, at and around every end', () => {
    for (const key of Object.keys(CONFIG_BOUNDS) as (keyof typeof CONFIG_BOUNDS)[]) {
      const b: Bound = CONFIG_BOUNDS[key];
      const probes = [b.min, b.max, 0.5, 1, 2, 3.5, 1e6]
        .filter((v): v is number => v !== undefined)
        .flatMap((v) => [v, v - 1e-9, v + 1e-9, v - 1, v + 1]);
      for (const v of probes) {
        // Layer counts are array lengths: only whole, non-negative ones can be built.
        if (key === 'layers' && !(Number.isInteger(v) && v >= 0 && v < 100)) continue;
        expect([key, v, withinBound(v, b)]).toEqual([key, v, schemaAccepts(key, v)]);
      }
    }
  });

  it('describe themselves and parse what is typed', () => {
    expect(describeBound(CONFIG_BOUNDS.window)).toBe('A whole number ≥ 1 and ≤ 10000');
    expect(describeBound(CONFIG_BOUNDS.lr)).toBe('A number > 0 and ≤ 10');
    expect(describeBound(CONFIG_BOUNDS.plateauFactor)).toBe('A number > 0 and < 1');
    expect(describeBound(CONFIG_BOUNDS.patience)).toBe('A whole number ≥ 0');
    expect(parseBounded('', CONFIG_BOUNDS.window)).toBeNull();
    expect(parseBounded('12', CONFIG_BOUNDS.window)).toBe(12);
    expect(parseBounded('1.5', CONFIG_BOUNDS.window)).toBeNull();
    expect(parseBounded('0', CONFIG_BOUNDS.lr)).toBeNull();
    expect(parseBounded('abc', CONFIG_BOUNDS.lr)).toBeNull();
    // The splits are percentages in the form: 0.9 becomes 90 exactly (not 90.00000000000001).
    expect(scaled(CONFIG_BOUNDS.valSplit, 100)).toMatchObject({ min: 0, max: 90 });
    expect(withinBound(90, scaled(CONFIG_BOUNDS.valSplit, 100))).toBe(true);
  });
});

describe('chart axes and points', () => {
  it('nice steps and linear axes that cover the data', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(0.74, 5)).toBe(0.2);
    expect(niceStep(700, 5)).toBe(200);
    const a = linearAxis(0.13, 0.87);
    expect(a.domain).toEqual([0, 1]);
    expect(a.ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const b = linearAxis(312.4, 414.9);
    expect(b.domain[0]).toBeLessThanOrEqual(312.4);
    expect(b.domain[1]).toBeGreaterThanOrEqual(414.9);
    expect(b.ticks[0]).toBe(b.domain[0]);
    expect(b.ticks.at(-1)).toBe(b.domain[1]);
    // A flat series still gets a range; no data gets a default one.
    expect(linearAxis(5, 5).domain[0]).toBeLessThan(5);
    expect(linearAxis(Infinity, -Infinity).domain).toEqual([0, 1]);
  });

  it('log axes in whole decades', () => {
    expect(logAxis(0.003, 0.4)).toEqual({ domain: [0.001, 1], ticks: [0.001, 0.01, 0.1, 1] });
    expect(logAxis(0.02, 0.3)).toEqual({ domain: [0.01, 1], ticks: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] });
    expect(logAxis(0, 1).domain).toEqual([0.1, 1]);
    // Seven decades on a small chart (four labels): every third decade, the top one labelled too.
    expect(logAxis(1e-6, 10, 4)).toEqual({ domain: [1e-6, 1000], ticks: [1e-6, 0.001, 1, 1000] });
    // Two decades with room for only four labels: no 2s and 5s between them.
    expect(logAxis(0.02, 0.3, 4).ticks).toEqual([0.01, 0.1, 1]);
  });

  it('whole epochs on the x axis, thinning keeps the ends, smoothing skips non-finite losses', () => {
    expect(epochTicks(3)).toEqual([0, 1, 2, 3]);
    expect(epochTicks(13)).toEqual([0, 2, 4, 6, 8, 10, 12]);
    const pts = Array.from({ length: 1000 }, (_, i) => i);
    const thin = thinEvenly(pts, 240);
    expect(thin).toHaveLength(240);
    expect(thin[0]).toBe(0);
    expect(thin.at(-1)).toBe(999);
    expect(thinEvenly([1, 2], 240)).toEqual([1, 2]);
    const s = smoothLoss([
      { x: 0.1, loss: 1 },
      { x: 0.2, loss: Number.NaN },
      { x: 0.3, loss: 0 },
    ]);
    expect(s.map((p) => p.x)).toEqual([0.1, 0.3]);
    expect(s[1].batch).toBeCloseTo(0.85, 12); // 1 + 0.15 · (0 − 1)
    const flat = smoothLoss(Array.from({ length: 1500 }, (_, i) => ({ x: i, loss: 1 })));
    expect(flat.length).toBeLessThanOrEqual(240);
    expect(flat[0].x).toBe(0);
    expect(flat.at(-1)?.x).toBe(1499);
  });

  it('charts of thousands of points draw a few hundred, and keep every spike and dip', () => {
    // 20,000 batches: a slow decay with one spike and one dip, each a single batch wide.
    const n = 20_000;
    const losses = Array.from({ length: n }, (_, i) => 1 / (1 + i / 500) + 0.01 * Math.sin(i));
    losses[7_777] = 50;
    losses[15_001] = -50;
    const s = smoothLoss(losses.map((loss, i) => ({ x: i / 100, loss })));
    expect(s.length).toBeLessThanOrEqual(240);
    expect(s.length).toBeGreaterThan(200); // not thinned to nothing either
    // The drawn curve reaches the smoothed curve's extremes exactly (they are points of it, not averages).
    let ema = losses[0];
    let hi = -Infinity;
    let lo = Infinity;
    for (const v of losses) {
      ema += 0.15 * (v - ema);
      hi = Math.max(hi, ema);
      lo = Math.min(lo, ema);
    }
    expect(Math.max(...s.map((p) => p.batch))).toBe(hi);
    expect(Math.min(...s.map((p) => p.batch))).toBe(lo);
    // In order, so the line never doubles back.
    for (let i = 1; i < s.length; i++) expect(s[i].x).toBeGreaterThan(s[i - 1].x);

    // Two lines (truth and prediction): each keeps its own extremes; gaps stay where they were.
    const truth = Array.from({ length: n }, (_, i) => Math.sin(i / 300));
    const pred: (number | null)[] = truth.map((v) => v * 0.9);
    truth[123] = 9;
    pred[18_000] = -9;
    pred[5_000] = null;
    const idx = minMaxIndices(n, [truth, pred], 400);
    expect(idx.length).toBeLessThanOrEqual(400);
    expect(idx).toContain(123);
    expect(idx).toContain(18_000);
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(n - 1);
    for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
    expect(minMaxIndices(3, [[1, 2, 3]], 400)).toEqual([0, 1, 2]);
  });
});

describe('the kept batch history', () => {
  it('keeps every batch up to the bound, then exactly each stretch’s lowest and highest loss', () => {
    const raw = Array.from({ length: 9_000 }, (_, i) => ({
      x: (i + 1) / 250,
      loss: Math.sin(i * 1.3) + i / 9e3,
    }));
    raw[4_321].loss = Number.NaN; // a NaN is skipped where its stretch has finite losses
    let h = keepBatchPoints({ points: [], stretch: 0 }, raw.slice(0, 300), 400);
    expect(h).toEqual({ points: raw.slice(0, 300), stretch: 0 });
    // Then 37 at a time, as a slow machine's updates might bring them.
    for (let i = 300; i < raw.length; i += 37) {
      h = keepBatchPoints(h, raw.slice(i, i + 37), 400);
      expect(h.points.length).toBeLessThanOrEqual(400);
    }
    expect(Number.isInteger(Math.log2(h.stretch))).toBe(true);
    // Thinning the thinned history again and again gives what thinning the whole run once at the final
    // width gives: per stretch, the min and max of all its batches, in order.
    const expected: typeof raw = [];
    const byStretch = new Map<number, typeof raw>();
    for (const p of raw) {
      const k = Math.floor(p.x / h.stretch);
      byStretch.set(k, [...(byStretch.get(k) ?? []), p]);
    }
    for (const ps of byStretch.values()) {
      const finite = ps.filter((p) => !Number.isNaN(p.loss));
      const lo = finite.reduce((a, p) => (p.loss < a.loss ? p : a));
      const hi = finite.reduce((a, p) => (p.loss > a.loss ? p : a));
      expected.push(...(lo === hi ? [lo] : lo.x < hi.x ? [lo, hi] : [hi, lo]));
    }
    expect(h.points).toEqual(expected);
    expect(h.points.length).toBeGreaterThan(100); // not thinned to nothing either
  });

  it('a stretch of only NaN losses keeps one, where the run diverged', () => {
    const raw = Array.from({ length: 50 }, (_, i) => ({ x: i + 1, loss: i < 40 ? 1 / (i + 1) : Number.NaN }));
    const h = keepBatchPoints({ points: [], stretch: 0 }, raw, 20);
    expect(h.points.length).toBeLessThanOrEqual(20);
    expect(Number.isNaN(h.points.at(-1)!.loss)).toBe(true);
    expect(h.points.at(-1)!.x).toBeGreaterThan(40);
  });
});

describe('tab list keys (WAI-ARIA tabs pattern)', () => {
  it('arrows wrap, Home and End jump, other keys are left alone', () => {
    expect(nextTab('ArrowRight', 0, 3)).toBe(1);
    expect(nextTab('ArrowRight', 2, 3)).toBe(0);
    expect(nextTab('ArrowLeft', 0, 3)).toBe(2);
    expect(nextTab('ArrowDown', 1, 3)).toBe(2);
    expect(nextTab('Home', 2, 3)).toBe(0);
    expect(nextTab('End', 0, 3)).toBe(2);
    expect(nextTab('Enter', 0, 3)).toBeNull();
    expect(nextTab('a', 0, 3)).toBeNull();
  });
});

describe('date axis labels', () => {
  it('are as fine as the span needs', () => {
    expect(dateTickFormatter('1958-03-01', '2020-12-01')('1990-06-01')).toBe('1990');
    expect(dateTickFormatter('2012-01-01', '2015-12-31')('2013-06-01')).toBe('Jun 2013');
    // Hourly data: the day and hour, not "Jan 2024" on every tick; over a month, the day.
    expect(dateTickFormatter('2024-01-01', '2024-01-05T23:00:00Z')('2024-01-03T19:00:00Z')).toBe(
      'Jan 3 19:00',
    );
    expect(dateTickFormatter('2024-01-01', '2024-02-20T23:00:00Z')('2024-01-03T19:00:00Z')).toBe('Jan 3');
    expect(dateTickFormatter('2024-01-01', '2024-01-01T23:00:00Z')('2024-01-01T07:00:00Z')).toBe(
      'Jan 1 07:00',
    );
    expect(dateTickFormatter('2024-01-01', '2024-01-01T23:00:00Z')('2024-01-01')).toBe('Jan 1');
    // Row numbers and other labels pass through.
    expect(dateTickFormatter('0', '99')(42)).toBe('42');
  });
});

describe('a model file that cannot be read, said for a person', () => {
  it('lists the fields at fault, missing ones as missing, with what to do', async () => {
    const { parseModelFile } = await import('../src/model/model-file.ts');
    let message = '';
    try {
      parseModelFile('{"format":"webgpu-lstm.model","version":1,"config":{}}');
    } catch (err) {
      message = (err as Error).message;
    }
    const text = modelErrorText(message);
    expect(text.fields.length).toBeGreaterThan(1);
    expect(text.summary).toBe(
      `${text.fields.length} parts of the file are missing or not as a model file has it:`,
    );
    expect(text.fields).toContain('config.data: missing (an object is expected)');
    expect(text.fields.every((f) => !/received undefined/.test(f))).toBe(true);
    expect(text.hint).toMatch(/Download the model again/);
  });

  it('leaves a one-line message as it is, with no hint to make up', () => {
    const one =
      'Invalid model file: format: expected "webgpu-lstm.model", found "x"; this is not a webgpu-lstm model file';
    expect(modelErrorText(one)).toEqual({ summary: one, fields: [], hint: null });
  });
});

describe('the prediction chart’s zoom', () => {
  it('stays inside the series and at least MIN_VIEW wide; null is the whole series', () => {
    expect(clampView(null, 100)).toEqual({ start: 0, end: 100 });
    expect(clampView({ start: 95, end: 120 }, 100)).toEqual({ start: 75, end: 100 });
    expect(clampView({ start: -5, end: 2 }, 100)).toEqual({ start: 0, end: MIN_VIEW });
    // A series shorter than MIN_VIEW is always shown whole.
    expect(clampView({ start: 2, end: 3 }, 5)).toEqual({ start: 0, end: 5 });
    expect(isWhole(clampView(null, 7), 7)).toBe(true);
    // A view of everything is kept as no zoom at all.
    expect(zoomOf({ start: 0, end: 100 }, 100)).toBeNull();
    expect(zoomOf({ start: 10, end: 30 }, 100)).toEqual({ start: 10, end: 30 });
  });

  it('zooms around the middle, pans by half a view, and a drag picks its two ends in either order', () => {
    const n = 1000;
    const half = zoomView({ start: 0, end: n }, n, 0.5);
    expect(half).toEqual({ start: 250, end: 750 });
    expect(zoomView(half, n, 2)).toEqual({ start: 0, end: n });
    // Zooming in keeps MIN_VIEW points at the least.
    let v = half;
    for (let i = 0; i < 20; i++) v = zoomView(v, n, 0.5);
    expect(v.end - v.start).toBe(MIN_VIEW);
    expect(panView(half, n, 1)).toEqual({ start: 500, end: n });
    expect(panView({ start: 500, end: n }, n, 1)).toEqual({ start: 500, end: n });
    expect(panView(half, n, -1)).toEqual({ start: 0, end: 500 });
    expect(dragView(40, 10, n)).toEqual({ start: 10, end: 41 });
    expect(dragView(10, 12, n)).toEqual({ start: 10, end: 10 + MIN_VIEW });
    expect(dragView(10, 10, n)).toBeNull();
  });
});
