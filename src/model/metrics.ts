// Scores of regression predictions in the data's units, beside the naive baseline a model must beat:
// persistence, y[t+k] = y[t] (the window's last level repeated), on the same windows and steps. A model
// that does not beat it has learned nothing a forecaster could use. Classes: accuracy against the majority
// class of the training windows. Shared by the app's Results (src/worker/results.ts) and the CLI's summary.
import type { PreparedData, Preprocessing } from '../data/prepare.ts';

/** Error of one step of the horizon (or of all of them pooled). */
export interface ErrorScore {
  rmse: number;
  mae: number;
  /** Persistence on the points where the window's last level is known too (null when none is). */
  persistence: { rmse: number; mae: number } | null;
  /** Points scored (window × step with a known truth). */
  points: number;
}

export interface RegressionScore extends ErrorScore {
  target: string;
  /**
   * Mean absolute percentage error; null when the scored truth touches or crosses 0 (or there is none):
   * percentages of values near 0 blow up (a sine scores hundreds of %) and say nothing.
   */
  mape: number | null;
  /** The same scores step by step: steps[k − 1] is step +k of the horizon (one entry for horizon 1). */
  steps: ErrorScore[];
}

/** Sums of errors, model and persistence, turned into an ErrorScore. */
class ErrorSums {
  se = 0;
  ae = 0;
  n = 0;
  pse = 0;
  pae = 0;
  pn = 0;

  add(e: number, persistenceError: number): void {
    this.se += e * e;
    this.ae += Math.abs(e);
    this.n++;
    if (Number.isFinite(persistenceError)) {
      this.pse += persistenceError * persistenceError;
      this.pae += Math.abs(persistenceError);
      this.pn++;
    }
  }

  score(): ErrorScore {
    const { se, ae, n, pse, pae, pn } = this;
    return {
      rmse: n > 0 ? Math.sqrt(se / n) : Number.NaN,
      mae: n > 0 ? ae / n : Number.NaN,
      persistence: pn > 0 ? { rmse: Math.sqrt(pse / pn), mae: pae / pn } : null,
      points: n,
    };
  }
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
    const all = new ErrorSums();
    const steps = Array.from({ length: h }, () => new ErrorSums());
    let ape = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    ends.forEach((r, w) => {
      const last = levels[r * T + j];
      for (let k = 1; k <= h; k++) {
        const row = r + k;
        if (row >= rows) continue;
        const t = levels[row * T + j];
        if (!Number.isFinite(t)) continue;
        const e = pred[(w * h + k - 1) * T + j] - t;
        // NaN when the window's last level is unknown: persistence then skips the point.
        const pe = last - t;
        all.add(e, pe);
        steps[k - 1].add(e, pe);
        ape += Math.abs(e / t);
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
    });
    return {
      target,
      ...all.score(),
      mape: all.n > 0 && (lo > 0 || hi < 0) ? (100 * ape) / all.n : null,
      steps: steps.map((s) => s.score()),
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

/** "y RMSE by step: +1 0.41 (persistence 0.50), +2 …" — for horizons over one step. */
export function stepsLine(s: RegressionScore, fmt: (v: number) => string): string {
  const steps = s.steps.map((k, i) => {
    const p = k.persistence ? ` (persistence ${fmt(k.persistence.rmse)})` : '';
    return `+${i + 1} ${fmt(k.rmse)}${p}`;
  });
  return `${s.target} RMSE by step: ${steps.join(', ')}`;
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

/** The windows results are scored on: validation and test, or the training ones when there are neither. */
export function scoredSplits(prepared: PreparedData): ['validation' | 'test' | 'training', Int32Array][] {
  const sets = (
    [
      ['validation', prepared.val],
      ['test', prepared.test],
    ] as const
  ).filter(([, e]) => e.length > 0);
  return sets.length > 0 ? sets.map(([s, e]) => [s, e]) : [['training', prepared.train]];
}

export interface ClassificationScore {
  accuracy: number;
  /** Counts of [true class][predicted class]. */
  confusion: number[][];
  /** The most frequent class of the training windows' targets, scored on the same points as the model. */
  majority: { klass: number; accuracy: number };
  /** Step by step: steps[k − 1] is step +k (the majority class's accuracy on that step's points beside it). */
  steps: { accuracy: number; majority: number; points: number }[];
}

/** out: logits [window][step][class]; steps past the last row are not scored. */
export function classificationScores(
  prepared: PreparedData,
  ends: Int32Array,
  out: Float32Array,
): ClassificationScore {
  const { pre, series } = prepared;
  const K = pre.classes?.length ?? 0;
  const h = pre.horizon;
  const trainLabels: number[] = [];
  for (const r of prepared.train)
    for (let k = 1; k <= h; k++) if (r + k < series.rows) trainLabels.push(series.y[r + k]);
  const truths: number[] = [];
  const stepTruths = Array.from({ length: h }, () => [] as number[]);
  const stepRight = new Array<number>(h).fill(0);
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let right = 0;
  ends.forEach((r, w) => {
    for (let k = 1; k <= h; k++) {
      const row = r + k;
      if (row >= series.rows) continue;
      const truth = series.y[row];
      const base = (w * h + k - 1) * K;
      let best = 0;
      for (let c = 1; c < K; c++) if (out[base + c] > out[base + best]) best = c;
      confusion[truth][best]++;
      truths.push(truth);
      stepTruths[k - 1].push(truth);
      if (truth === best) {
        right++;
        stepRight[k - 1]++;
      }
    }
  });
  const majority = majorityBaseline(trainLabels, truths, K);
  return {
    accuracy: truths.length > 0 ? right / truths.length : Number.NaN,
    confusion,
    majority,
    steps: stepTruths.map((t, i) => ({
      accuracy: t.length > 0 ? stepRight[i] / t.length : Number.NaN,
      majority: t.length > 0 ? t.filter((c) => c === majority.klass).length / t.length : Number.NaN,
      points: t.length,
    })),
  };
}
