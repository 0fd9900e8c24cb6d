import { formatTime } from './dates.ts';
import { float32ToJsonNumber } from './float32.ts';

// A parsed table, stored by column (a Float32Array per numeric column), never as row objects.
export interface NumericColumn {
  name: string;
  kind: 'numeric';
  values: Float32Array; // NaN = missing or unreadable
  missing: number;
  /** Cells that are neither a number nor a missing-value spelling (their values are NaN). */
  invalid: number;
  /** The first such cell, for the error that names it. */
  firstInvalid: { row: number; text: string } | null;
  /** Every present value is the same: carries no information (scaling treats it as unit range). */
  constant: boolean;
}

export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  /** Index into `levels` per row; -1 = missing. */
  codes: Int32Array;
  levels: string[];
  missing: number;
  constant: boolean;
}

/** Times as milliseconds since 1970 UTC: float32 cannot hold them to the second. */
export interface TimeColumn {
  name: string;
  kind: 'time';
  ms: Float64Array; // NaN = missing
  missing: number;
  format: 'iso' | 'dmy' | 'mdy' | 'unix-s' | 'unix-ms';
  constant: boolean;
}

export type Column = NumericColumn | CategoricalColumn | TimeColumn;

export interface Table {
  rows: number;
  columns: Column[];
  /** Lines before the first data row (1 with a header, 0 without): for row numbers in messages. */
  headerRows?: number;
  /** Data row in the file of each row here, when rows were reordered (sorted by time); else null. */
  sourceRows?: Int32Array | null;
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** A cell as text: numbers as their shortest float32 spelling, labels as written, '' when missing. */
export function cellText(c: Column, row: number): string {
  if (c.kind === 'categorical') return c.codes[row] >= 0 ? c.levels[c.codes[row]] : '';
  if (c.kind === 'time') return formatTime(c.ms[row]);
  const v = c.values[row];
  return Number.isNaN(v) ? '' : String(float32ToJsonNumber(v));
}

/** The row as the file numbers it (header = row 1), after any reordering. */
export function sourceRow(table: Table, row: number): number {
  return table.sourceRows ? table.sourceRows[row] : row;
}
