// Wrappers for the fused per-timestep LSTM kernels, forward and backward side by side.
// CPU twins: lstmForward / lstmBackward in src/model/cpu/lstm.ts.
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroupSized, type Dispatch, getKernel } from '../gpu/kernel.ts';
import { packUniform } from './grid.ts';
import backwardCode from './lstm_cell_backward.wgsl?raw';
import forwardCode from './lstm_cell_forward.wgsl?raw';

export const CELL_UNITS_PER_GROUP = 16;
export const CELL_ROWS_PER_GROUP = 8;
/** Stride of the per-timestep uniform entries (the dynamic-offset alignment). */
export const TIMESTEP_STRIDE = 256;

/** T entries of {t}, one per 256 bytes, selected with a dynamic offset per dispatch. */
export function timestepUniform(arena: BufferArena, T: number): GPUBuffer {
  const data = new Uint32Array((T * TIMESTEP_STRIDE) / 4);
  for (let t = 0; t < T; t++) data[(t * TIMESTEP_STRIDE) / 4] = t;
  return arena.uniform('timesteps', data);
}

export interface CellSpec {
  label: string;
  T: number;
  B: number;
  H: number;
  /** Element offset of the recurrent kernel U (H, 4H) in the params buffer. */
  uOff: number;
  params: GPUBuffer;
  timesteps: GPUBuffer;
}

function grid(B: number, H: number) {
  return { x: Math.ceil(H / CELL_UNITS_PER_GROUP), y: Math.ceil(B / CELL_ROWS_PER_GROUP) };
}

/** T dispatches, t = 0 … T-1. gates holds Z = X·W + b on entry. */
export function cellForwardDispatches(
  arena: BufferArena,
  s: CellSpec & { gates: GPUBuffer; c: GPUBuffer; h: GPUBuffer },
): Dispatch[] {
  const kernel = getKernel(arena.device, {
    name: 'lstm_cell_forward',
    code: forwardCode,
    bindings: ['uniform', 'dynamic-uniform', 'read', 'storage', 'storage', 'storage'],
  });
  const dims = arena.uniform(`${s.label}.fwd.dims`, packUniform([s.B, s.H, s.uOff, 0]));
  const group = bindGroupSized(
    arena.device,
    kernel,
    [
      { buffer: dims },
      { buffer: s.timesteps, size: 16 },
      { buffer: s.params },
      { buffer: s.gates },
      { buffer: s.c },
      { buffer: s.h },
    ],
    `${s.label}.fwd`,
  );
  const g = grid(s.B, s.H);
  return Array.from({ length: s.T }, (_, t) => ({
    kernel,
    group,
    ...g,
    dynamicOffsets: [t * TIMESTEP_STRIDE],
  }));
}

/** T dispatches, t = T-1 … 0, writing dZ (T, B, 4H). */
export function cellBackwardDispatches(
  arena: BufferArena,
  s: CellSpec & { gates: GPUBuffer; c: GPUBuffer; dhOut: GPUBuffer; dz: GPUBuffer; carry: GPUBuffer },
): Dispatch[] {
  const kernel = getKernel(arena.device, {
    name: 'lstm_cell_backward',
    code: backwardCode,
    bindings: ['uniform', 'dynamic-uniform', 'read', 'read', 'read', 'read', 'storage', 'storage'],
  });
  const dims = arena.uniform(`${s.label}.bwd.dims`, packUniform([s.B, s.H, s.uOff, s.T]));
  const group = bindGroupSized(
    arena.device,
    kernel,
    [
      { buffer: dims },
      { buffer: s.timesteps, size: 16 },
      { buffer: s.params },
      { buffer: s.gates },
      { buffer: s.c },
      { buffer: s.dhOut },
      { buffer: s.dz },
      { buffer: s.carry },
    ],
    `${s.label}.bwd`,
  );
  const g = grid(s.B, s.H);
  return Array.from({ length: s.T }, (_, i) => ({
    kernel,
    group,
    ...g,
    dynamicOffsets: [(s.T - 1 - i) * TIMESTEP_STRIDE],
  }));
}
