// Scores of regression predictions in the data's units, beside the naive baseline a model must beat:
// persistence, y[t+k] = y[t] (the window's last level repeated), on the same windows and steps. A model
// that does not beat it has learned nothing a forecaster could use.
import type { Preprocessing } from '../data/prepare.ts';

export interface RegressionScore {
  target: string;
  rmse: number;
  mae: number;
  /** Mean absolute percentage error over the points whose truth is not 0; null when there are none. */
  mape: number | null;
  /** Persistence on the points where the window's last level is known too (null when none is). */
  persistence: { rmse: number; mae: number } | null;
  /** Points scored (window × step with a known truth). */
  points: number;
}

/**
 * pred: predicted levels [window][step][target] (differences.ts predictedLevels); levels: (rows, targets)
 * in the data's units. Steps past the last row or with an unknown truth are not scored.
 */
export function regressionScores(
  pre: Preprocessing,
  levels: Float32Array,
  ends: Int32Array,
  pred: Float64Array,
): RegressionScore[] {
  const T = pre.targets.length;
  const h = pre.horizon;
  const rows = levels.length / T;
  return pre.targets.map((target, j) => {
    let se = 0;
    let ae = 0;
    let ape = 0;
    let n = 0;
    let nPct = 0;
    let pse = 0;
    let pae = 0;
    let pn = 0;
    ends.forEach((r, w) => {
      const last = levels[r * T + j];
      for (let k = 1; k <= h; k++) {
        const row = r + k;
        if (row >= rows) continue;
        const t = levels[row * T + j];
        if (!Number.isFinite(t)) continue;
        const e = pred[(w * h + k - 1) * T + j] - t;
        se += e * e;
        ae += Math.abs(e);
        n++;
        if (Math.abs(t) > 1e-12) {
          ape += Math.abs(e / t);
          nPct++;
        }
        if (Number.isFinite(last)) {
          pse += (last - t) ** 2;
          pae += Math.abs(last - t);
          pn++;
        }
      }
    });
    return {
      target,
      rmse: n > 0 ? Math.sqrt(se / n) : Number.NaN,
      mae: n > 0 ? ae / n : Number.NaN,
      mape: nPct > 0 ? (100 * ape) / nPct : null,
      persistence: pn > 0 ? { rmse: Math.sqrt(pse / pn), mae: pae / pn } : null,
      points: n,
    };
  });
}

/** "RMSE 0.83 · persistence 1.02 (better)" — one line per target for the CLI summaries. */
export function scoreLine(s: RegressionScore, fmt: (v: number) => string): string {
  const base = s.persistence;
  const cue = base === null ? '' : s.rmse < base.rmse ? ' (beats persistence)' : ' (worse than persistence)';
  const p = base ? ` · persistence RMSE ${fmt(base.rmse)} MAE ${fmt(base.mae)}` : '';
  return `${s.target}: RMSE ${fmt(s.rmse)} MAE ${fmt(s.mae)}${p}${cue}`;
}

/** Majority-class baseline: the most frequent class among `labels`, and its accuracy on `truth`. */
export function majorityBaseline(
  labels: ArrayLike<number>,
  truth: ArrayLike<number>,
  K: number,
): { klass: number; accuracy: number } {
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  let klass = 0;
  for (let c = 1; c < K; c++) if (counts[c] > counts[klass]) klass = c;
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === klass) right++;
  return { klass, accuracy: truth.length > 0 ? right / truth.length : Number.NaN };
}
