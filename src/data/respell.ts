// A second, partial pass over the file for the rare column that holds numbers (or ISO dates) for a while
// and then text, and so ends up categorical: while streaming, its first rows were stored as numbers only
// (keeping every cell's text would cost a string per cell in every numeric column), so their labels are
// read again from the file here, as written ("007", "1.50"), not as the numbers print ("7", "1.5").
// Only the rows before each such column's first text cell are needed, so the pass stops there.
import type { ColumnBuilder } from './column-builder.ts';
import { CsvReader, type Dialect } from './reader.ts';

export class RespellReader extends CsvReader {
  /** Rows to read: the pass can stop once `rows` reaches this. */
  readonly upTo: number;
  private readonly targets: { index: number; builder: ColumnBuilder; old: string[] }[];

  /** `columns`: the first pass's builders; those with `unspelled` rows are given their text. */
  constructor(dialect: Dialect, columns: ColumnBuilder[], which: (b: ColumnBuilder) => boolean) {
    super({ delimiter: dialect.delimiter, header: dialect.header, decimal: dialect.decimal });
    this.targets = columns
      .map((builder, index) => ({ index, builder, old: [] as string[] }))
      .filter((t) => t.builder.unspelled > 0 && which(t.builder));
    this.upTo = Math.max(0, ...this.targets.map((t) => t.builder.unspelled));
    for (const t of this.targets) t.old = t.builder.beginRespell();
  }

  get needed(): boolean {
    return this.targets.length > 0;
  }

  get finished(): boolean {
    return this.rows >= this.upTo;
  }

  /** After the pass: the rest of each column's rows keep their labels, indexed after the respelled ones. */
  end(): void {
    if (!this.finished) throw new Error(`respell stopped at row ${this.rows} of ${this.upTo}`);
    for (const t of this.targets) t.builder.endRespell(t.old);
  }

  protected override take(cells: string[]): void {
    const r = this.rows;
    for (const t of this.targets) if (r < t.builder.unspelled) t.builder.respell(r, cells[t.index]);
  }
}
