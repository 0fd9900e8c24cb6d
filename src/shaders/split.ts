// How many workgroups to split a long reduction over on a GPU. A weight-gradient matmul (dW, dU: K = T·B
// rows) or a bias-gradient column sum has few outputs and a long sum: W1's dU is 16 tiles of 64×64 walking
// K = 8,192, W3's bias sum 16 workgroups walking 16,384 rows, so a GPU of 100+ cores runs them on a few
// of them, each one long loop. Splitting the sum into S parts gives S times the workgroups; each writes its
// partial sums and reduce_partials.wgsl adds them up. CPU emulators (the direct kernels) never split: one
// workgroup runs on one thread there, and there are only a few cores.

/** Enough workgroups to fill a large GPU (an H100 has 132 SMs) about twice. */
const TARGET_GROUPS = 256;
/** Each part still sums at least this many rows (shorter parts cost more in partials than they save). */
const MIN_PART = 256;
const MAX_SPLITS = 16;
/** Partial sums stay well inside the smallest storage binding a device must allow (128 MiB). */
const MAX_PARTIAL_BYTES = 64 * 2 ** 20;

import type { BufferArena } from '../gpu/arena.ts';
import { kernelTuning } from './tuning.ts';

/**
 * Parts to split a sum of `length` terms into, for a reduction that has `groups` workgroups unsplit and
 * `outputs` results: a power of two from 1 to 16. `step` is the granularity a part's length rounds up to
 * (the kernel's K tile). Always 1 where the kernels are not tiled (CPU emulators).
 */
export function splitsFor(
  device: GPUDevice,
  s: { tiled: boolean; groups: number; length: number; outputs: number; step?: number },
): number {
  if (!s.tiled) return 1;
  const fixed = kernelTuning(device).splits;
  let splits = 1;
  while (
    splits < MAX_SPLITS &&
    s.groups * splits < TARGET_GROUPS &&
    s.length / (2 * splits) >= MIN_PART &&
    2 * splits * s.outputs * 4 <= MAX_PARTIAL_BYTES
  )
    splits *= 2;
  if (fixed !== undefined) splits = fixed;
  return Math.max(1, Math.min(splits, Math.ceil(s.length / (s.step ?? 1))));
}

/** Terms per part: `length` in `splits` parts, rounded up to a multiple of `step`. */
export function partLength(length: number, splits: number, step = 1): number {
  return Math.ceil(Math.ceil(length / splits) / step) * step;
}

const partials = new WeakMap<BufferArena, Map<string, GPUBuffer>>();

/**
 * The partial sums' buffer of the reduction named `label`: one per runtime and label, reused by its time
 * chunks (their dispatches run in order, each pass reading its partials before the next chunk's writes), so
 * a chunked sequence does not hold one per chunk. Owned by the arena like every other buffer.
 */
export function partialsBuffer(arena: BufferArena, label: string, floats: number): GPUBuffer {
  let byLabel = partials.get(arena);
  if (!byLabel) partials.set(arena, (byLabel = new Map()));
  const held = byLabel.get(label);
  if (held && held.size >= floats * 4) return held;
  const buffer = arena.storage(`${label}.partials`, floats);
  byLabel.set(label, buffer);
  return buffer;
}
