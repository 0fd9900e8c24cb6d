// Wrapper for colsum.wgsl (CPU twin: colSum in src/model/cpu/matmul.ts).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel } from '../gpu/kernel.ts';
import code from './colsum.wgsl?raw';
import { packUniform } from './grid.ts';

export function colsumDispatch(
  arena: BufferArena,
  s: { M: number; N: number; a: GPUBuffer; aOff: number; c: GPUBuffer; cOff: number; label: string },
): Dispatch {
  const kernel = getKernel(arena.device, { name: 'colsum', code, bindings: ['uniform', 'read', 'storage'] });
  const dims = arena.uniform(`${s.label}.dims`, packUniform([s.M, s.N, s.aOff, s.cOff]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.a, s.c], s.label),
    x: Math.ceil(s.N / 64),
  };
}
