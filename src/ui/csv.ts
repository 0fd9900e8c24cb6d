// A small RFC 4180 CSV reader for the sample-dataset preview. The training pipeline parses files with
// src/data (typed errors with row/column); this one only has to show the bundled samples.

export type ColumnKind = 'numeric' | 'text';

export interface Column {
  name: string;
  kind: ColumnKind;
  /** Raw cell text, one per row. */
  text: string[];
  /** Parsed numbers for numeric columns (NaN for empty cells); empty for text columns. */
  values: Float64Array;
}

export interface Table {
  columns: Column[];
  rowCount: number;
}

/** Splits CSV text into rows of cells (quoted fields, doubled quotes, CRLF or LF line ends). */
export function splitCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell.length > 0 || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

/** Parses CSV text with a header row into columns, inferring numeric columns. */
export function parseCsv(source: string): Table {
  const rows = splitCsv(source.replace(/^\uFEFF/, ''));
  if (rows.length === 0) throw new Error('The file is empty: expected a header row.');
  const header = rows[0].map((h) => h.trim());
  const body = rows.slice(1);
  const columns = header.map((name, c): Column => {
    const text = body.map((r) => (r[c] ?? '').trim());
    const numbers = text.map((t) => (t === '' ? Number.NaN : Number(t)));
    const numeric =
      text.some((t) => t !== '') && text.every((t, i) => t === '' || Number.isFinite(numbers[i]));
    return {
      name,
      kind: numeric ? 'numeric' : 'text',
      text,
      values: numeric ? Float64Array.from(numbers) : new Float64Array(0),
    };
  });
  return { columns, rowCount: body.length };
}
