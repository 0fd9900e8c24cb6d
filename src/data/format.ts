// Text written for people and spreadsheets (predictions CSV): DOM-free, shared by the CLI and the app.
import { float32ToJsonNumber } from './float32.ts';

/** A CSV field, quoted when it holds a delimiter, a quote or a line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Numbers in outputs: the shortest decimal that reads back as the same float32 (6–9 significant digits,
 * the engine's precision), so predictions and the `_true` values they sit beside are equally exact.
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  return String(float32ToJsonNumber(x));
}
