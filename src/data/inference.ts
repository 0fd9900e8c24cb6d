// A saved model's view of new data: its features (one-hot columns rebuilt by name) scaled with its scaler,
// windows ending on every row of each series segment, gaps handled by the model's missing-value policy.
// The columns come from training's own column stage (prepare.ts readColumns), reading the targets only
// where the file has them.
import type { SeriesData } from '../model/backend.ts';
import type { Task } from '../model/spec.ts';
import { differencesOf, inputStatName, targetStatName } from './differences.ts';
import { DataError } from './errors.ts';
import { interleave, type Preprocessing, readColumns, type WindowingConfig } from './prepare.ts';
import { scaleColumns } from './scaling.ts';
import { findColumn, type Table } from './table.ts';
import { segmentWindows } from './windows.ts';

export interface InferenceInput {
  series: SeriesData;
  /** Window-end rows: every window inside a segment whose inputs have no gap, also those whose targets lie past the end. */
  ends: Int32Array;
  /** Windows left out because their inputs touch a gap (or, for differenced targets, their last level is unknown). */
  dropped: number;
  /** Regression: each target's level per row in the data's units, (rows, targets); NaN where unknown. */
  levels: Float32Array;
  /** The text cells of the columns read that became gaps (text-as-missing.ts), or null when none did. */
  textAsMissing: string | null;
}

/**
 * Targets are not needed (predictions are what is wanted); where a regression target column is present
 * its scaled values fill the target tensor, and gaps or absent columns are 0 (they only affect a loss
 * nobody reads).
 */
export function prepareInference(
  table: Table,
  pre: Preprocessing,
  task: Task,
  cfg: WindowingConfig = { stride: 1, missing: 'drop', invalid: 'error', series: null },
): InferenceInput {
  const rows = table.rows;
  if (rows < pre.window) {
    throw new DataError(
      `The file has ${rows} rows, fewer than the model's window of ${pre.window} rows: there is nothing to predict from.`,
      null,
      null,
      'too-few-rows',
    );
  }
  // A series column the file lacks: the whole file is one series.
  const series = cfg.series && findColumn(table, cfg.series.column) ? cfg.series : null;
  const mode = task === 'regression' ? differencesOf(pre) : 'none';
  // The column stage training uses (prepare.ts), reading the model's columns; targets only where present.
  const c = readColumns(
    table,
    {
      features: pre.features,
      targets: pre.targets,
      differences: mode,
      ...(pre.classes ? { classes: pre.classes } : {}),
    },
    { missing: cfg.missing, invalid: cfg.invalid, series },
    task,
    'predict',
  );
  const x = scaleColumns(
    c.featureCols,
    pre.features.map((f) => inputStatName(pre, f)),
    pre.scaler,
    rows,
  );
  let y: Float32Array = new Float32Array(rows * pre.targets.length);
  let levels: Float32Array = new Float32Array(0);
  if (task === 'regression') {
    levels = interleave(c.targetCols, rows);
    y = scaleColumns(
      c.outCols,
      pre.targets.map((t) => targetStatName(pre, t)),
      pre.scaler,
      rows,
    );
  }
  const { perSegment, dropped: gapped } = segmentWindows(
    c.starts.used,
    pre.window,
    pre.horizon,
    1,
    false,
    c.inputGaps,
    null,
    c.lead,
  );
  let ends = Int32Array.from(perSegment.flatMap((s) => Array.from(s)));
  let dropped = gapped;
  if (mode !== 'none') {
    // A window whose last level is unknown has nothing to add its predicted changes to.
    const T = pre.targets.length;
    const known = ends.filter((e) => pre.targets.every((_, j) => !Number.isNaN(levels[e * T + j])));
    dropped += ends.length - known.length;
    ends = known;
  }
  if (ends.length === 0) {
    throw new DataError(
      `No window of ${pre.window} rows without a missing value fits in the file. Fill the gaps (missing: "ffill" or "linear") or give more rows.`,
      null,
      null,
      'too-few-rows',
    );
  }
  return { series: { rows, x, y }, ends, dropped, levels, textAsMissing: c.textAsMissing };
}
