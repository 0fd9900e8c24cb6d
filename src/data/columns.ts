// Which columns play which role when the user does not say: the time column and the features.
import { DataError } from './errors.ts';
import type { Table } from './table.ts';

const TIME_NAMES = /^(time|date|datetime|timestamp|ds)$/i;

/**
 * The time column: the first column the loader typed as times (one named like time/date first), else a
 * first column of text with a different value on every row (labels such as "1990-Q1"). It is reported
 * in predictions and never chosen as a feature by default. Null when there is none.
 */
export function detectTimeColumn(table: Table, exclude: string[]): string | null {
  const times = table.columns.filter((c) => c.kind === 'time' && !exclude.includes(c.name));
  const timed = times.find((c) => TIME_NAMES.test(c.name)) ?? times[0];
  if (timed) return timed.name;
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
 * Default features: every numeric column except the time column, the series column and, for
 * classification, the class column. Regression targets stay in: their own past is usually the best
 * predictor of their future. Constant columns carry nothing and are left out.
 */
export function defaultFeatures(
  table: Table,
  targets: string[],
  time: string | null,
  task: 'regression' | 'classification',
  series: string | null = null,
): string[] {
  const features = table.columns
    .filter(
      (c) =>
        c.kind === 'numeric' &&
        c.name !== time &&
        c.name !== series &&
        !(c.constant && !targets.includes(c.name)) &&
        !(task === 'classification' && targets.includes(c.name)),
    )
    .map((c) => c.name);
  if (features.length === 0) {
    throw new DataError(
      'No numeric column is left to use as a feature. Name the input columns (--features A,B).',
      null,
      null,
      'wrong-kind',
    );
  }
  return features;
}
