// Mixed absolute/relative comparison (llm.c check_tensor): |a - e| <= atol + rtol·|e| for every element.
// Fails with the first mismatch, its index, and the largest difference seen.
export interface Tolerance {
  atol: number;
  rtol: number;
}

export function closeReport(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
): { ok: boolean; message: string } {
  if (actual.length !== expected.length) {
    return { ok: false, message: `length ${actual.length} != expected ${expected.length}` };
  }
  let first = -1;
  let maxDiff = 0;
  let maxAt = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    const bad = !(d <= tol.atol + tol.rtol * Math.abs(expected[i]));
    if (bad && first < 0) first = i;
    if (!(d <= maxDiff)) {
      maxDiff = d;
      maxAt = i;
    }
  }
  if (first < 0) return { ok: true, message: `max |diff| ${maxDiff.toExponential(2)} at ${maxAt}` };
  return {
    ok: false,
    message:
      `element ${first}: got ${actual[first]}, expected ${expected[first]} ` +
      `(atol ${tol.atol}, rtol ${tol.rtol}); max |diff| ${maxDiff} at ${maxAt} of ${actual.length}`,
  };
}

export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  what = '',
): void {
  const r = closeReport(actual, expected, tol);
  if (!r.ok) throw new Error(`${what ? `${what}: ` : ''}${r.message}`);
}

/** Largest |x| (a loop: spreading large arrays into Math.max overflows the stack). */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
