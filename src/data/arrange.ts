// The time column becomes the x axis: rows without a time are dropped, rows out of order are sorted
// (stably), repeated timestamps are reported. A file with several series stacked (an id column, each
// timestamp once per id) is recognised, and its rows are grouped by series, each in time order.
import { parseDayMonth, parseIsoDate, TIME_NAME } from './dates.ts';
import { count, DataError, fileRow } from './errors.ts';
import { type Column, findColumn, type Table } from './table.ts';

export interface ArrangeOptions {
  /** The time column: a name, null for none, absent to pick the first time column. */
  time?: string | null;
  /** The column naming the series: a name, null for none, absent to detect one. */
  seriesColumn?: string | null;
  /**
   * With `time` named: a text column with a different value on every row ("1990-Q1" …) is taken as row
   * labels, not an error: rows stay in file order. A model trained on such a file keeps that column as
   * its time column (train's fallback when the file has no dates), so predict must accept it back.
   */
  labelsAsTime?: boolean;
}

export interface SeriesInfo {
  column: string;
  /** Series ids in row order. */
  ids: string[];
  /** Row where each series starts, plus the row count at the end (ids.length + 1 entries). */
  starts: Int32Array;
}

export interface Arranged {
  table: Table;
  time: string | null;
  series: SeriesInfo | null;
}

export function arrange(table: Table, opts: ArrangeOptions, notices: string[]): Arranged {
  const time = pickTime(table, opts, notices);
  const ms = time ? axisValues(findColumn(table, time)!) : null;
  let seriesCol = opts.seriesColumn === undefined ? null : pickSeries(table, opts.seriesColumn);
  if (opts.seriesColumn === undefined && ms && hasDuplicates(ms)) seriesCol = detectSeries(table, time!, ms);
  const key = seriesCol ? seriesKeys(seriesCol) : null;

  // The kept rows, straight into an Int32Array (a JS array of a million indices would cost several
  // times as much, at the moment memory peaks).
  let kept = 0;
  for (let r = 0; r < table.rows; r++) if (!ms || !Number.isNaN(ms[r])) kept++;
  if (kept < table.rows) {
    notices.push(`${count(table.rows - kept)} rows have no time in "${time}" and were left out.`);
  }
  const order = new Int32Array(kept);
  for (let r = 0, i = 0; r < table.rows; r++) if (!ms || !Number.isNaN(ms[r])) order[i++] = r;
  const before = (a: number, b: number) => (key ? key.key[a] - key.key[b] : 0) || (ms ? ms[a] - ms[b] : 0);
  let sorted = true;
  for (let i = 1; i < order.length && sorted; i++) sorted = before(order[i - 1], order[i]) <= 0;
  if (!sorted) {
    order.sort((a, b) => before(a, b) || a - b);
    notices.push(
      seriesCol
        ? `Rows were grouped by series ("${seriesCol.name}") and sorted by time ("${time ?? 'row order'}").`
        : `Rows were not in time order; they were sorted by "${time}".`,
    );
  }
  const moved = !sorted || kept < table.rows;
  const out: Table = moved
    ? {
        rows: order.length,
        columns: table.columns.map((c) => gather(c, order)),
        headerRows: table.headerRows,
        sourceRows: order,
      }
    : table;

  let series: SeriesInfo | null = null;
  if (seriesCol && key) {
    const ids: string[] = [];
    const starts: number[] = [];
    for (let i = 0; i < order.length; i++) {
      if (i === 0 || key.key[order[i]] !== key.key[order[i - 1]]) {
        starts.push(i);
        ids.push(key.label(order[i]));
      }
    }
    starts.push(order.length);
    series = { column: seriesCol.name, ids, starts: Int32Array.from(starts) };
  }
  if (ms) reportDuplicates(out, time!, series, notices);
  return { table: out, time, series };
}

function pickTime(table: Table, opts: ArrangeOptions, notices: string[]): string | null {
  const asked = opts.time;
  if (asked === null) return null;
  if (asked === undefined) {
    const times = table.columns.filter((c) => c.kind === 'time');
    return (times.find((c) => TIME_NAME.test(c.name)) ?? times[0])?.name ?? null;
  }
  const c = findColumn(table, asked);
  if (!c) {
    throw new DataError(
      `The time column "${asked}" is not in the file. Columns are: ${table.columns.map((x) => `"${x.name}"`).join(', ')}.`,
      null,
      asked,
      'missing-column',
    );
  }
  // A numeric column asked for by name is an axis too (step numbers, or years as numbers).
  if (c.kind === 'time' || (c.kind === 'numeric' && c.invalid === 0)) return asked;
  if (c.kind === 'categorical') {
    if (opts.labelsAsTime && c.missing === 0 && c.levels.length === table.rows) {
      notices.push(`Column "${asked}" holds labels, not times: rows are taken in file order.`);
      return null;
    }
    for (let r = 0; r < table.rows; r++) {
      const s = c.codes[r] >= 0 ? c.levels[c.codes[r]] : null;
      if (s !== null && Number.isNaN(parseIsoDate(s)) && !parseDayMonth(s)) {
        throw new DataError(
          `Row ${fileRow(r, table.headerRows)}, column "${asked}": "${s}" is not a date or time. ` +
            'Write times as ISO 8601 (2024-01-31 or 2024-01-31T12:00:00), day/month/year, month/day/year or unix seconds, or choose another time column.',
          r,
          asked,
          'bad-time',
        );
      }
    }
  }
  throw new DataError(
    `Column "${asked}" does not hold times${c.kind === 'numeric' ? ' (some of its cells are not numbers)' : ''}. ` +
      'Choose a column of dates or times, or no time column (rows are then taken in file order).',
    null,
    asked,
    'bad-time',
  );
}

