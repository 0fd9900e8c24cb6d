// The batch losses the page keeps for the loss chart: bounded, however long the run, without losing a
// spike. Past `max` points the history is cut into stretches of equal width on the epoch axis and each
// stretch keeps its lowest and its highest loss (in order). From then on every update is thinned at the
// same width (doubled when the run outgrows it), so the points are as dense at the end of the run as at
// its start. Widths are powers of two: a stretch is exactly two stretches of the width before, so thinning
// the thinned history again leaves each stretch the min and max of every batch that fell in it. The chart
// then smooths and thins what it draws (chart-scale.ts).
import type { BatchPoint } from '../worker/protocol.ts';

export interface BatchHistory {
  points: BatchPoint[];
  /** Width of a stretch on the epoch axis; 0 while every batch is kept. */
  stretch: number;
}

/** The kept batch losses once `added` arrive: all of them, or at most `max` (2 per stretch). */
export function keepBatchPoints(kept: BatchHistory, added: BatchPoint[], max: number): BatchHistory {
  const all = added.length > 0 ? kept.points.concat(added) : kept.points;
  let stretch = kept.stretch;
  if (stretch === 0) {
    if (all.length <= max) return { points: all, stretch: 0 };
    // About max / 4 stretches: half of `max`, and room for the run to double before the next widening.
    stretch = 2 ** Math.ceil(Math.log2(Math.max(1e-9, xSpan(all)) / Math.max(1, Math.floor(max / 4))));
  }
  for (;;) {
    const points = minMaxPerStretch(all, stretch);
    if (points.length <= max) return { points, stretch };
    stretch *= 2;
  }
}

function xSpan(points: BatchPoint[]): number {
  let lo = points[0].x;
  let hi = lo;
  for (const p of points) {
    if (p.x < lo) lo = p.x;
    if (p.x > hi) hi = p.x;
  }
  return hi - lo;
}

/**
 * Per stretch [k·width, (k+1)·width) of x: its lowest and highest loss, in x order (one point when they
 * are the same). NaN losses are skipped; a stretch of nothing else keeps its first, so a diverged run's
 * end stays where it was.
 */
function minMaxPerStretch(points: BatchPoint[], width: number): BatchPoint[] {
  const out: BatchPoint[] = [];
  let i = 0;
  while (i < points.length) {
    const k = Math.floor(points[i].x / width);
    const start = i;
    let lo = -1;
    let hi = -1;
    for (; i < points.length && Math.floor(points[i].x / width) === k; i++) {
      const v = points[i].loss;
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < points[lo].loss) lo = i;
      if (hi < 0 || v > points[hi].loss) hi = i;
    }
    if (lo < 0) out.push(points[start]);
    else if (lo === hi) out.push(points[lo]);
    else out.push(points[Math.min(lo, hi)], points[Math.max(lo, hi)]);
  }
  return out;
}
