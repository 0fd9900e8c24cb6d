// CPU twin of src/shaders/gather.wgsl: cut a batch of windows out of the series.
// The window ending at row r covers rows r-T+1 … r and predicts rows r+1 … r+horizon.
import type { Arr } from './arrays.ts';

export function gatherWindows(
  sx: Float32Array, // (rows, F)
  sy: Float32Array, // (rows, Ty)
  rows: number,
  ends: Int32Array,
  count: number,
  T: number,
  B: number,
  F: number,
  Ty: number,
  horizon: number,
  x: Arr, // (T, B, F)
  y: Arr, // (B, horizon·Ty)
): void {
  for (let b = 0; b < B; b++) {
    // Padding rows repeat the first window; the loss ignores them.
    const r = ends[b < count ? b : 0];
    for (let t = 0; t < T; t++) {
      const src = (r - T + 1 + t) * F;
      const dst = (t * B + b) * F;
      for (let f = 0; f < F; f++) x[dst + f] = sx[src + f];
    }
    for (let s = 0; s < horizon; s++) {
      // Past the last row only predictions are wanted; the target is 0 there (as on the GPU).
      const row = r + 1 + s;
      for (let j = 0; j < Ty; j++) y[b * horizon * Ty + s * Ty + j] = row < rows ? sy[row * Ty + j] : 0;
    }
  }
}
