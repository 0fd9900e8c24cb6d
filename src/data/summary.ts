// What the loader found, as plain data (for `webgpu-lstm inspect --json` and the app's data panel).
import type { Dataset } from './csv.ts';
import { formatTime } from './dates.ts';
import { type Column, cellText } from './table.ts';

export interface ColumnSummary {
  name: string;
  type: 'numeric' | 'time' | 'categorical';
  missing: number;
  constant: boolean;
  /** numeric: unreadable cells, and the first of them. */
  invalid?: number;
  firstInvalid?: { row: number; text: string } | null;
  min?: number | string;
  max?: number | string;
  /** categorical: number of distinct values and the first few. */
  levels?: number;
  examples?: string[];
  /** time: how the values were written. */
  format?: string;
}

export interface DatasetSummary {
  rows: number;
  delimiter: string;
  decimal: string;
  header: boolean;
  time: { column: string; first: string; last: string } | null;
  series: { column: string; count: number; ids: string[] } | null;
  columns: ColumnSummary[];
  notices: string[];
}

function range(c: Column): { min?: number | string; max?: number | string } {
  if (c.kind === 'categorical') return {};
  const v = c.kind === 'numeric' ? c.values : c.ms;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo === Infinity) return {};
  return c.kind === 'time' ? { min: formatTime(lo), max: formatTime(hi) } : { min: lo, max: hi };
}

export function summarize(ds: Dataset): DatasetSummary {
  const columns = ds.columns.map((c): ColumnSummary => {
    const base = { name: c.name, type: c.kind, missing: c.missing, constant: c.constant };
    if (c.kind === 'numeric')
      return { ...base, invalid: c.invalid, firstInvalid: c.firstInvalid, ...range(c) };
    if (c.kind === 'time') return { ...base, format: c.format, ...range(c) };
    return { ...base, levels: c.levels.length, examples: c.levels.slice(0, 5) };
  });
  const timeCol = ds.time ? ds.columns.find((c) => c.name === ds.time) : undefined;
  return {
    rows: ds.rows,
    delimiter: ds.dialect.delimiter,
    decimal: ds.dialect.decimal,
    header: ds.dialect.header,
    time:
      timeCol && ds.time
        ? { column: ds.time, first: cellText(timeCol, 0), last: cellText(timeCol, ds.rows - 1) }
        : null,
    series: ds.series ? { column: ds.series.column, count: ds.series.ids.length, ids: ds.series.ids } : null,
    columns,
    notices: ds.notices,
  };
}
