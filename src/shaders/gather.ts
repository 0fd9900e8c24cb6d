// Wrapper for gather.wgsl (CPU twin: src/model/cpu/gather.ts).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
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
  y: GPUBuffer;
}

/** Steps t0 … t0+n-1 of x (T, B, F), bound as `x`; the chunk with t0 = 0 also writes y. */
export interface GatherChunk {
  t0: number;
  n: number;
  x: Operand;
}

export function gatherDispatches(arena: BufferArena, s: GatherSpec, chunks: GatherChunk[]): Dispatch[] {
  const kernel = getKernel(arena.device, {
    name: 'gather',
    code,
    bindings: ['uniform', 'uniform', 'read', 'read', 'read', 'storage', 'storage'],
  });
  return chunks.map((c) => {
    const dims = arena.uniform(
      'gather.dims',
      packUniform([s.T, s.B, s.F, s.Ty, s.horizon, s.rows, c.t0, c.n, c.x.offset ?? 0, 0, 0, 0]),
    );
    const group = bindGroup(arena.device, kernel, [dims, s.step, s.seriesX, s.seriesY, s.order, c.x, s.y]);
    const ys = c.t0 === 0 ? s.B * s.horizon * s.Ty : 0;
    return { kernel, group, ...linearGrid(c.n * s.B * s.F + ys) };
  });
}
