// Numbers written as text (model files, predictions, previews) parse back to the same float32.

/** Shortest decimal that parses back to the same float32 (so files are small and exact). */
export function float32ToJsonNumber(x: number): number {
  const f = Math.fround(x);
  if (f === 0) return 0;
  for (let p = 6; p <= 9; p++) {
    const v = Number(f.toPrecision(p));
    if (Math.fround(v) === f) {
      // Try shorter only when 6 digits already round-trip (most weights need 7–9).
      if (p === 6) {
        for (let q = 1; q < 6; q++) {
          const w = Number(f.toPrecision(q));
          if (Math.fround(w) === f) return w;
        }
      }
      return v;
    }
  }
  return f;
}

/** A number a float32 cannot hold (it would become ±Infinity): 1e39, or 1e999 (already Infinity). */
export function beyondFloat32(x: number): boolean {
  const f = Math.fround(x);
  return f === Infinity || f === -Infinity;
}
