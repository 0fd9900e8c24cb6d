// What `predict` needs from a CSV: the model's inputs (src/data prepareInference) plus the truth and time
// of each target row as text for the predictions file.
import { prepareInference } from '../data/inference.ts';
import type { Preprocessing, WindowingConfig } from '../data/prepare.ts';
import { cellText, findColumn, type Table } from '../data/table.ts';
import type { SeriesData } from './backend.ts';
import type { LoadedModel } from './model-file.ts';

export interface InferenceData {
  series: SeriesData;
  /** Window-end rows: every row with a full window before it inside its series (gaps per the policy). */
  ends: Int32Array;
  rows: number;
  /** Regression: each target's level per row in the data's units, (rows, targets); NaN where unknown. */
  levels: Float32Array;
  /** Truth of target j at a row as text ('' when unknown or past the end). */
  truth: (j: number, row: number) => string;
  /** Text of the time column at a row ('' when there is none, or past the end). */
  time: (row: number) => string;
  /** The text cells that became gaps (text-as-missing.ts), or null when none did. */
  textAsMissing: string | null;
}

export function inferenceData(table: Table, model: LoadedModel, windowing: WindowingConfig): InferenceData {
  const { config, preprocessing: pre } = model.file;
  const rows = table.rows;
  const { series, ends, levels, textAsMissing } = prepareInference(
    table,
    pre as Preprocessing,
    config.model.task,
    windowing,
  );
  const targetCols = pre.targets.map((t) => findColumn(table, t) ?? null);
  const timeCol = config.data.time ? (findColumn(table, config.data.time) ?? null) : null;
  return {
    series,
    ends,
    rows,
    levels,
    textAsMissing,
    truth: (j, row) => {
      const c = targetCols[j];
      if (!c || row >= rows) return '';
      // Numeric class labels are named the way prepareData names them.
      if (pre.classes && c.kind === 'numeric')
        return Number.isNaN(c.values[row]) ? '' : String(c.values[row]);
      return cellText(c, row);
    },
    time: (row) => (timeCol && row < rows ? cellText(timeCol, row) : ''),
  };
}
