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

/**
 * Whether the column will be typed from its text (categorical, or dates written as text) rather than from
 * its numbers: then rows read as numbers before the first text cell need their spelling (`respell`).
 */
export function typedFromText(b: ColumnBuilder, opts: TypingOptions): boolean {
  if (opts.categorical?.includes(b.name)) return true;
  if (b.iso) return false;
  return b.codes !== null && b.textCells > (b.rows - b.missing) * (1 - NUMERIC_SHARE);
}

export function typeColumn(b: ColumnBuilder, opts: TypingOptions, notices: string[]): Column {
  if (b.unspelled > 0 && typedFromText(b, opts)) {
    throw new Error(`column "${b.name}": rows read as numbers have no text yet (respell before typing)`);
  }
  const forceCategorical = opts.categorical?.includes(b.name) ?? false;
  if (!typedFromText(b, opts)) {
    if (b.iso) return timeColumn(b, float64Rows(b), 'iso');
    return unixTime(b) ?? numeric(b);
  }
  if (!forceCategorical) {
    const time = textTime(b, opts.dateOrder, notices);
    if (time) return time;
  }
  return categorical(b);
}

/**
 * The first `rows` entries of a builder's array. An array sized from the reader's estimate (a few per cent
 * over) is kept and viewed, not copied: a copy would briefly hold the column twice (the peak-memory
 * target); an array with much more room (grown by doubling) is copied so the spare room is not kept.
 */
function trimmed<T extends Float32Array | Float64Array | Int32Array>(a: T, rows: number): T {
  if (a.length === rows) return a;
  return (a.length - rows <= rows / 16 ? a.subarray(0, rows) : a.slice(0, rows)) as T;
}

/** The builder's values as `rows` float64s (its own array when it is one). */
function float64Rows(b: ColumnBuilder): Float64Array {
  const v = b.values;
  return v instanceof Float64Array ? trimmed(v, b.rows) : Float64Array.from(v.subarray(0, b.rows));
}

function numeric(b: ColumnBuilder): NumericColumn {
  const v = b.values;
  const values = v instanceof Float32Array ? trimmed(v, b.rows) : Float32Array.from(v.subarray(0, b.rows));
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < values.length; r++) {
    const x = values[r];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return {
    name: b.name,
    kind: 'numeric',
    values,
    missing: b.missing,
    invalid: b.textCells + b.tooLarge,
    firstInvalid:
      b.firstTooLarge && (!b.firstText || b.firstTooLarge.row < b.firstText.row)
        ? b.firstTooLarge
        : b.firstText,
    constant: !(hi > lo),
  };
}

function categorical(b: ColumnBuilder): CategoricalColumn {
  // Every column typed from text has codes: the reader keeps them from the first row for a column asked
  // for as categorical, and from the first text cell otherwise (earlier rows respelled).
  const codes = b.codes!;
  return {
    name: b.name,
    kind: 'categorical',
    codes: trimmed(codes, b.rows),
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
  const ms = float64Rows(b);
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
