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
/**
 * Bytes decoded and parsed at a time. 128 KiB measured best on the 1M-row benchmark (bench:data): 1 MiB
 * slices leave papaparse's per-row arrays of a whole megabyte around at once (9× the file in peak memory
 * with the date dictionary, 3.7× without; 128 KiB: 3.2×) and run slower (29 vs 45 MB/s).
 */
const SLICE = 1 << 17;

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
  for (const [text, last] of slices(input, SLICE)) reader.push(text, last);
  return finish(reader, opts);
}

export async function loadCsv(input: Input, opts: LoadOptions = {}): Promise<Dataset> {
  const reader = new CsvReader(opts);
  const all = total(input);
  let lastYield = performance.now();
  for (const [text, last, done] of slices(input, opts.sliceSize ?? SLICE)) {
    if (opts.signal?.aborted) throw cancelled();
    reader.push(text, last);
    // Let the event loop run every ~16 ms of work, so an abort (or a progress update) gets through
    // without paying a timer per slice (browsers clamp nested timers to 4 ms).
    if (!last && performance.now() - lastYield > 16) {
      opts.onProgress?.({ done, total: all, rows: reader.rows });
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
    }
  }
  opts.onProgress?.({ done: all, total: all, rows: reader.rows });
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
  // Each builder's buffers go as soon as its typed column exists, so they are not all alive at once.
  const columns = reader.columns.map((b) => {
    const c = typeColumn(b, opts, notices);
    b.release();
    return c;
  });
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
