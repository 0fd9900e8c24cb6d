// The streaming core: text arrives in pieces (any size, cut anywhere), papaparse splits it into rows
// with full RFC 4180 quoting, and each cell goes straight into its column builder. The first piece
// (64 KiB or the whole file) decides the dialect. Nothing here waits: the drivers in csv.ts decide when
// to yield, so the same reader serves a synchronous CLI and a cancellable Web Worker.
import Papa from 'papaparse';
import { ColumnBuilder } from './column-builder.ts';
import {
  type Delimiter,
  detectDecimal,
  detectDelimiter,
  detectHeader,
  detectNewline,
  sampleRows,
} from './dialect.ts';
import { DataError, fileRow } from './errors.ts';
import type { DecimalMark } from './numbers.ts';

const SAMPLE_CHARS = 64 * 1024;

export interface DialectOptions {
  delimiter?: Delimiter;
  /** true: the first row names the columns; false: it is data; absent: guessed. */
  header?: boolean;
  decimal?: DecimalMark;
  /** Columns kept as text from the first row (read as labels even when they hold numbers). */
  categorical?: string[];
}

export interface Dialect {
  delimiter: Delimiter;
  newline: '\r\n' | '\n' | '\r';
  decimal: DecimalMark;
  header: boolean;
}

export class CsvReader {
  dialect: Dialect | null = null;
  columns: ColumnBuilder[] = [];
  rows = 0;
  readonly notices: string[] = [];
  private pending = '';
  private partial = '';
  private base = 0;
  private parser: Papa.Parser | null = null;
  private headerDone = false;
  /** Records parsed so far, header and blank lines included (for messages about quotes). */
  private records = 0;
  /** Rows the file is expected to hold (0: unknown), from the bytes per row read so far. */
  private expected = 0;

  /** `total`: the input's size in the unit of `push`'s `done` (bytes or characters), 0 if unknown. */
  constructor(
    private readonly opts: DialectOptions = {},
    private readonly total = 0,
  ) {}

  /**
   * Feed the next piece of text; `last` marks the end of the file. `done`: how much of the input (in the
   * unit of `total`) has been fed, this piece included; it lets the column builders size their arrays.
   */
  push(text: string, last: boolean, done = 0): void {
    if (!this.parser) {
      this.pending += text;
      if (this.pending.length < SAMPLE_CHARS && !last) return;
      this.start(this.pending, last);
      text = this.pending;
      this.pending = '';
    }
    const aggregate = this.partial + text;
    const result = this.parser!.parse(aggregate, this.base, !last);
    for (const e of result.errors as Papa.ParseError[]) {
      if (e.type === 'Quotes') {
        throw new DataError(
          `Row ${(this.records + (e.row ?? 0) + 1).toLocaleString('en-US')}: a quoted field is never closed (a " is missing). ` +
            'Close the quote, or remove the stray " character.',
          this.rows,
          null,
          'bad-quotes',
        );
      }
    }
    const cursor = result.meta.cursor as number;
    if (!last) {
      this.partial = aggregate.substring(cursor - this.base);
      this.base = cursor;
    }
    const data = result.data as string[][];
    // The rows this piece completes are known before any is stored: they give the bytes per row.
    if (this.total > 0 && done > 0) this.expected = ((this.rows + data.length) * this.total) / done;
    this.records += data.length;
    for (const row of data) this.row(row);
  }

  headerRows(): number {
    return this.dialect?.header === false ? 0 : 1;
  }

  private start(head: string, complete: boolean): void {
    const newline = detectNewline(head);
    const delimiter = this.opts.delimiter ?? detectDelimiter(head, newline, complete);
    const sample = sampleRows(head, delimiter, newline, complete);
    const decimal = this.opts.decimal ?? detectDecimal(sample, delimiter);
    const header = this.opts.header ?? (sample.length > 0 ? detectHeader(sample[0], decimal) : true);
    this.dialect = { delimiter, newline, decimal, header };
    if (decimal === ',') this.notices.push('Numbers use a decimal comma (1,5 = 1.5).');
    this.parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  }

  private row(cells: string[]): void {
    if (cells.length === 1 && cells[0].trim() === '') return; // a blank line
    if (!this.headerDone) {
      this.headerDone = true;
      this.makeColumns(cells);
      if (this.dialect!.header) return;
    }
    const n = this.columns.length;
    // A delimiter after the last field of every line (some exports write one) is not a column.
    if (cells.length === n + 1 && cells[n].trim() === '') cells.pop();
    if (cells.length !== n) {
      throw new DataError(
        `Row ${fileRow(this.rows, this.headerRows())} has ${cells.length} field${cells.length === 1 ? '' : 's'} but ${
          this.dialect!.header ? 'the header has' : 'the first row has'
        } ${n}. Fix that row so every row has one value per column (a field holding "${this.dialect!.delimiter}" must be in double quotes).`,
        this.rows,
        null,
        'ragged',
      );
    }
    this.take(cells);
    this.rows++;
  }

  /** Stores one data row (`this.rows` is its index); a second pass over the file takes other things. */
  protected take(cells: string[]): void {
    for (let c = 0; c < cells.length; c++) this.columns[c].push(cells[c]);
  }

  private makeColumns(first: string[]): void {
    const { header, decimal } = this.dialect!;
    if (first.length > 1 && first[first.length - 1].trim() === '' && header) first = first.slice(0, -1);
    let names: string[];
    if (header) {
      names = first.map((h, i) => h.trim() || `col${i + 1}`);
      const seen = new Map<string, number>();
      const renamed: string[] = [];
      names = names.map((name) => {
        const k = (seen.get(name) ?? 0) + 1;
        seen.set(name, k);
        if (k === 1) return name;
        let unique = `${name}_${k}`;
        while (names.includes(unique)) unique += '_';
        renamed.push(`"${name}" → "${unique}"`);
        return unique;
      });
      if (renamed.length > 0) {
        this.notices.push(`Column names repeat; renamed ${renamed.join(', ')} so each is unique.`);
      }
    } else {
      names = first.map((_, i) => `col${i + 1}`);
      this.notices.push(
        `The first row holds values, not column names: the columns are named ${names[0]}…${names[names.length - 1]}. ` +
          'If the first row is a header, set header: true.',
      );
    }
    const expectedRows = () => this.expected;
    const labels = this.opts.categorical ?? [];
    this.columns = names.map(
      (name) => new ColumnBuilder(name, { decimal, labels: labels.includes(name), expectedRows }),
    );
  }
}
