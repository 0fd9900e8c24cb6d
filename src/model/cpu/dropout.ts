// CPU twin of src/shaders/dropout.wgsl: inverted dropout with a counter-based mask, so the backward
// pass (and the GPU) recompute the same mask from (seed, step, index) instead of storing it.
import { dropoutKeep } from '../random.ts';
import type { Arr } from './arrays.ts';

/** Per-layer mask seed, so layers draw independent masks from one run seed. */
export function layerDropoutSeed(seed: number, layer: number): number {
  return (seed + Math.imul(layer + 1, 0x9e3779b9)) >>> 0;
}

/** out[i] = keep(i) ? x[i] / (1 - rate) : 0 — used for both the activations and their gradient. */
export function dropoutApply(x: Arr, out: Arr, n: number, rate: number, seed: number, step: number): void {
  const s = 1 / (1 - rate);
  for (let i = 0; i < n; i++) out[i] = dropoutKeep(seed, step, i, rate) ? x[i] * s : 0;
}
