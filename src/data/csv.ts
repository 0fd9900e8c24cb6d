// Loading a CSV file: bytes or text in, a typed columnar Dataset out (or a DataError). parseCsv is the
// synchronous form (CLI, tests); loadCsv feeds the same reader in slices, reports progress and stops
// when its AbortSignal fires (for a Web Worker or any long file). No DOM: only TextDecoder.
import { type ArrangeOptions, arrange, type SeriesInfo } from './arrange.ts';
import { DataError } from './errors.ts';
import { CsvReader, type Dialect, type DialectOptions } from './reader.ts';
import { checkBytes, checkText, emptyFile } from './sniff.ts';
import type { Table } from './table.ts';
import { type TypingOptions, typeColumn } from './typing.ts';

export interface ParseOptions extends DialectOptions, TypingOptions, ArrangeOptions {}

export interface Dataset extends Table {
  headerRows: number;
  sourceRows: Int32Array | null;
  dialect: Dialect;
  /** The x axis (a time column), or null. */
  time: string | null;
  /** Several series stacked in the file (one id column), or null. */
  series: SeriesInfo | null;
  /** Things the loader decided or changed that the user should know (sorted rows, renamed columns …). */
  notices: string[];
}

export interface LoadProgress {
  /** Characters (text input) or bytes (binary input) read so far, and in all. */
  done: number;
  total: number;
  rows: number;
}

export interface LoadOptions extends ParseOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** Size of the slices fed to the parser between yields (default 1 MiB). */
  sliceSize?: number;
}

type Input = string | Uint8Array | ArrayBuffer;

/** Yields the text of the input in slices; bytes are checked and decoded as UTF-8 on the way. */
function* slices(input: Input, size: number): Generator<[string, boolean, number]> {
  if (typeof input === 'string') {
    const text = checkText(input);
    for (let i = 0; i < text.length || i === 0; i += size) {
      yield [text.slice(i, i + size), i + size >= text.length, Math.min(i + size, text.length)];
    }
    return;
  }
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const start = checkBytes(bytes);
  // Invalid UTF-8 (a Latin-1 file) becomes U+FFFD rather than an error: the numbers still read.
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  for (let i = start; i < bytes.length; i += size) {
    const last = i + size >= bytes.length;
    yield [
      decoder.decode(bytes.subarray(i, i + size), { stream: !last }),
      last,
      Math.min(i + size, bytes.length),
    ];
  }
}

function total(input: Input): number {
  return typeof input === 'string' ? input.length : input.byteLength;
}

export function parseCsv(input: Input, opts: ParseOptions = {}): Dataset {
  const reader = new CsvReader(opts);
  for (const [text, last] of slices(input, 1 << 20)) reader.push(text, last);
  return finish(reader, opts);
}

export async function loadCsv(input: Input, opts: LoadOptions = {}): Promise<Dataset> {
  const reader = new CsvReader(opts);
  const all = total(input);
  for (const [text, last, done] of slices(input, opts.sliceSize ?? 1 << 20)) {
    if (opts.signal?.aborted) throw cancelled();
    reader.push(text, last);
    opts.onProgress?.({ done, total: all, rows: reader.rows });
    // Let the event loop run, so an abort (or a UI update) gets through between slices.
    if (!last) await new Promise((r) => setTimeout(r, 0));
  }
  if (opts.signal?.aborted) throw cancelled();
  return finish(reader, opts);
}

function cancelled(): DataError {
  return new DataError('Loading was cancelled; the previous data is kept.', null, null, 'cancelled');
}

function finish(reader: CsvReader, opts: ParseOptions): Dataset {
  const dialect = reader.dialect;
  if (!dialect || reader.columns.length === 0) throw emptyFile();
  if (reader.rows === 0) {
    throw new DataError(
      dialect.header
        ? 'The file has a header but no data rows. Add rows of values below the header.'
        : 'The file has no data rows.',
      null,
      null,
      dialect.header ? 'header-only' : 'empty',
    );
  }
  const notices = [...reader.notices];
  const columns = reader.columns.map((b) => typeColumn(b, opts, notices));
  const headerRows = reader.headerRows();
  const table = arrange({ rows: reader.rows, columns, headerRows, sourceRows: null }, opts, notices);
  return {
    ...table.table,
    sourceRows: table.table.sourceRows ?? null,
    headerRows,
    dialect,
    time: table.time,
    series: table.series,
    notices,
  };
}
