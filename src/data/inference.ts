// A saved model's view of new data: its features (one-hot columns rebuilt by name) scaled with its scaler,
// windows ending on every row of each series segment, gaps handled by the model's missing-value policy.
import type { SeriesData } from '../model/backend.ts';
import type { Task } from '../model/spec.ts';
import { DataError } from './errors.ts';
import { numericColumn } from './features.ts';
import { fillGaps } from './missing.ts';
import type { Preprocessing, WindowingConfig } from './prepare.ts';
import { scaleColumns } from './scaling.ts';
import { segmentStarts } from './segments.ts';
import { findColumn, type Table } from './table.ts';
import { gapIndex, segmentWindows } from './windows.ts';

export interface InferenceInput {
  series: SeriesData;
  /** Window-end rows: every window inside a segment whose inputs have no gap, also those whose targets lie past the end. */
  ends: Int32Array;
  /** Windows left out because their inputs touch a gap. */
  dropped: number;
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
  const series = cfg.series && findColumn(table, cfg.series.column) ? cfg.series : null;
  const starts = segmentStarts(table, series);
  const invalidAsMissing = cfg.invalid === 'missing';
  const featureCols = pre.features.map((f) =>
    fillGaps(numericColumn(table, f, 'feature', invalidAsMissing), starts.all, cfg.missing),
  );
  const x = scaleColumns(featureCols, pre.features, pre.scaler, rows);
  let y: Float32Array = new Float32Array(rows * pre.targets.length);
  if (task === 'regression') {
    const cols = pre.targets.map((t) => {
      const c = findColumn(table, t);
      return c?.kind === 'numeric' ? c.values : new Float32Array(rows).fill(Number.NaN);
    });
    y = scaleColumns(cols, pre.targets, pre.scaler, rows);
  }
  const inputGaps = gapIndex(rows, (r) => featureCols.some((v) => Number.isNaN(v[r])));
  const { perSegment, dropped } = segmentWindows(
    starts.used,
    pre.window,
    pre.horizon,
    1,
    false,
    inputGaps,
    null,
  );
  const ends = Int32Array.from(perSegment.flatMap((s) => Array.from(s)));
  if (ends.length === 0) {
    throw new DataError(
      `No window of ${pre.window} rows without a missing value fits in the file. Fill the gaps (missing: "ffill" or "linear") or give more rows.`,
      null,
      null,
      'too-few-rows',
    );
  }
  return { series: { rows, x, y }, ends, dropped };
}
