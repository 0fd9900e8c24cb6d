// Choices the loader leaves to the user, worked out from the loaded data: which stacked series to use
// (and which rows that is), which columns can be input features, and whether the day/month order of the
// dates is a guess the user may change (or an imported model's order means reading the file again).
import type { Dataset } from '../data/csv.ts';
import { type DateOrder, formatTime } from '../data/dates.ts';
import type { DataConfig } from '../model/config.ts';
import type { Task } from '../model/spec.ts';

/** The loader's notice for dates it could read either way (src/data/typing.ts words it). */
const AMBIGUOUS = /could be day\/month\/year or month\/day\/year/;

export interface DateOrderChoice {
  column: string;
  /** How the dates are read now. */
  order: DateOrder;
  /** The order was decided from the data (the loader's guess), not asked for. */
  guessed: boolean;
  /** The loader's notice that explains the guess (shown with the choice instead of in the notice list). */
  notice: string | null;
}

/**
 * The date-order choice to offer, or null when there is none: the time column holds d/m/y or m/d/y
 * dates and either the loader said they were ambiguous, or an order was asked for (a re-read, after
 * which the loader no longer says so).
 */
export function dateOrderChoice(table: Dataset, asked: DateOrder | null): DateOrderChoice | null {
  const col = table.time ? table.columns.find((c) => c.name === table.time) : undefined;
  if (col?.kind !== 'time' || (col.format !== 'dmy' && col.format !== 'mdy')) return null;
  const notice = table.notices.find((n) => AMBIGUOUS.test(n) && n.includes(`"${col.name}"`)) ?? null;
  if (!notice && !asked) return null;
  return { column: col.name, order: col.format, guessed: notice !== null, notice };
}

/**
 * The columns offered as input features: not the time column or any other time column, not the column
 * that tells stacked series apart (its id is not a measurement: the series are split by it, and a model
 * that took it one-hot would only learn which station it is), and for classification not the class.
 */
export function featureChoices(table: Dataset, data: DataConfig, task: Task): string[] {
  const seriesColumn = data.series?.column ?? null;
  return table.columns
    .filter(
      (c) =>
        c.name !== data.time &&
        c.kind !== 'time' &&
        c.name !== seriesColumn &&
        !(task === 'classification' && data.targets.includes(c.name)),
    )
    .map((c) => c.name);
}

/**
 * Whether the loaded data must be read again to follow a configuration that asks for the date order
 * `wanted` (an imported model's) while the data was read with `current`: some d/m/y or m/d/y column is
 * read the other way, or an order was asked for where the model leaves it to the loader.
 */
export function needsDateReread(
  table: Dataset,
  current: DateOrder | null,
  wanted: DateOrder | null,
): boolean {
  if (wanted === current) return false;
  const ambiguous = table.columns.filter(
    (c) => c.kind === 'time' && (c.format === 'dmy' || c.format === 'mdy'),
  );
  if (ambiguous.length === 0) return false;
  return wanted === null || ambiguous.some((c) => c.kind === 'time' && c.format !== wanted);
}

/** Rows [start, end) of one series, for drawing it. */
export interface SeriesRows {
  start: number;
  end: number;
  id: string | null;
}

/**
 * The rows to draw for the series choice: the chosen series, or with all of them the first one (the
 * loader groups each series' rows together). Null when the file has no stacked series.
 */
export function seriesRows(table: Dataset, series: DataConfig['series']): SeriesRows | null {
  const info = table.series;
  if (!info || !series || info.column !== series.column || info.ids.length === 0) return null;
  const k = series.value === null ? 0 : info.ids.indexOf(series.value);
  if (k < 0) return null;
  return { start: info.starts[k], end: info.starts[k + 1], id: info.ids[k] };
}

/** Rows in each series (the loader's starts, differenced). */
export function seriesSizes(table: Dataset): Map<string, number> {
  const sizes = new Map<string, number>();
  const info = table.series;
  if (!info) return sizes;
  info.ids.forEach((id, k) => {
    sizes.set(id, info.starts[k + 1] - info.starts[k]);
  });
  return sizes;
}

/**
 * First and last time of a stacked file's rows in use: the chosen series, or with all of them the
 * earliest and latest of any (the loader's summary reads the first and last row, which for stacked
 * series are the first series' start and the last series' end). Null without a time column or series.
 */
export function seriesTimeRange(
  table: Dataset,
  series: DataConfig['series'],
): { first: string; last: string } | null {
  const col = table.time ? table.columns.find((c) => c.name === table.time) : undefined;
  const info = table.series;
  if (col?.kind !== 'time' || !info || !series || series.column !== info.column) return null;
  const one = series.value === null ? null : seriesRows(table, series);
  if (series.value !== null && !one) return null;
  const start = one?.start ?? 0;
  const end = one?.end ?? table.rows;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = start; r < end; r++) {
    const t = col.ms[r];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return lo <= hi ? { first: formatTime(lo), last: formatTime(hi) } : null;
}
