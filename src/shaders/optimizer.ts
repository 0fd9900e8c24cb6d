// Wrappers for grad_norm.wgsl + optimizer.wgsl: global-norm clipping and the update of every parameter,
// two dispatches over the flat buffers. CPU twin: src/model/optimizer.ts.
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel } from '../gpu/kernel.ts';
import type { OptimizerConfig } from '../model/optimizer.ts';
import normCode from './grad_norm.wgsl?raw';
import { linearGrid, packUniform } from './grid.ts';
import code from './optimizer.wgsl?raw';

export const NORM_GROUPS = 64;
const KIND = { sgd: 0, rmsprop: 1, adam: 2, adamw: 3 } as const;

export interface OptimizerSpec {
  total: number;
  cfg: OptimizerConfig;
  clipNorm: number | null;
  step: GPUBuffer;
  params: GPUBuffer;
  grads: GPUBuffer;
  partials: GPUBuffer;
  s0: GPUBuffer;
  s1: GPUBuffer;
}

export function optimizerDispatches(arena: BufferArena, s: OptimizerSpec): Dispatch[] {
  const device = arena.device;
  const norm = getKernel(device, {
    name: 'grad_norm',
    code: normCode,
    bindings: ['uniform', 'read', 'storage'],
  });
  const normDims = arena.uniform('grad_norm.dims', packUniform([s.total, 0, 0, 0]));
  const opt = getKernel(device, {
    name: 'optimizer',
    code,
    bindings: ['uniform', 'uniform', 'read', 'read', 'storage', 'storage', 'storage'],
    constants: { KIND: KIND[s.cfg.kind], NESTEROV: s.cfg.nesterov, PARTIALS: NORM_GROUPS },
  });
  const c = s.cfg;
  const hyper = arena.uniform(
    'optimizer.hyper',
    packUniform(
      [s.total, 0, 0, 0],
      [s.clipNorm ?? 0, c.momentum, c.rho, c.beta1, c.beta2, c.epsilon, c.weightDecay, 0],
    ),
  );
  const update: Dispatch = {
    kernel: opt,
    group: bindGroup(device, opt, [hyper, s.step, s.partials, s.grads, s.params, s.s0, s.s1], 'optimizer'),
    ...linearGrid(s.total),
  };
  // Without clipping the optimizer never reads the norm (its scale is 1 when clip ≤ 0), so the norm's
  // dispatch is left out: on SwiftShader its barrier tree cost 10% of a W2 step.
  if (!s.clipNorm || s.clipNorm <= 0) return [update];
  return [
    {
      kernel: norm,
      group: bindGroup(device, norm, [normDims, s.grads, s.partials], 'grad_norm'),
      x: NORM_GROUPS,
    },
    update,
  ];
}
