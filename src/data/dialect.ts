// How a file is written, guessed from its first part: line ending, delimiter, whether the first row is a
// header, decimal mark. Each guess can be overridden by a parse option.
import Papa from 'papaparse';
import { parseDayMonth, parseIsoDate } from './dates.ts';
import { type DecimalMark, detectDecimalComma, isMissing, parseNumber } from './numbers.ts';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export function detectNewline(head: string): '\r\n' | '\n' | '\r' {
  // Outside quotes would be exact; the first line break is right for all but files whose header
  // itself holds a quoted line break.
  const n = head.indexOf('\n');
  const r = head.indexOf('\r');
  if (r >= 0 && (n < 0 || r < n)) return head[r + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}

/** Rows of the sample (without a last line that may be cut off), split with a delimiter. */
export function sampleRows(
  head: string,
  delimiter: string,
  newline: '\r\n' | '\n' | '\r',
  complete: boolean,
): string[][] {
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  const rows = parser.parse(head, 0, !complete).data as string[][];
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

/** The delimiter that splits the sample's lines into the same number of fields most consistently. */
export function detectDelimiter(head: string, newline: '\r\n' | '\n' | '\r', complete: boolean): Delimiter {
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const rows = sampleRows(head, d, newline, complete).slice(0, 50);
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 1;
    let modeRows = 0;
    for (const [fields, n] of counts)
      if (n > modeRows || (n === modeRows && fields > mode)) [mode, modeRows] = [fields, n];
    if (mode < 2) continue;
    // Consistency first, then more fields (a "1,5" inside a semicolon file splits less evenly).
    const score = (modeRows / rows.length) * 1000 + Math.min(mode, 999);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function looksLikeData(cell: string, decimal: DecimalMark): boolean {
  const s = cell.trim();
  return (
    !Number.isNaN(parseNumber(s, decimal)) || !Number.isNaN(parseIsoDate(s)) || parseDayMonth(s) !== null
  );
}

/**
 * The first row is a header unless every cell in it reads as a number or a date (a header names columns;
 * names are text). Missing-looking cells do not count either way.
 */
export function detectHeader(first: string[], decimal: DecimalMark): boolean {
  const cells = first.filter((c) => !isMissing(c));
  if (cells.length === 0) return true;
  return !cells.every((c) => looksLikeData(c, decimal));
}

export function detectDecimal(rows: string[][], delimiter: string): DecimalMark {
  const cells: string[] = [];
  for (const r of rows.slice(1, 200)) cells.push(...r);
  return detectDecimalComma(cells, delimiter) ? ',' : '.';
}
