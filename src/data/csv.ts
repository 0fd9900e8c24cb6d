// Loading a CSV file: bytes or text in, a typed columnar Dataset out (or a DataError). parseCsv is the
// synchronous form (CLI, tests); loadCsv feeds the same reader in slices, reports progress and stops
// when its AbortSignal fires (for a Web Worker or any long file). No DOM: only TextDecoder.
import { type ArrangeOptions, arrange, type SeriesInfo } from './arrange.ts';
import { DataError } from './errors.ts';
import { CsvReader, type Dialect, type DialectOptions } from './reader.ts';
import { RespellReader } from './respell.ts';
import { checkBytes, checkText, emptyFile } from './sniff.ts';
import type { Table } from './table.ts';
import { type TypingOptions, typeColumn, typedFromText } from './typing.ts';

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
  /** Size of the slices fed to the parser between yields (default 64 KiB). */
  sliceSize?: number;
}

type Input = string | Uint8Array | ArrayBuffer;

/**
 * Bytes decoded and parsed at a time. Measured on the 1M-row benchmark (bench:data, peak memory ÷ file
 * size and MB/s, two runs each, one session, float32 pre-sized builders): 256 KiB 2.8× 46–48 MB/s,
 * 128 KiB 2.6–2.7× 49–50 MB/s, 64 KiB 2.2× 52–55 MB/s, 32 and 16 KiB the same as 64 (1 MiB, measured
 * earlier with float64 builders: 3.7× and 29 MB/s). A larger slice leaves more of papaparse's per-row
 * arrays alive at once, and a decoded slice over 128 KiB lands in V8's large-object space.
 */
const SLICE = 1 << 16;

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

/** Feeds the input to the reader slice by slice, yielding how much of it has been read after each. */
function* feed(reader: CsvReader, input: Input, size: number): Generator<number> {
  for (const [text, last, done] of slices(input, size)) {
    reader.push(text, last, done);
    yield done;
  }
}

export function parseCsv(input: Input, opts: ParseOptions = {}): Dataset {
  const reader = new CsvReader(opts, total(input));
  for (const _ of feed(reader, input, SLICE));
  const again = respeller(reader, opts);
  if (again) {
    for (const _ of feed(again, input, SLICE)) if (again.finished) break;
    again.end();
  }
  return finish(reader, opts);
}

export async function loadCsv(input: Input, opts: LoadOptions = {}): Promise<Dataset> {
  const all = total(input);
  const reader = new CsvReader(opts, all);
  const size = opts.sliceSize ?? SLICE;
  let lastYield = performance.now();
  // Let the event loop run every ~16 ms of work, so an abort (or a progress update) gets through
  // without paying a timer per slice (browsers clamp nested timers to 4 ms).
  const breathe = async (done: number, progress: boolean) => {
    if (done < all && performance.now() - lastYield > 16) {
      if (progress) opts.onProgress?.({ done, total: all, rows: reader.rows });
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
    }
    if (opts.signal?.aborted) throw cancelled();
  };
  if (opts.signal?.aborted) throw cancelled();
  for (const done of feed(reader, input, size)) await breathe(done, true);
  opts.onProgress?.({ done: all, total: all, rows: reader.rows });
  const again = respeller(reader, opts);
  if (again) {
    for (const done of feed(again, input, size)) {
      if (again.finished) break;
      await breathe(done, false);
    }
    again.end();
  }
  return finish(reader, opts);
}

/** The second pass for columns that turned from numbers to text, or null when no column needs one. */
function respeller(reader: CsvReader, opts: ParseOptions): RespellReader | null {
  if (!reader.dialect || !reader.columns.some((b) => b.unspelled > 0)) return null;
  const again = new RespellReader(reader.dialect, reader.columns, (b) => typedFromText(b, opts));
  return again.needed ? again : null;
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
