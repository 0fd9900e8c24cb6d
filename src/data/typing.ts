// What each column is once the whole file is read: numeric (some unreadable cells allowed, and named in
// an error if the column is used), time (every present cell a date, or unix times in a column named like
// a time), or categorical (text labels). Constant columns are flagged.
import type { ColumnBuilder } from './column-builder.ts';
import { type DateOrder, parseDayMonth, parseIsoDate, TIME_NAME, unixUnit } from './dates.ts';
import { DataError } from './errors.ts';
import type { CategoricalColumn, Column, NumericColumn, TimeColumn } from './table.ts';

/** A column stays numeric while at least this share of its present cells are numbers. */
const NUMERIC_SHARE = 0.9;

export interface TypingOptions {
  dateOrder?: DateOrder;
  /** Column names the caller wants as categorical whatever they hold. */
  categorical?: string[];
}

export function typeColumn(b: ColumnBuilder, opts: TypingOptions, notices: string[]): Column {
  const rows = b.rows;
  const present = rows - b.missing;
  const forceCategorical = opts.categorical?.includes(b.name) ?? false;
  if (b.iso) {
    if (!forceCategorical) return timeColumn(b, b.values.slice(0, rows), 'iso');
    b.leaveIso(rows);
  }
  if (!forceCategorical && (!b.codes || b.textCells <= present * (1 - NUMERIC_SHARE))) {
    const time = unixTime(b);
    if (time) return time;
    return numeric(b);
  }
  if (!forceCategorical) {
    const time = textTime(b, opts.dateOrder, notices);
    if (time) return time;
  }
  return categorical(b);
}

function numeric(b: ColumnBuilder): NumericColumn {
  const values = new Float32Array(b.rows);
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < b.rows; r++) {
    const v = b.values[r];
    values[r] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return {
    name: b.name,
    kind: 'numeric',
    values,
    missing: b.missing,
    invalid: b.textCells,
    firstInvalid: b.firstText,
    constant: !(hi > lo),
  };
}

function categorical(b: ColumnBuilder): CategoricalColumn {
  const codes = b.codes ? b.codes.slice(0, b.rows) : new Int32Array(b.rows).fill(-1);
  if (!b.codes) {
    // Forced categorical on a column of numbers: the numbers' spelling is the label.
    const index = new Map<string, number>();
    for (let r = 0; r < b.rows; r++) {
      const v = b.values[r];
      if (Number.isNaN(v)) continue;
      const s = String(v);
      let k = index.get(s);
      if (k === undefined) {
        k = index.size;
        index.set(s, k);
        b.levels.push(s);
      }
      codes[r] = k;
    }
  }
  return {
    name: b.name,
    kind: 'categorical',
    codes,
    levels: b.levels,
    missing: b.missing,
    constant: b.levels.length <= 1,
  };
}

function timeColumn(b: ColumnBuilder, ms: Float64Array, format: TimeColumn['format']): TimeColumn {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of ms) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return { name: b.name, kind: 'time', ms, missing: b.missing, format, constant: !(hi > lo) };
}

/** Whole numbers in a column named like a time, in the range of unix seconds or milliseconds. */
function unixTime(b: ColumnBuilder): TimeColumn | null {
  if (!TIME_NAME.test(b.name) || b.rows === b.missing) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < b.rows; r++) {
    const v = b.values[r];
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return null;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const unit = unixUnit(lo, hi);
  if (!unit) return null;
  const ms = b.values.slice(0, b.rows);
  if (unit === 's') for (let r = 0; r < ms.length; r++) ms[r] *= 1000;
  return timeColumn(b, ms, unit === 's' ? 'unix-s' : 'unix-ms');
}

/** Every level a date: ISO, or day/month/year in one order (decided from the values, or asked for). */
function textTime(b: ColumnBuilder, asked: DateOrder | undefined, notices: string[]): TimeColumn | null {
  const levels = b.levels;
  if (levels.length === 0 || b.textCells === 0) return null;
  const levelMs = new Float64Array(levels.length);
  let iso = true;
  for (let k = 0; k < levels.length && iso; k++) {
    levelMs[k] = parseIsoDate(levels[k]);
    iso = !Number.isNaN(levelMs[k]);
  }
  let format: TimeColumn['format'] = 'iso';
  if (!iso) {
    const parts = [];
    let dayFirst = false;
    let monthFirst = false;
    for (const s of levels) {
      const p = parseDayMonth(s);
      if (!p) return null;
      if (p.a > 12) dayFirst = true;
      if (p.b > 12) monthFirst = true;
      parts.push(p);
    }
    if (dayFirst && monthFirst) {
      throw new DataError(
        `Column "${b.name}" mixes day/month/year and month/day/year dates (some start with a day over 12, ` +
          'others have one in the middle). Write the dates one way, ideally as ISO 8601 (2024-01-31).',
        null,
        b.name,
        'bad-time',
      );
    }
    let order: DateOrder;
    if (asked) order = asked;
    else if (dayFirst || monthFirst) order = dayFirst ? 'dmy' : 'mdy';
    else {
      order = orderBySequence(b, parts);
      notices.push(
        `Column "${b.name}": the dates could be day/month/year or month/day/year (no part is over 12); ` +
          `read as ${order === 'dmy' ? 'day/month/year' : 'month/day/year'}` +
          ' because that order keeps the rows in time order. Set the date order (dateOrder, --date-order dmy|mdy) if that is wrong.',
      );
    }
    for (let k = 0; k < parts.length; k++) {
      levelMs[k] = parts[k].ms(order);
      if (Number.isNaN(levelMs[k])) return null;
    }
    format = order;
  }
  const ms = new Float64Array(b.rows);
  const codes = b.codes!;
  for (let r = 0; r < b.rows; r++) ms[r] = codes[r] < 0 ? Number.NaN : levelMs[codes[r]];
  return timeColumn(b, ms, format);
}

/** For ambiguous dates: the reading under which consecutive rows go back in time less often. */
function orderBySequence(b: ColumnBuilder, parts: { ms: (o: DateOrder) => number }[]): DateOrder {
  const codes = b.codes!;
  const back = { dmy: 0, mdy: 0 };
  for (const order of ['dmy', 'mdy'] as const) {
    let prev = Number.NaN;
    for (let r = 0; r < b.rows; r++) {
      if (codes[r] < 0) continue;
      const t = parts[codes[r]].ms(order);
      if (Number.isNaN(t)) {
        back[order] = Infinity;
        break;
      }
      if (t < prev) back[order]++;
      prev = t;
    }
  }
  return back.mdy < back.dmy ? 'mdy' : 'dmy';
}
