// One column while the file streams in: numbers go straight into a growing Float64Array (no string is
// kept for them); from the first cell that is not a number on, the column also keeps its text,
// dictionary-encoded, so it can still become a time or categorical column when the file ends.
// A column whose cells are all ISO 8601 dates (the usual timestamp column, with a distinct string on every
// row) keeps their times instead of their text, so a million timestamps cost 8 MB, not a dictionary of a
// million strings; a first cell that is not an ISO date turns it back into text.
import { parseIsoDate } from './dates.ts';
import { type DecimalMark, isMissing, parseNumber } from './numbers.ts';

export class ColumnBuilder {
  values = new Float64Array(1024);
  rows = 0;
  missing = 0;
  /** Cells that are text, not numbers. */
  textCells = 0;
  firstText: { row: number; text: string } | null = null;
  codes: Int32Array | null = null;
  levels: string[] = [];
  /** null: undecided; true: every present cell so far is an ISO date, `values` holds its epoch ms. */
  iso: boolean | null = null;
  private index = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly decimal: DecimalMark,
  ) {}

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
      this.values[r] = v;
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
    this.values[r] = v;
    if (Number.isNaN(v)) {
      this.textCells++;
      if (!this.firstText) {
        this.firstText = { row: r, text: raw.trim() };
        this.startText(r);
      }
    }
    if (this.codes) this.codes[r] = this.intern(raw.trim());
  }

  /** Drops the buffers once the typed column has copied what it needs (levels stay with the column). */
  release(): void {
    this.values = new Float64Array(0);
    this.codes = null;
    this.levels = [];
    this.index = new Map();
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

  /** Back to text for rows before `upTo`: the dates' ISO spelling becomes their label. */
  leaveIso(upTo: number): void {
    this.codes = new Int32Array(this.values.length);
    for (let i = 0; i < upTo; i++) {
      const t = this.values[i];
      this.codes[i] = Number.isNaN(t) ? -1 : this.intern(new Date(t).toISOString());
      this.values[i] = Number.NaN;
    }
    this.iso = false;
  }

  /** Rows before the first text cell get their numbers' spelling as text. */
  private startText(upTo: number): void {
    this.codes = new Int32Array(this.values.length);
    for (let i = 0; i < upTo; i++) {
      const v = this.values[i];
      this.codes[i] = Number.isNaN(v) ? -1 : this.intern(String(v));
    }
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
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
    if (this.codes) {
      const codes = new Int32Array(values.length);
      codes.set(this.codes);
      this.codes = codes;
    }
  }
}
