// Predictions of a model on the windows of a prepared dataset, turned into what the Results panel shows:
// truth against prediction in the data's units and RMSE/MAE/MAPE, or accuracy and a confusion matrix.
import { formatTime } from '../data/dates.ts';
import { differencesOf, inputStatName, predictedLevels, targetStatName } from '../data/differences.ts';
import { float32ToJsonNumber } from '../data/float32.ts';
import type { PreparedData } from '../data/prepare.ts';
import { scalerTransform } from '../data/prepare.ts';
import { cellText, type Table } from '../data/table.ts';
import { minMaxIndices } from '../data/thin.ts';
import type { Backend } from '../model/backend.ts';
import { classificationScores, regressionScores, scoredSplits } from '../model/metrics.ts';
import type { OptimizerConfig } from '../model/optimizer.ts';
import { predictWindows } from '../model/predict.ts';
import type { ModelSpec } from '../model/spec.ts';
import type { Forecast, RegressionSeries, Results, SplitResult, StepSeries } from './protocol.ts';

/**
 * Points sent to the page per split, over all targets and steps: every window at full resolution (the
 * chart zooms in to single windows) up to this, beyond it each step thinned to its share, keeping every
 * stretch's extremes; a split of many windows times a horizon of many steps would otherwise post millions.
 */
export const SPLIT_POINTS = 240_000;
/** Never fewer than this per step, however long the horizon (the chart draws ~400). */
export const MIN_STEP_POINTS = 2_000;

/** Points per step for `targets` × `horizon` series. */
export function stepPoints(targets: number, horizon: number): number {
  return Math.max(MIN_STEP_POINTS, Math.floor(SPLIT_POINTS / (targets * horizon)));
}

function regression(
  prepared: PreparedData,
  ends: Int32Array,
  out: Float32Array,
  label: (row: number) => string,
): RegressionSeries[] {
  const { pre, levels } = prepared;
  const T = pre.targets.length;
  const h = pre.horizon;
  const rows = prepared.series.rows;
  const pred = predictedLevels(pre, levels, ends, out);
  const scores = regressionScores(pre, levels, ends, pred);
  const most = stepPoints(T, h);
  return pre.targets.map((target, j) => {
    const s = scores[j];
    const steps: StepSeries[] = s.steps.map((score, k) => {
      const at: number[] = [];
      const truth: number[] = [];
      const points: number[] = [];
      ends.forEach((r, w) => {
        const row = r + k + 1;
        if (row >= rows || !Number.isFinite(levels[row * T + j])) return;
        at.push(row);
        truth.push(levels[row * T + j]);
        points.push(pred[(w * h + k) * T + j]);
      });
      const keep = minMaxIndices(at.length, [truth, points], most);
      return {
        labels: keep.map((i) => label(at[i])),
        truth: keep.map((i) => truth[i]),
        pred: keep.map((i) => points[i]),
        rmse: score.rmse,
        mae: score.mae,
        persistence: score.persistence,
      };
    });
    return { target, rmse: s.rmse, mae: s.mae, mape: s.mape, persistence: s.persistence, steps };
  });
}

function classification(prepared: PreparedData, ends: Int32Array, out: Float32Array) {
  const classes = prepared.pre.classes ?? [];
  const s = classificationScores(prepared, ends, out);
  return {
    classes,
    accuracy: s.accuracy,
    confusion: s.confusion,
    majority: { klass: classes[s.majority.klass], accuracy: s.majority.accuracy },
    steps: s.steps.map(({ accuracy, majority }) => ({ accuracy, majority })),
  };
}

/** Results on the validation and test windows (the training windows when there are neither). */
export async function computeResults(
  backend: Backend,
  spec: ModelSpec,
  params: Float32Array,
  prepared: PreparedData,
  table: Table,
  timeColumn: string | null,
  optimizer: OptimizerConfig,
  /** The rows whose end the forecast continues (one series of a stacked file); default: all rows. */
  span: RowSpan = { start: 0, end: table.rows },
): Promise<Results> {
  const time = timeColumn ? table.columns.find((c) => c.name === timeColumn) : undefined;
  const label = (row: number) => (time ? cellText(time, row) : String(row));
  const splits: SplitResult[] = [];
  let fingerprint: number[] = [];
  for (const [split, ends] of scoredSplits(prepared)) {
    const out = await predictWindows(backend, spec, params, prepared.series, ends, optimizer);
    if (fingerprint.length === 0) fingerprint = Array.from(out.subarray(0, 8));
    splits.push({
      split,
      windows: ends.length,
      regression: spec.task === 'regression' ? regression(prepared, ends, out, label) : null,
      classification: spec.task === 'classification' ? classification(prepared, ends, out) : null,
    });
  }
  const forecast = await computeForecast(backend, spec, params, prepared, table, timeColumn, optimizer, span);
  return { splits, fingerprint, forecast };
}

/** How many steps past the end the forecast goes (recursive forecasts; direct ones give the horizon). */
export const FORECAST_STEPS = 24;

/** Rows [start, end) of the table: one series of a stacked file, or all of it. */
export interface RowSpan {
  start: number;
  end: number;
}

/**
 * Labels for the rows after row `rows` − 1: times continued at the last step (months kept whole); without
 * a time column, row numbers, as the rows before them are labelled.
 */
