// Wrapper for loss.wgsl (CPU twin: src/model/cpu/loss.ts).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel } from '../gpu/kernel.ts';
import type { LossKind } from '../model/spec.ts';
import { packUniform } from './grid.ts';
import code from './loss.wgsl?raw';

const KIND: Record<LossKind, number> = { mse: 0, mae: 1, huber: 2, crossentropy: 3 };

export interface LossSpec {
  kind: LossKind;
  B: number;
  O: number;
  classes: number;
  huberDelta: number;
  step: GPUBuffer;
  pred: GPUBuffer;
  target: GPUBuffer;
  dPred: GPUBuffer;
  log: GPUBuffer;
  label: string;
}

export function lossDispatch(arena: BufferArena, s: LossSpec): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'loss',
    code,
    bindings: ['uniform', 'uniform', 'storage', 'read', 'storage', 'storage'],
    constants: { KIND: KIND[s.kind] },
  });
  const dims = arena.uniform(
    `${s.label}.dims`,
    packUniform([s.B, s.O, s.classes, 0], [s.huberDelta, 0, 0, 0]),
  );
  const group = bindGroup(arena.device, kernel, [dims, s.step, s.pred, s.target, s.dPred, s.log], s.label);
  return { kernel, group, x: 1 };
}
