// Windows by the row they end on. The window ending at r reads rows r-T+1 … r and predicts r+1 … r+h;
// it must lie inside one series segment, and (after the missing-value policy) touch no gap.

/** Window-end rows r = T-1, T-1+stride, … whose targets r+1 … r+horizon exist (or, for inference, any r). */
export function windowEnds(
  rows: number,
  window: number,
  horizon: number,
  stride: number,
  needTargets = true,
): Int32Array {
  const last = needTargets ? rows - 1 - horizon : rows - 1;
  const first = window - 1;
  if (last < first) return new Int32Array(0);
  const n = Math.floor((last - first) / stride) + 1;
  return Int32Array.from({ length: n }, (_, k) => first + k * stride);
}

/** Prefix counts of rows flagged bad, so "any gap in rows a…b" is one subtraction. */
export function gapIndex(rows: number, bad: (r: number) => boolean): Int32Array {
  const p = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) p[r + 1] = p[r] + (bad(r) ? 1 : 0);
  return p;
}

export interface SegmentWindows {
  /** Valid window ends of each segment, in order. */
  perSegment: Int32Array[];
  /** Windows left out because they touch a gap. */
  dropped: number;
}

export function segmentWindows(
  starts: Int32Array,
  window: number,
  horizon: number,
  stride: number,
  needTargets: boolean,
  inputGaps: Int32Array,
  targetGaps: Int32Array | null,
  /** Rows at each segment's start that no window may read (1 for differenced inputs). */
  lead = 0,
): SegmentWindows {
  const perSegment: Int32Array[] = [];
  let dropped = 0;
  for (let s = 0; s + 1 < starts.length; s++) {
    const a = Math.min(starts[s] + lead, starts[s + 1]);
    const ends = windowEnds(starts[s + 1] - a, window, horizon, stride, needTargets);
    const ok: number[] = [];
    for (const e0 of ends) {
      const e = e0 + a;
      const gapIn = inputGaps[e + 1] - inputGaps[e + 1 - window] > 0;
      const gapOut = targetGaps !== null && targetGaps[e + 1 + horizon] - targetGaps[e + 1] > 0;
      if (gapIn || gapOut) dropped++;
      else ok.push(e);
    }
    perSegment.push(Int32Array.from(ok));
  }
  return { perSegment, dropped };
}
