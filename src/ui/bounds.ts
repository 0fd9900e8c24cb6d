// The forms check numbers against the same bounds the config schema enforces (CONFIG_BOUNDS in
// src/model/config.ts), so a value the form accepts is one training accepts, and the hint says the range.
import type { Bound } from '../model/config.ts';

/** A bound in the units a form shows (e.g. a fraction shown as a percentage: scale 100). */
export function scaled(b: Bound, scale: number): Bound {
  return {
    ...b,
    // toPrecision: 0.9 × 100 is 90.00000000000001 in binary floating point; the form shows 90.
    min: b.min === undefined ? undefined : Number((b.min * scale).toPrecision(12)),
    max: b.max === undefined ? undefined : Number((b.max * scale).toPrecision(12)),
  };
}

export function withinBound(n: number, b: Bound): boolean {
  if (!Number.isFinite(n)) return false;
  if (b.integer && !Number.isInteger(n)) return false;
  if (b.min !== undefined && (b.exclusiveMin ? n <= b.min : n < b.min)) return false;
  if (b.max !== undefined && (b.exclusiveMax ? n >= b.max : n > b.max)) return false;
  return true;
}

/** "A whole number ≥ 1 and ≤ 10000", "A number > 0": what the field takes, for its hint. */
export function describeBound(b: Bound): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`${b.exclusiveMin ? '>' : '≥'} ${b.min}`);
  if (b.max !== undefined) parts.push(`${b.exclusiveMax ? '<' : '≤'} ${b.max}`);
  return `${b.integer ? 'A whole number' : 'A number'}${parts.length > 0 ? ` ${parts.join(' and ')}` : ''}`;
}

/** What the user typed, as a value the bound allows, or null (then the field shows describeBound). */
export function parseBounded(text: string, b: Bound): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return withinBound(n, b) ? n : null;
}
