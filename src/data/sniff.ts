// Byte-level checks before any parsing: what is plainly not a UTF-8 text file is refused with a reason
// (UTF-16 exports from Excel, spreadsheets saved as .xlsx, images, JSON such as a model file), and the
// UTF-8 BOM is dropped.
import { DataError } from './errors.ts';

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Throws for UTF-16 and binary content; returns where the text starts (after a UTF-8 BOM). */
export function checkBytes(bytes: Uint8Array): number {
  if (bytes.length === 0) throw emptyFile();
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) throw utf16();
  if (ZIP.every((b, i) => bytes[i] === b)) {
    throw new DataError(
      'The file is a ZIP archive (an .xlsx workbook?), not CSV text. In the spreadsheet, use "Save as" → "CSV UTF-8".',
      null,
      null,
      'binary',
    );
  }
  checkSample(bytes.subarray(0, 4096));
  const start = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  checkNotJson(bytes.subarray(start, start + 4096));
  return start;
}

/** Text already decoded (e.g. by the browser): the same checks on its first characters. */
export function checkText(text: string): string {
  if (text.length === 0) throw emptyFile();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sample = body.slice(0, 4096);
  const codes = new Uint8Array(sample.length);
  for (let i = 0; i < sample.length; i++) codes[i] = Math.min(sample.charCodeAt(i), 0xff);
  checkSample(codes);
  checkNotJson(codes);
  return body;
}

function checkSample(s: Uint8Array): void {
  let nul = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < s.length; i++) {
    const b = s[i];
    if (b === 0) {
      nul++;
      if (i % 2 === 1) nulOdd++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  // UTF-16 without a BOM: every other byte of ASCII text is NUL.
  if (nul > s.length / 4 && (nulOdd > nul * 0.9 || nulOdd < nul * 0.1)) throw utf16();
  if (nul > 0 || control > s.length / 20) {
    throw new DataError(
      'The file looks binary (it contains NUL or control bytes), not CSV text. Export the data as a UTF-8 CSV file.',
      null,
      null,
      'binary',
    );
  }
}

/**
 * A JSON object (a model file opened as data, most often) would otherwise fail as a CSV with an unclosed
 * quote on row 1. No CSV header starts with "{" followed by a quoted name.
 */
function checkNotJson(s: Uint8Array): void {
  let i = 0;
  while (i < s.length && (s[i] === 0x20 || s[i] === 0x09 || s[i] === 0x0a || s[i] === 0x0d)) i++;
  if (s[i] !== 0x7b) return; // {
  i++;
  while (i < s.length && (s[i] === 0x20 || s[i] === 0x09 || s[i] === 0x0a || s[i] === 0x0d)) i++;
  if (i < s.length && s[i] !== 0x22 && s[i] !== 0x7d) return; // " or }
  throw new DataError(
    'The file is JSON, not CSV text. Data is a CSV file with a header row; a model file exported from ' +
      'webgpu-lstm is imported as a model instead ("Import model file…" in the app, `predict MODEL DATA` or ' +
      '`--init` in the CLI).',
    null,
    null,
    'json',
  );
}

export function emptyFile(): DataError {
  return new DataError(
    'The file is empty. Choose a CSV file with a header row and rows of values.',
    null,
    null,
    'empty',
  );
}

function utf16(): DataError {
  return new DataError(
    'The file is UTF-16 text (as Excel\'s "Unicode Text" export writes it). Save it as "CSV UTF-8" instead.',
    null,
    null,
    'utf16',
  );
}
