// Wrappers for dropout.wgsl / dropout_backward.wgsl (CPU twin: src/model/cpu/dropout.ts).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel } from '../gpu/kernel.ts';
import forwardCode from './dropout.wgsl?raw';
import backwardCode from './dropout_backward.wgsl?raw';
import { linearGrid, packUniform } from './grid.ts';

export interface DropoutSpec {
  n: number;
  rate: number;
  seed: number;
  step: GPUBuffer;
  label: string;
}

export function dropoutDispatch(
  arena: BufferArena,
  s: DropoutSpec & { x: GPUBuffer; xOff: number; y: GPUBuffer },
): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'dropout',
    code: forwardCode,
    bindings: ['uniform', 'uniform', 'read', 'storage'],
  });
  const dims = arena.uniform(`${s.label}.dims`, packUniform([s.n, s.seed, s.xOff, 0], [s.rate, 0, 0, 0]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.step, s.x, s.y], s.label),
    ...linearGrid(s.n),
  };
}

export function dropoutBackwardDispatch(arena: BufferArena, s: DropoutSpec & { grad: GPUBuffer }): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'dropout_backward',
    code: backwardCode,
    bindings: ['uniform', 'uniform', 'storage'],
  });
  const dims = arena.uniform(`${s.label}.dims`, packUniform([s.n, s.seed, 0, 0], [s.rate, 0, 0, 0]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.step, s.grad], s.label),
    ...linearGrid(s.n),
  };
}