function pickSeries(table: Table, name: string | null): Column | null {
  if (name === null) return null;
  const c = findColumn(table, name);
  if (!c) {
    throw new DataError(
      `The series column "${name}" is not in the file. Columns are: ${table.columns.map((x) => `"${x.name}"`).join(', ')}.`,
      null,
      name,
      'missing-column',
    );
  }
  if (c.kind === 'time') {
    throw new DataError(`Column "${name}" holds times; it cannot name the series.`, null, name, 'series');
  }
  return c;
}

/** The values rows are ordered by: times in ms, or the numbers of a numeric axis. */
function axisValues(c: Column): Float64Array {
  if (c.kind === 'time') return c.ms;
  if (c.kind === 'numeric') return Float64Array.from(c.values);
  throw new Error('a categorical column is never an axis');
}

function hasDuplicates(ms: Float64Array): boolean {
  // Rows already in time order (the usual file) need no sorted copy of the column. Gaps (NaN) are skipped.
  let prev = Number.NaN;
  let repeated = false;
  let ordered = true;
  for (let i = 0; i < ms.length && ordered; i++) {
    const t = ms[i];
    if (Number.isNaN(t)) continue;
    ordered = !(t < prev);
    if (t === prev) repeated = true;
    prev = t;
  }
  if (ordered) return repeated;
  const s = ms.slice().sort();
  for (let i = 1; i < s.length; i++) if (s[i] === s[i - 1]) return true;
  return false;
}

interface Keys {
  key: Float64Array;
  label: (row: number) => string;
  distinct: number;
}

function seriesKeys(c: Column): Keys {
  if (c.kind === 'categorical') {
    // Missing ids form their own series, after the named ones.
    const key = Float64Array.from(c.codes, (k) => (k < 0 ? c.levels.length : k));
    return {
      key,
      label: (r) => (c.codes[r] >= 0 ? c.levels[c.codes[r]] : '(missing)'),
      distinct: c.levels.length + (c.missing > 0 ? 1 : 0),
    };
  }
  const v = c.kind === 'numeric' ? c.values : c.ms;
  const key = Float64Array.from(v, (x) => (Number.isNaN(x) ? Infinity : x));
  return {
    key,
    label: (r) => (Number.isNaN(v[r]) ? '(missing)' : String(v[r])),
    distinct: new Set(key).size,
  };
}

/** The id column: few distinct values, and within each, every timestamp once. */
function detectSeries(table: Table, time: string, ms: Float64Array): Column | null {
  for (const c of table.columns) {
    if (c.name === time || c.kind === 'time') continue;
    if (c.kind === 'numeric' && (c.invalid > 0 || !c.values.every((v) => Number.isInteger(v)))) continue;
    const keys = seriesKeys(c);
    if (keys.distinct < 2 || keys.distinct > table.rows / 2) continue;
    const pairs = new Set<string>();
    let unique = true;
    for (let r = 0; r < table.rows && unique; r++) {
      const p = `${keys.key[r]}|${ms[r]}`;
      unique = !pairs.has(p);
      pairs.add(p);
    }
    if (unique) return c;
  }
  return null;
}

function reportDuplicates(t: Table, time: string, series: SeriesInfo | null, notices: string[]): void {
  const ms = axisValues(findColumn(t, time)!);
  const starts = series ? series.starts : Int32Array.of(0, t.rows);
  let dups = 0;
  let first = -1;
  for (let s = 0; s + 1 < starts.length; s++) {
    for (let r = starts[s] + 1; r < starts[s + 1]; r++) {
      if (ms[r] === ms[r - 1]) {
        dups++;
        if (first < 0) first = r;
      }
    }
  }
  if (series) {
    notices.push(
      `Several series are stacked in this file: column "${series.column}" names ${count(series.ids.length)} ` +
        `(${series.ids.slice(0, 5).join(', ')}${series.ids.length > 5 ? ', …' : ''}). ` +
        'Pick one series or train on all; no window crosses from one series into another.',
    );
  }
  if (dups > 0) {
    const row = t.sourceRows ? t.sourceRows[first] : first;
    notices.push(
      `${count(dups)} rows repeat the time of the row before them${series ? ' in the same series' : ''} ` +
        `(first at row ${fileRow(row, t.headerRows)}). If the file holds several series, name the column that tells them apart.`,
    );
  }
}

function gather(c: Column, order: Int32Array): Column {
  if (c.kind === 'numeric') return { ...c, values: Float32Array.from(order, (r) => c.values[r]) };
  if (c.kind === 'time') return { ...c, ms: Float64Array.from(order, (r) => c.ms[r]) };
  return { ...c, codes: Int32Array.from(order, (r) => c.codes[r]) };
}
