// Wrapper for colsum.wgsl (CPU twin: colSum in src/model/cpu/matmul.ts).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import code from './colsum.wgsl?raw';
import { packUniform } from './grid.ts';
import { splitReduction } from './reduce.ts';
import { splitsFor } from './split.ts';

interface ColsumSpec {
  M: number;
  N: number;
  a: Operand;
  c: Operand;
  accumulate?: boolean;
  label: string;
  /** The GPU strategy (tiled kernels elsewhere): long sums may be split over workgroups (split.ts). */
  tiled?: boolean;
}

/**
 * The column sum as one dispatch, or, for many rows over few columns on a GPU (bias gradients over T·B
 * rows), as a split pass into S·N partial sums (an arena buffer) and their reduction (split.ts).
 */
export function colsumDispatches(arena: BufferArena, s: ColsumSpec): Dispatch[] {
  const groups = Math.ceil(s.N / 64);
  const S = splitsFor(arena.device, { tiled: !!s.tiled, groups, length: s.M, outputs: s.N });
  if (S === 1) return [colsumDispatch(arena, s)];
  return splitReduction(
    arena,
    { label: s.label, splits: S, length: s.M, outputs: s.N, c: s.c, accumulate: s.accumulate },
    (part, mSplit, parts) => ({
      ...colsumDispatch(arena, { ...s, accumulate: false, c: { buffer: part } }, mSplit),
      y: parts,
    }),
  );
}

/**
 * c[n] (+)= Σ_m a[m][n] over M rows of N columns; `accumulate` adds to c (later time chunks). With `mSplit`,
 * the first pass of a split sum (colsumDispatches).
 */
export function colsumDispatch(arena: BufferArena, s: ColsumSpec, mSplit = 0): Dispatch {
  // Rows as vec4s where they line up: the same sums, 4 columns per load (see colsum.wgsl).
  const vec4 = s.N % 4 === 0 && (s.a.offset ?? 0) % 4 === 0;
  const kernel = getKernel(arena.device, {
    name: 'colsum',
    code,
    bindings: ['uniform', 'read', 'storage'],
    constants: { ACCUMULATE: !!s.accumulate },
    entryPoint: vec4 ? 'main4' : 'main',
  });
  const dims = arena.uniform(
    `${s.label}.dims`,
    packUniform([s.M, s.N, s.a.offset ?? 0, s.c.offset ?? 0, mSplit, 0, 0, 0]),
  );
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.a, s.c], s.label),
    x: Math.ceil(s.N / 64), // 64 columns per workgroup either way
  };
}
