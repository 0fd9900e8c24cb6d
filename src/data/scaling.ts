// Scaling statistics, fitted on the rows the training windows read (never on validation or test rows),
// saved in the model file and inverted for predictions. Gaps (NaN) are skipped; a constant column gets a
// unit scale, never a division by zero.
import { targetStatName } from './differences.ts';
import type { Preprocessing, Scaler } from './prepare.ts';

export function fitScaler(
  kind: Scaler['kind'],
  names: string[],
  cols: Float32Array[],
  fit: Uint8Array,
): Scaler {
  if (kind === 'none') return { kind, columns: names };
  if (kind === 'minmax') {
    const min: number[] = [];
    const max: number[] = [];
    for (const v of cols) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = 0; r < fit.length; r++) {
        if (!fit[r] || Number.isNaN(v[r])) continue;
        lo = Math.min(lo, v[r]);
        hi = Math.max(hi, v[r]);
      }
      if (lo === Infinity) [lo, hi] = [0, 1];
      min.push(lo);
      max.push(hi > lo ? hi : lo + 1);
    }
    return { kind, columns: names, min, max };
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (const v of cols) {
    let s = 0;
    let n = 0;
    for (let r = 0; r < fit.length; r++) {
      if (!fit[r] || Number.isNaN(v[r])) continue;
      s += v[r];
      n++;
    }
    const m = n > 0 ? s / n : 0;
    let q = 0;
    for (let r = 0; r < fit.length; r++) if (fit[r] && !Number.isNaN(v[r])) q += (v[r] - m) ** 2;
    const sd = n > 0 ? Math.sqrt(q / n) : 0;
    mean.push(m);
    std.push(sd > 0 ? sd : 1);
  }
  return { kind, columns: names, mean, std };
}

/** (v - shift) / scale for column i of the scaler. */
export function scalerTransform(s: Scaler, i: number): { shift: number; scale: number } {
  if (i < 0) return { shift: 0, scale: 1 };
  if (s.kind === 'standard') return { shift: s.mean![i], scale: s.std![i] };
  if (s.kind === 'minmax') return { shift: s.min![i], scale: s.max![i] - s.min![i] };
  return { shift: 0, scale: 1 };
}

/**
 * Undo the scaling of a regression target's head output: its value in the data's units (a change, not a
 * level, when the model predicts differences; differences.ts predictedLevels turns those into levels).
 */
export function unscaleTarget(pre: Preprocessing, target: string, v: number): number {
  const i = pre.scaler.columns.indexOf(targetStatName(pre, target));
  if (i < 0) return v;
  const { shift, scale } = scalerTransform(pre.scaler, i);
  return v * scale + shift;
}

/** (rows, C) row-major, each column scaled with its statistics; gaps become 0 (their windows are unused). */
export function scaleColumns(
  cols: Float32Array[],
  names: string[],
  scaler: Scaler,
  rows: number,
): Float32Array {
  const C = names.length;
  const x = new Float32Array(rows * C);
  names.forEach((f, j) => {
    const { shift, scale } = scalerTransform(scaler, scaler.columns.indexOf(f));
    const v = cols[j];
    for (let r = 0; r < rows; r++) x[r * C + j] = Number.isNaN(v[r]) ? 0 : (v[r] - shift) / scale;
  });
  return x;
}
