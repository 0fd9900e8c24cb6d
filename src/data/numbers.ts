// Cells as numbers: plain JavaScript number syntax, plus the locale forms spreadsheets write — a decimal
// comma (1,5 in semicolon files) and thousands separators (1,234.5 · 1.234,5 · 1 234,5 · 1'234.5).

/** Spellings of a missing value, compared case-insensitively after trimming. */
export const MISSING_SPELLINGS = ['', 'na', 'n/a', 'nan', 'null', 'none', '-', '?', '#n/a'];
const MISSING = new Set(MISSING_SPELLINGS);

export function isMissing(cell: string): boolean {
  return cell.length <= 4 && MISSING.has(cell.trim().toLowerCase());
}

export type DecimalMark = '.' | ',';

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const GROUPED_POINT = /^[+-]?\d{1,3}([, '\u00a0\u202f]\d{3})+(\.\d+)?$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}([. '\u00a0\u202f]\d{3})+(,\d+)?$/;
const GROUP_CHARS = /[., '\u00a0\u202f]/g;

/** The number a cell holds, or NaN when it is not one (missing cells are handled by the caller). */
export function parseNumber(raw: string, decimal: DecimalMark): number {
  const s = raw.trim();
  if (PLAIN.test(s)) {
    // "1.234" in a decimal-comma file is one thousand two hundred and thirty-four.
    if (decimal === ',' && GROUPED_COMMA.test(s)) return Number(s.replace(GROUP_CHARS, ''));
    return Number(s);
  }
  if (decimal === ',') {
    if (COMMA_DECIMAL.test(s)) return Number(s.replace(',', '.'));
    if (GROUPED_COMMA.test(s)) {
      const comma = s.lastIndexOf(',');
      const int = (comma >= 0 ? s.slice(0, comma) : s).replace(GROUP_CHARS, '');
      return Number(comma >= 0 ? `${int}.${s.slice(comma + 1)}` : int);
    }
    return Number.NaN;
  }
  if (GROUPED_POINT.test(s)) return Number(s.replace(/[, '\u00a0\u202f]/g, ''));
  // Infinity, 0x1F and the like are not data values; NaN marks the cell as unreadable.
  return Number.NaN;
}

/** Whether a column's cells use a decimal comma: seen from a sample of cells of a non-comma file. */
export function detectDecimalComma(cells: string[], delimiter: string): boolean {
  if (delimiter === ',') return false;
  let comma = 0;
  let point = 0;
  for (const c of cells) {
    const s = c.trim();
    if (COMMA_DECIMAL.test(s) || /^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(s)) comma++;
    else if (/^[+-]?\d*\.\d+$/.test(s) && !/^[+-]?\d{1,3}\.\d{3}$/.test(s)) point++;
  }
  return comma > 0 && comma >= point;
}
