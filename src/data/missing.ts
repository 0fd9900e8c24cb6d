// Missing-value policies, applied within one series segment at a time (a gap is never filled from
// another series). 'drop' fills nothing: the windows touching a gap are left out (see windows.ts).
// Forward-fill and linear interpolation leave leading (and, for linear, trailing) gaps, whose windows
// are then dropped too.
export type MissingPolicy = 'drop' | 'ffill' | 'linear';

export function fillGaps(v: Float32Array, starts: Int32Array, policy: MissingPolicy): Float32Array {
  if (policy === 'drop' || !v.some(Number.isNaN)) return v;
  const out = v.slice();
  for (let s = 0; s + 1 < starts.length; s++) {
    const a = starts[s];
    const b = starts[s + 1];
    if (policy === 'ffill') {
      for (let r = a + 1; r < b; r++) if (Number.isNaN(out[r])) out[r] = out[r - 1];
      continue;
    }
    let prev = -1;
    for (let r = a; r < b; r++) {
      if (Number.isNaN(out[r])) continue;
      if (prev >= 0 && r - prev > 1) {
        const step = (out[r] - out[prev]) / (r - prev);
        for (let k = prev + 1; k < r; k++) out[k] = out[prev] + step * (k - prev);
      }
      prev = r;
    }
  }
  return out;
}
