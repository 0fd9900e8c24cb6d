// Wrappers for dropout.wgsl / dropout_backward.wgsl (CPU twin: src/model/cpu/dropout.ts).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import forwardCode from './dropout.wgsl?raw';
import backwardCode from './dropout_backward.wgsl?raw';
import { linearGrid, packUniform } from './grid.ts';

export interface DropoutSpec {
  n: number;
  /** Global index of the first element (a time chunk's start): the mask bits follow the global index. */
  i0: number;
  rate: number;
  seed: number;
  step: GPUBuffer;
  label: string;
}

export function dropoutDispatch(arena: BufferArena, s: DropoutSpec & { x: Operand; y: Operand }): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'dropout',
    code: forwardCode,
    bindings: ['uniform', 'uniform', 'read', 'storage'],
  });
  const dims = arena.uniform(
    `${s.label}.dims`,
    packUniform([s.n, s.seed, s.x.offset ?? 0, s.y.offset ?? 0, s.i0, 0, 0, 0], [s.rate, 0, 0, 0]),
  );
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.step, s.x, s.y], s.label),
    ...linearGrid(s.n),
  };
}

export function dropoutBackwardDispatch(arena: BufferArena, s: DropoutSpec & { grad: Operand }): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'dropout_backward',
    code: backwardCode,
    bindings: ['uniform', 'uniform', 'storage'],
  });
  const dims = arena.uniform(
    `${s.label}.dims`,
    packUniform([s.n, s.seed, 0, s.grad.offset ?? 0, s.i0, 0, 0, 0], [s.rate, 0, 0, 0]),
  );
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, s.step, s.grad], s.label),
    ...linearGrid(s.n),
  };
}