function futureLabels(table: Table, timeColumn: string | null, n: number, rows: number): string[] {
  const col = timeColumn ? table.columns.find((c) => c.name === timeColumn) : undefined;
  if (!col) return Array.from({ length: n }, (_, k) => String(rows + k));
  if (col && rows >= 2 && col.kind === 'time') {
    const a = col.ms[rows - 2];
    const b = col.ms[rows - 1];
    if (Number.isFinite(a) && Number.isFinite(b) && b > a) {
      const da = new Date(a);
      const db = new Date(b);
      const months = (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
      const monthly = da.getUTCDate() === db.getUTCDate() && months >= 1 && b - a >= 27 * 86_400_000;
      return Array.from({ length: n }, (_, k) => {
        if (!monthly) return formatTime(b + (k + 1) * (b - a));
        const d = new Date(b);
        d.setUTCMonth(d.getUTCMonth() + (k + 1) * months);
        return formatTime(d.getTime());
      });
    }
  }
  if (col && rows >= 2 && col.kind === 'numeric') {
    const a = col.values[rows - 2];
    const b = col.values[rows - 1];
    if (Number.isFinite(a) && Number.isFinite(b)) {
      return Array.from({ length: n }, (_, k) => String(float32ToJsonNumber(b + (k + 1) * (b - a))));
    }
  }
  return Array.from({ length: n }, (_, k) => `+${k + 1}`);
}

/**
 * The forecast past the end of the data from the last window. Regression models whose inputs are all
 * targets are rolled forward: each predicted step becomes the next input row, for FORECAST_STEPS steps.
 * Otherwise (other inputs are unknown in the future) the horizon's steps are predicted directly.
 */
export async function computeForecast(
  backend: Backend,
  spec: ModelSpec,
  params: Float32Array,
  prepared: PreparedData,
  table: Table,
  timeColumn: string | null,
  optimizer: OptimizerConfig,
  span: RowSpan = { start: 0, end: table.rows },
): Promise<Forecast | null> {
  const { pre, series, levels } = prepared;
  // The forecast continues the end of the span (the chosen series), not whatever series the file ends on.
  const end = span.end;
  const W = pre.window;
  const F = pre.features.length;
  const T = pre.targets.length;
  const h = pre.horizon;
  const mode = spec.task === 'regression' ? differencesOf(pre) : 'none';
  // Differenced inputs need the row before the window too.
  if (end - span.start < W + (mode === 'all' ? 1 : 0)) return null;
  const per = spec.task === 'classification' ? (pre.classes?.length ?? 0) : T;
  const recursive = spec.task === 'regression' && pre.features.every((f) => pre.targets.includes(f));
  const steps = recursive ? Math.max(h, FORECAST_STEPS) : h;
  // Levels in the data's units, carried step by step: the predicted changes are added to them.
  const level = Array.from({ length: T }, (_, j) => (levels.length > 0 ? levels[(end - 1) * T + j] : 0));
  if (mode !== 'none' && !level.every(Number.isFinite)) return null;
  const outTf = pre.targets.map((t) =>
    scalerTransform(pre.scaler, pre.scaler.columns.indexOf(targetStatName(pre, t))),
  );
  const inTf = pre.features.map((f) =>
    scalerTransform(pre.scaler, pre.scaler.columns.indexOf(inputStatName(pre, f))),
  );
  // A short series: the last window, then room for the forecast rows.
  const rows = W + steps;
  const x = new Float32Array(rows * F);
  x.set(series.x.subarray((end - W) * F, end * F));
  const mini = { rows, x, y: new Float32Array(rows * (spec.task === 'classification' ? 1 : T)) };
  const rt = backend.createRuntime(spec, { batchSize: 1, optimizer, clipNorm: null, seed: 0 });
  const outputs: Float32Array[] = []; // one [per] vector per step (probabilities, or levels for regression)
  try {
    rt.setParams(params);
    let made = 0;
    while (made < steps) {
      rt.setSeries(mini);
      const out = await rt.predict(Int32Array.of(W - 1 + made));
      for (let k = 0; k < h && made < steps; k++, made++) {
        const step = out.subarray(k * per, (k + 1) * per);
        if (spec.task === 'classification') {
          outputs.push(Float32Array.from(step));
          continue;
        }
        const before = level.slice();
        for (let j = 0; j < T; j++) {
          const v = step[j] * outTf[j].scale + outTf[j].shift;
          level[j] = mode === 'none' ? v : level[j] + v;
        }
        outputs.push(Float32Array.from(level));
        if (!recursive) continue;
        // The next input row: the new level (or, with differenced inputs, its change), scaled as an input.
        pre.features.forEach((f, i) => {
          const j = pre.targets.indexOf(f);
          const v = mode === 'all' ? level[j] - before[j] : level[j];
          x[(W + made) * F + i] = (v - inTf[i].shift) / inTf[i].scale;
        });
      }
      if (!recursive) break;
    }
  } finally {
    rt.dispose();
  }
  const labels = futureLabels(table, timeColumn, steps, end);
  const time = timeColumn ? table.columns.find((c) => c.name === timeColumn) : undefined;
  const past = Math.min(end - span.start, Math.max(3 * steps, 2 * W));
  const pastLabels = Array.from({ length: past }, (_, i) => {
    const r = end - past + i;
    return time ? cellText(time, r) : String(r);
  });
  if (spec.task === 'classification') {
    const classes = pre.classes ?? [];
    return {
      method: 'direct',
      regression: null,
      classification: outputs.map((p, k) => {
        let best = 0;
        for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return { label: labels[k], klass: classes[best], p: Array.from(p) };
      }),
      classes,
    };
  }
  return {
    method: recursive ? 'recursive' : 'direct',
    regression: pre.targets.map((target, j) => ({
      target,
      pastLabels,
      past: Array.from({ length: past }, (_, i) => levels[(end - past + i) * T + j]),
      labels,
      values: outputs.map((o) => o[j]),
    })),
    classification: null,
    classes: null,
  };
}
