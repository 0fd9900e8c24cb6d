// Which columns play which role when the command line does not say: the time column and the features.
import { DataError } from '../data/errors.ts';
import type { Table } from '../data/table.ts';
import type { Task } from '../model/spec.ts';

const TIME_NAMES = /^(time|date|datetime|timestamp|ds)$/i;

/**
 * The time column: the first column named like time/date/datetime/timestamp (any case), or else a first
 * column of text with a different value on every row (dates). It is reported in predictions and never
 * chosen as a feature by default. Null when there is none.
 */
export function detectTimeColumn(table: Table, exclude: string[]): string | null {
  const named = table.columns.find((c) => TIME_NAMES.test(c.name) && !exclude.includes(c.name));
  if (named) return named.name;
  const first = table.columns[0];
  if (
    first &&
    !exclude.includes(first.name) &&
    first.kind === 'categorical' &&
    first.missing === 0 &&
    first.levels.length === table.rows
  ) {
    return first.name;
  }
  return null;
}

/**
 * Default features: every numeric column except the time column and, for classification, the class
 * column. Regression targets stay in: their own past is usually the best predictor of their future.
 */
export function defaultFeatures(table: Table, targets: string[], time: string | null, task: Task): string[] {
  const features = table.columns
    .filter(
      (c) =>
        c.kind === 'numeric' && c.name !== time && !(task === 'classification' && targets.includes(c.name)),
    )
    .map((c) => c.name);
  if (features.length === 0) {
    throw new DataError(
      'No numeric column is left to use as a feature. Name the input columns with --features A,B.',
    );
  }
  return features;
}
