// Series segments: runs of rows with the same id in the series column (the loader groups each series'
// rows together). Windows are cut within a segment, gaps are filled within one, never across.
import type { DataConfig } from '../model/config.ts';
import { DataError } from './errors.ts';
import { requireColumn } from './features.ts';
import { cellText, type Table } from './table.ts';

export interface Segments {
  /** Start row of every segment, plus the row count. */
  all: Int32Array;
  /** The same for the segments in use (one series when a value is chosen). */
  used: Int32Array;
  ids: string[];
}

export function segmentStarts(table: Table, series: DataConfig['series']): Segments {
  const whole = Int32Array.of(0, table.rows);
  if (!series) return { all: whole, used: whole, ids: [] };
  const c = requireColumn(table, series.column, 'series');
  const starts: number[] = [];
  const ids: string[] = [];
  for (let r = 0; r < table.rows; r++) {
    const id = cellText(c, r);
    if (r === 0 || id !== ids[ids.length - 1]) {
      starts.push(r);
      ids.push(id);
    }
  }
  starts.push(table.rows);
  const all = Int32Array.from(starts);
  if (series.value === null) return { all, used: all, ids };
  const k = ids.indexOf(series.value);
  if (k < 0) {
    const shown = [...new Set(ids)].slice(0, 10).map((s) => `"${s}"`);
    throw new DataError(
      `There is no series "${series.value}" in column "${series.column}". Series are: ${shown.join(', ')}${ids.length > 10 ? ', …' : ''}.`,
      null,
      series.column,
      'series',
    );
  }
  if (ids.indexOf(series.value, k + 1) >= 0) {
    throw new DataError(
      `The rows of series "${series.value}" are not together in column "${series.column}". Let the loader group them (give a time column) or sort the file by series.`,
      null,
      series.column,
      'series',
    );
  }
  return { all, used: Int32Array.of(starts[k], starts[k + 1]), ids };
}
