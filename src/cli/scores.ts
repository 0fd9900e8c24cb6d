// The scores `train` and `predict` print beside the naive baselines: RMSE/MAE in the data's units against
// persistence (y[t+k] = y[t]) on the same windows; for classes, accuracy against the majority class.
import { predictedLevels } from '../data/differences.ts';
import type { PreparedData, Preprocessing } from '../data/prepare.ts';
import type { Backend } from '../model/backend.ts';
import {
  classificationScores,
  regressionScores,
  scoredSplits,
  scoreLine,
  stepsLine,
} from '../model/metrics.ts';
import type { OptimizerConfig } from '../model/optimizer.ts';
import { predictWindows } from '../model/predict.ts';
import type { ModelSpec } from '../model/spec.ts';

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(5) : String(v));

/**
 * "test (74 windows): CO2: RMSE … · persistence RMSE … (beats persistence)" per target, and for a horizon
 * of several steps a second line with each step's RMSE (errors grow with the step; the pooled figure hides how).
 */
export function regressionLines(
  split: string,
  pre: Preprocessing,
  levels: Float32Array,
  ends: Int32Array,
  out: Float32Array,
): string[] {
  const scores = regressionScores(pre, levels, ends, predictedLevels(pre, levels, ends, out));
  return scores.flatMap((s) => {
    const line = `${split} (${ends.length} windows): ${scoreLine(s, fmt)}`;
    return pre.horizon > 1 ? [line, `${split}: ${stepsLine(s, fmt)}`] : [line];
  });
}

/** Scores of a trained model on the validation and test windows (the training ones when there are neither). */
export async function splitScores(
  backend: Backend,
  spec: ModelSpec,
  params: Float32Array,
  prepared: PreparedData,
  optimizer: OptimizerConfig,
): Promise<string[]> {
  const { pre, series } = prepared;
  const lines: string[] = [];
  for (const [split, ends] of scoredSplits(prepared)) {
    const out = await predictWindows(backend, spec, params, series, ends, optimizer);
    if (spec.task === 'regression') {
      lines.push(...regressionLines(split, pre, prepared.levels, ends, out));
      continue;
    }
    const { accuracy: acc, majority: m, steps } = classificationScores(prepared, ends, out);
    lines.push(
      `${split} (${ends.length} windows): accuracy ${fmt(100 * acc)} % · majority class "${pre.classes?.[m.klass]}" ${fmt(100 * m.accuracy)} %${acc > m.accuracy ? ' (beats the majority class)' : ' (no better than the majority class)'}`,
    );
    if (pre.horizon > 1) {
      const each = steps.map(
        (k, i) => `+${i + 1} ${fmt(100 * k.accuracy)} % (majority ${fmt(100 * k.majority)} %)`,
      );
      lines.push(`${split}: accuracy by step: ${each.join(', ')}`);
    }
  }
  return lines;
}
