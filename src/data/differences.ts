// First differences, for series with a trend: a model trained on levels standardized with the training
// rows' statistics meets later values far outside that range and cannot extrapolate them. With
// `differences: 'target'` the head predicts each step's change Δy[t+k] = y[t+k] − y[t+k−1], and the level
// is the window's last level plus the running sum of the predicted changes; with 'all' the inputs are
// first differences too. A difference never spans a gap or two series: it is missing (NaN) on a segment's
// first row and next to every missing value, so the missing-value policy drops the windows that need it.
import type { Preprocessing } from './prepare.ts';
import { scalerTransform } from './scaling.ts';

export const DIFFERENCES = ['none', 'target', 'all'] as const;
export type Differences = (typeof DIFFERENCES)[number];

/** The mode of a model's preprocessing (absent in files written before differencing existed = none). */
export function differencesOf(pre: Pick<Preprocessing, 'differences'>): Differences {
  return pre.differences ?? 'none';
}

/** The scaler's name for the statistics of a column's first differences. */
export function diffName(column: string): string {
  return `Δ${column}`;
}

/** The scaler column holding input feature f's statistics. */
export function inputStatName(pre: Pick<Preprocessing, 'differences'>, f: string): string {
  return differencesOf(pre) === 'all' ? diffName(f) : f;
}

/** The scaler column holding target t's statistics (of its changes when the target is differenced). */
export function targetStatName(pre: Pick<Preprocessing, 'differences'>, t: string): string {
  return differencesOf(pre) === 'none' ? t : diffName(t);
}

/** v[r] − v[r−1] within each segment ([starts[s], starts[s+1])); NaN on each segment's first row and next to a gap. */
export function differenced(v: Float32Array, starts: Int32Array): Float32Array {
  const d = new Float32Array(v.length).fill(Number.NaN);
  for (let s = 0; s + 1 < starts.length; s++) {
    // Float64 subtraction, then one rounding: the change is as exact as float32 allows.
    for (let r = starts[s] + 1; r < starts[s + 1]; r++) d[r] = v[r] - v[r - 1];
  }
  return d;
}

/**
 * Head outputs (scaled, [window][step][target]) as levels in the data's units, [window][step][target]:
 * the scaling undone, and with differenced targets the window's last level (levels[end][j]) plus the
 * running sum of the predicted changes. Float64, so long horizons do not accumulate float32 rounding.
 */
export function predictedLevels(
  pre: Preprocessing,
  levels: Float32Array,
  ends: Int32Array,
  out: Float32Array,
): Float64Array {
  const T = pre.targets.length;
  const h = pre.horizon;
  const O = T * h;
  const diff = differencesOf(pre) !== 'none';
  const tf = pre.targets.map((t) =>
    scalerTransform(pre.scaler, pre.scaler.columns.indexOf(targetStatName(pre, t))),
  );
  const res = new Float64Array(ends.length * O);
  ends.forEach((r, w) => {
    for (let j = 0; j < T; j++) {
      const { shift, scale } = tf[j];
      let level = diff ? levels[r * T + j] : 0;
      for (let k = 0; k < h; k++) {
        const v = out[w * O + k * T + j] * scale + shift;
        level = diff ? level + v : v;
        res[w * O + k * T + j] = level;
      }
    }
  });
  return res;
}
