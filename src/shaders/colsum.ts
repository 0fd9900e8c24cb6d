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
  const kernel = getKernel(arena.device, {
    name: 'colsum',
    code,
    bindings: ['uniform', 'read', 'storage'],
    constants: { ACCUMULATE: !!s.accumulate },
  });
  const dims = arena.uniform(`${s.label}.dims`, packUniform([s.M, s.N, s.a.offset ?? 0, s.c.offset ?? 0]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.a, s.c], s.label),
    x: Math.ceil(s.N / 64),
  };
}
