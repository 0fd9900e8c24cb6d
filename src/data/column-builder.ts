// One column while the file streams in: numbers go straight into a typed array (no string is kept for
// them); from the first cell that is not a number on, the column also keeps its text, dictionary-encoded,
// so it can still become a time or categorical column when the file ends.
// A column whose cells are all ISO 8601 dates (the usual timestamp column, with a distinct string on every
// row) keeps their times instead of their text, so a million timestamps cost 8 MB, not a dictionary of a
// million strings; a first cell that is not an ISO date turns it back into text.
// Memory (issue 3: peak < 3× the file size): numbers are stored as float32, what a numeric column ends up
// as anyway, unless the column may hold times (named like a time: unix seconds or ms need float64, and
// ISO dates are kept as float64 ms). Growth asks the reader how many rows the file will have (estimated
// from the bytes per row so far), so a big file's columns are allocated about once, at their final size,
// instead of doubling (at the last doubling the old and new arrays of every column coexist).
import { parseIsoDate, TIME_NAME } from './dates.ts';
import { beyondFloat32 } from './float32.ts';
import { type DecimalMark, isMissing, parseNumber } from './numbers.ts';

const FIRST_CAPACITY = 1024;

export interface BuilderOptions {
  decimal: DecimalMark;
  /** Keep the text of every cell from the first row on (a column the caller wants categorical). */
  labels?: boolean;
  /** Rows the whole file is expected to have, or 0 when unknown (then the arrays double). */
  expectedRows?: () => number;
}

export class ColumnBuilder {
  values: Float32Array | Float64Array;
  rows = 0;
  missing = 0;
  /** Cells that are text, not numbers. */
  textCells = 0;
  firstText: { row: number; text: string } | null = null;
  /** Numbers beyond float32's range (stored as NaN, so they never reach a model as ±Infinity). */
  tooLarge = 0;
  firstTooLarge: { row: number; text: string } | null = null;
  codes: Int32Array | null = null;
  levels: string[] = [];
  /** null: undecided; true: every present cell so far is an ISO date, `values` holds its epoch ms. */
  iso: boolean | null = null;
  /**
   * Rows before this one were read as numbers or ISO dates before the column turned to text: their codes
   * are placeholders (-1) until `respell` gives them the cells' text as written in the file.
   */
  unspelled = 0;
  private index = new Map<string, number>();
  private readonly decimal: DecimalMark;
  private readonly expectedRows: () => number;

  constructor(
    readonly name: string,
    opts: BuilderOptions,
  ) {
    this.decimal = opts.decimal;
    this.expectedRows = opts.expectedRows ?? (() => 0);
    this.values = TIME_NAME.test(name) ? new Float64Array(FIRST_CAPACITY) : new Float32Array(FIRST_CAPACITY);
    if (opts.labels) {
      this.codes = new Int32Array(FIRST_CAPACITY);
      this.iso = false;
    }
  }

  push(raw: string): void {
    const r = this.rows++;
    if (r === this.values.length) this.grow();
    if (this.iso !== false && this.pushIso(raw, r)) return;
    let v: number;
    const c0 = raw.charCodeAt(0);
    // Fast path for the common plain number (digit, sign or dot first; not 0x…/0b…/0o…).
    if (
      this.decimal === '.' &&
      ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46) &&
      (v = +raw) === v &&
      v !== Infinity &&
      v !== -Infinity &&
      !(c0 === 48 && raw.length > 2 && /^0[xbo]/i.test(raw))
    ) {
      this.values[r] = beyondFloat32(v) ? this.outOfRange(r, raw) : v;
      if (this.codes) this.codes[r] = this.intern(raw.trim());
      return;
    }
    if (isMissing(raw)) {
      this.values[r] = Number.NaN;
      this.missing++;
      if (this.codes) this.codes[r] = -1;
      return;
    }
    v = parseNumber(raw, this.decimal);
    this.values[r] = beyondFloat32(v) ? this.outOfRange(r, raw) : v;
    if (Number.isNaN(v)) {
      this.textCells++;
      if (!this.firstText) {
        this.firstText = { row: r, text: raw.trim() };
        if (!this.codes) this.startText(r);
      }
    }
    if (this.codes) this.codes[r] = this.intern(raw.trim());
  }

  /** Drops the buffers once the typed column has copied what it needs (levels stay with the column). */
  release(): void {
    this.values = new Float32Array(0);
    this.codes = null;
    this.levels = [];
    this.index = new Map();
  }

  /** Back to text for rows before `upTo` (their text comes later, from `respell`). */
  private leaveIso(upTo: number): void {
    this.startText(upTo);
    for (let i = 0; i < upTo; i++) this.values[i] = Number.NaN;
    this.iso = false;
  }

  /** Starts giving the unspelled rows their text: the labels are rebuilt in row order. */
  beginRespell(): string[] {
    const old = this.levels;
    this.levels = [];
    this.index = new Map();
    return old;
  }

  /** Row `r` (< unspelled) as written in the file. */
  respell(r: number, raw: string): void {
    this.codes![r] = isMissing(raw) ? -1 : this.intern(raw.trim());
  }

  /** The rows after the unspelled ones keep their labels, re-indexed after the respelled ones. */
  endRespell(old: string[]): void {
    const codes = this.codes!;
    for (let r = this.unspelled; r < this.rows; r++)
      codes[r] = codes[r] < 0 ? -1 : this.intern(old[codes[r]]);
    this.unspelled = 0;
  }

  private outOfRange(r: number, raw: string): number {
    this.tooLarge++;
    this.firstTooLarge ??= { row: r, text: raw.trim() };
    return Number.NaN;
  }

  /** Stores an ISO date (or a gap) while the column is all dates; false when the cell ends that. */
  private pushIso(raw: string, r: number): boolean {
    if (isMissing(raw)) {
      if (this.iso === null) return false; // undecided: the ordinary path counts it
      this.values[r] = Number.NaN;
      this.missing++;
      return true;
    }
    // Only a column that has had nothing but gaps (or dates) so far can be a date column.
    const text = raw.trim();
    const ms = this.iso || this.rows - 1 === this.missing ? parseIsoDate(text) : Number.NaN;
    if (!Number.isNaN(ms)) {
      // float32 cannot hold epoch ms: a column not named like a time widens at its first date.
      if (this.iso === null && this.values instanceof Float32Array)
        this.values = Float64Array.from(this.values);
      this.iso = true;
      this.values[r] = ms;
      this.textCells++;
      this.firstText ??= { row: r, text };
      return true;
    }
    if (this.iso) this.leaveIso(r);
    this.iso = false;
    return false;
  }

  /**
   * The column turns to text at row `upTo`: the rows before it hold numbers (or dates), whose spelling in
   * the file ("007", "1.50") is not kept while streaming; they get it from `respell` if the column ends
   * up as labels (placeholders -1 until then).
   */
  private startText(upTo: number): void {
    this.codes = new Int32Array(this.values.length);
    this.codes.fill(-1, 0, upTo);
    this.unspelled = upTo;
  }

  private intern(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.levels.length;
      this.levels.push(s);
      this.index.set(s, k);
    }
    return k;
  }

  private grow(): void {
    const n = this.values.length;
    // The estimate plus 2 % (rows vary in length); never less than an eighth more than now.
    const want = Math.ceil(this.expectedRows() * 1.02) + 16;
    const size = want > n ? Math.max(want, n + (n >> 3)) : n * 2;
    const values = this.values instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
    values.set(this.values);
    this.values = values;
    if (this.codes) {
      const codes = new Int32Array(size);
      codes.set(this.codes);
      this.codes = codes;
    }
  }
}
