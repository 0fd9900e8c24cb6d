// Wrapper for transpose_texture.wgsl (no CPU twin needed: the CPU backend indexes U either way).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel } from '../gpu/kernel.ts';
import { linearGrid, packUniform } from './grid.ts';
import code from './transpose_texture.wgsl?raw';

/** Mᵀ of a (R, C) matrix at element srcOff of src into texels (xOff …, 0 …) of dst; R % 4 = 0. */
export function transposeTextureDispatch(
  arena: BufferArena,
  s: {
    R: number;
    C: number;
    src: GPUBuffer;
    srcOff: number;
    dst: GPUTextureView;
    xOff?: number;
    label: string;
  },
): Dispatch {
  if (s.R % 4 !== 0) throw new Error(`internal: transposeTextureDispatch needs R % 4 = 0 (got R ${s.R})`);
  const kernel = getKernel(arena.device, {
    name: 'transpose_texture',
    code,
    bindings: ['uniform', 'read', 'texture-write'],
  });
  const dims = arena.uniform(`${s.label}.dims`, packUniform([s.R, s.C, s.srcOff, s.xOff ?? 0]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.src, { textureView: s.dst }], s.label),
    ...linearGrid((s.R / 4) * s.C),
  };
}
