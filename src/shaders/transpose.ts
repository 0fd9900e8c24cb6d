// Wrapper for transpose.wgsl (the CPU backend needs no twin: it indexes U either way).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel } from '../gpu/kernel.ts';
import { linearGrid, packUniform } from './grid.ts';
import code from './transpose.wgsl?raw';

export function transposeDispatch(
  arena: BufferArena,
  s: { R: number; C: number; src: GPUBuffer; srcOff: number; dst: GPUBuffer; dstOff?: number; label: string },
): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'transpose',
    code,
    bindings: ['uniform', 'read', 'storage'],
  });
  const dims = arena.uniform(`${s.label}.dims`, packUniform([s.R, s.C, s.srcOff, s.dstOff ?? 0]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.src, s.dst], s.label),
    ...linearGrid(s.R * s.C),
  };
}
