// A small CSV reader for numeric time series with a header row: comma, semicolon or tab delimited,
// CRLF or LF, a UTF-8 BOM, double-quoted fields. A column whose values are not all numbers becomes
// categorical (class labels). Missing values (empty, NA, NaN, null) are counted per column.
import { DataError, fileRow } from './errors.ts';
import type { Column, Table } from './table.ts';

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);

function detectDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 1 ? counts[0][0] : ',';
}

function splitLine(line: string, delim: string): string[] {
  if (!line.includes('"')) return line.split(delim);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parseCsv(text: string): Table {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (clean.includes('\u0000')) {
    throw new DataError('The file looks binary (it contains NUL bytes). Save it as a UTF-8 CSV text file.');
  }
  const lines = clean.split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0)
    throw new DataError('The file is empty. Choose a CSV file with a header row and data rows.');
  const delim = detectDelimiter(lines[0]);
  const header = splitLine(lines[0], delim).map((h) => h.trim());
  if (lines.length < 2) {
    throw new DataError('The file has a header but no data rows. Add rows of values below the header.');
  }
  header.forEach((h, i) => {
    if (h === '') header[i] = `col${i + 1}`;
  });
  const n = lines.length - 1;
  const raw: string[][] = header.map(() => new Array<string>(n));
  for (let r = 0; r < n; r++) {
    const cells = splitLine(lines[r + 1], delim);
    if (cells.length !== header.length) {
      throw new DataError(
        `Row ${fileRow(r)} has ${cells.length} fields but the header has ${header.length}. ` +
          'Fix that row so every row has one value per column.',
        r,
      );
    }
    for (let c = 0; c < header.length; c++) raw[c][r] = cells[c].trim();
  }
  const columns: Column[] = header.map((name, c) => toColumn(name, raw[c]));
  return { rows: n, columns };
}

function toColumn(name: string, cells: string[]): Column {
  const values = new Float32Array(cells.length);
  let missing = 0;
  let numeric = true;
  for (let r = 0; r < cells.length; r++) {
    const s = cells[r];
    if (MISSING.has(s.toLowerCase())) {
      values[r] = Number.NaN;
      missing++;
      continue;
    }
    const v = Number(s);
    if (!Number.isFinite(v)) {
      numeric = false;
      break;
    }
    values[r] = v;
  }
  if (numeric) return { name, kind: 'numeric', values, missing };
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(cells.length);
  missing = 0;
  for (let r = 0; r < cells.length; r++) {
    const s = cells[r];
    if (MISSING.has(s.toLowerCase())) {
      codes[r] = -1;
      missing++;
      continue;
    }
    let k = index.get(s);
    if (k === undefined) {
      k = levels.length;
      levels.push(s);
      index.set(s, k);
    }
    codes[r] = k;
  }
  return { name, kind: 'categorical', codes, levels, missing };
}
