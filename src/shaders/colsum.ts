// Wrapper for colsum.wgsl (CPU twin: colSum in src/model/cpu/matmul.ts).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import code from './colsum.wgsl?raw';
import { packUniform } from './grid.ts';

/** c[n] (+)= Σ_m a[m][n] over M rows of N columns; `accumulate` adds to c (later time chunks). */
export function colsumDispatch(
  arena: BufferArena,
  s: { M: number; N: number; a: Operand; c: Operand; accumulate?: boolean; label: string },
): Dispatch {
  // Rows as vec4s where they line up: the same sums, 4 columns per load (see colsum.wgsl).
  const vec4 = s.N % 4 === 0 && (s.a.offset ?? 0) % 4 === 0;
  const kernel = getKernel(arena.device, {
    name: 'colsum',
    code,
    bindings: ['uniform', 'read', 'storage'],
    constants: { ACCUMULATE: !!s.accumulate },
    entryPoint: vec4 ? 'main4' : 'main',
  });
  const dims = arena.uniform(`${s.label}.dims`, packUniform([s.M, s.N, s.a.offset ?? 0, s.c.offset ?? 0]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.a, s.c], s.label),
    x: Math.ceil(s.N / 64), // 64 columns per workgroup either way
  };
}
