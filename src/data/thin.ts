// Thinning a long series for drawing: which points to keep so that no peak or dip is lost. Pure, so the
// worker thins what it sends (a horizon of many steps would otherwise post every window once per step)
// and the charts thin again to their width.

/**
 * Which of `n` points to draw, at most `max` of them, so that no peak or dip is lost: the points are cut
 * into runs of consecutive points, and each run keeps, for every series, its minimum and its maximum (in
 * order, each point once; non-finite values are kept where they are, as gaps). The first and last point
 * are always kept. All of them when there are no more than `max`.
 */
export function minMaxIndices(n: number, series: ArrayLike<number | null>[], max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const perRun = Math.max(1, 2 * series.length);
  const runs = Math.max(1, Math.floor((max - 2) / perRun));
  const keep: number[] = [0];
  const picked = new Set<number>();
  for (let r = 0; r < runs; r++) {
    const start = Math.max(1, Math.floor((r * n) / runs));
    const end = Math.min(n - 1, Math.floor(((r + 1) * n) / runs));
    picked.clear();
    for (const ys of series) {
      let lo = -1;
      let hi = -1;
      let gap = -1;
      for (let i = start; i < end; i++) {
        const v = ys[i];
        if (v === null || !Number.isFinite(v)) {
          if (gap < 0) gap = i;
          continue;
        }
        if (lo < 0 || v < (ys[lo] as number)) lo = i;
        if (hi < 0 || v > (ys[hi] as number)) hi = i;
      }
      if (lo >= 0) picked.add(lo);
      if (hi >= 0) picked.add(hi);
      // A gap is kept as a gap where the run has room for it (a line drawn across it would invent values).
      if (gap >= 0 && picked.size < perRun) picked.add(gap);
    }
    for (const i of [...picked].sort((a, b) => a - b)) keep.push(i);
  }
  keep.push(n - 1);
  return keep;
}
