import { float32ToJsonNumber } from './float32.ts';

// A parsed table, stored by column (a Float32Array per numeric column), never as row objects.
export interface NumericColumn {
  name: string;
  kind: 'numeric';
  values: Float32Array; // NaN = missing
  missing: number;
}

export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  /** Index into `levels` per row; -1 = missing. */
  codes: Int32Array;
  levels: string[];
  missing: number;
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  rows: number;
  columns: Column[];
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** A cell as text: numbers as their shortest float32 spelling, labels as written, '' when missing. */
export function cellText(c: Column, row: number): string {
  if (c.kind === 'categorical') return c.codes[row] >= 0 ? c.levels[c.codes[row]] : '';
  const v = c.values[row];
  return Number.isNaN(v) ? '' : String(float32ToJsonNumber(v));
}
