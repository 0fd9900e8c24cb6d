// Wrapper for reduce_partials.wgsl: the second pass of a split reduction (split.ts), used by the matmul
// and column-sum wrappers. CPU twin: none of its own (the first pass's twin computes the whole sum).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import { linearGrid, packUniform } from './grid.ts';
import code from './reduce_partials.wgsl?raw';

/** c[i] (+)= Σ_s part[s·L + i] for i < L. */
export function reducePartialsDispatch(
  arena: BufferArena,
  s: { L: number; S: number; part: GPUBuffer; c: Operand; accumulate?: boolean; label: string },
): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'reduce_partials',
    code,
    bindings: ['uniform', 'read', 'storage'],
    constants: { ACCUMULATE: !!s.accumulate },
  });
  const dims = arena.uniform(`${s.label}.reduce.dims`, packUniform([s.L, s.S, s.c.offset ?? 0, 0]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, { buffer: s.part }, s.c], `${s.label}.reduce`),
    ...linearGrid(s.L),
  };
}
