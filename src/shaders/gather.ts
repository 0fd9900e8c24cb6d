// Wrapper for gather.wgsl (CPU twin: src/model/cpu/gather.ts).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel } from '../gpu/kernel.ts';
import code from './gather.wgsl?raw';
import { linearGrid, packUniform } from './grid.ts';

export interface GatherSpec {
  T: number;
  B: number;
  F: number;
  Ty: number;
  horizon: number;
  rows: number;
  step: GPUBuffer;
  seriesX: GPUBuffer;
  seriesY: GPUBuffer;
  order: GPUBuffer;
  x: GPUBuffer;
  y: GPUBuffer;
}

export function gatherDispatch(arena: BufferArena, s: GatherSpec): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'gather',
    code,
    bindings: ['uniform', 'uniform', 'read', 'read', 'read', 'storage', 'storage'],
  });
  const dims = arena.uniform('gather.dims', packUniform([s.T, s.B, s.F, s.Ty, s.horizon, s.rows, 0, 0]));
  const group = bindGroup(arena.device, kernel, [dims, s.step, s.seriesX, s.seriesY, s.order, s.x, s.y]);
  return { kernel, group, ...linearGrid(s.T * s.B * s.F + s.B * s.horizon * s.Ty) };
}
