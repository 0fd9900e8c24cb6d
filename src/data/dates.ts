// Date and time cells → milliseconds since 1970 (UTC; a value without a zone is read as UTC so that no
// machine's time zone changes the data). ISO 8601 dates and date-times, day/month/year and
// month/day/year with / . or - between the parts, and unix seconds or milliseconds in numeric columns.

export type DateOrder = 'dmy' | 'mdy';

const ISO =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;
const YMD_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DMY =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return Number.NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // 31 February rolls over into March in Date.UTC: refuse it.
  return new Date(t).getUTCDate() === d ? t : Number.NaN;
}

function fraction(f: string | undefined): number {
  return f ? Math.round(Number(`0.${f}`) * 1000) : 0;
}

function zoneOffsetMs(z: string | undefined): number {
  if (!z || z === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** ISO 8601 and year-first forms; NaN when the cell is not one. */
export function parseIsoDate(s: string): number {
  let m = ISO.exec(s);
  if (m) {
    const t = utc(+m[1], +m[2], m[3] ? +m[3] : 1, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), fraction(m[7]));
    return t - zoneOffsetMs(m[8]);
  }
  m = YMD_SLASH.exec(s);
  if (m) return utc(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  return Number.NaN;
}

export interface DayFirstParts {
  a: number;
  b: number;
  ms: (order: DateOrder) => number;
}

/** d/m/y or m/d/y: both readings, decided later from the whole column. */
export function parseDayMonth(s: string): DayFirstParts | null {
  const m = DMY.exec(s);
  if (!m) return null;
  const a = +m[1];
  const b = +m[3];
  let y = +m[4];
  if (m[4].length === 2) y += y < 70 ? 2000 : 1900;
  let h = +(m[5] ?? 0);
  const pm = m[8]?.toLowerCase();
  if (pm === 'pm' && h < 12) h += 12;
  if (pm === 'am' && h === 12) h = 0;
  const mi = +(m[6] ?? 0);
  const sec = +(m[7] ?? 0);
  return {
    a,
    b,
    ms: (order) => (order === 'dmy' ? utc(y, b, a, h, mi, sec) : utc(y, a, b, h, mi, sec)),
  };
}

/** Column names that say "this is a time". */
export const TIME_NAME =
  /^(time|date|datetime|timestamp|ds|day|month|year|period|epoch|unix|ts)$|(time|date)$/i;

/** Unix seconds or milliseconds (1973 … 2096), by magnitude; null when the values are neither. */
export function unixUnit(min: number, max: number): 'ms' | 's' | null {
  if (min >= 1e8 && max <= 4e9) return 's';
  if (min >= 1e11 && max <= 4e12) return 'ms';
  return null;
}

/** ISO text for a time: date only when it falls on midnight, else date and time. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
