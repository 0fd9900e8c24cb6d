// Wrappers for the normalization kernels, forward and backward side by side:
//   forward:  batch_norm_stats | layer_norm_stats → norm_apply
//   backward: norm_param_grads → batch_norm_backward | layer_norm_backward (in place on the gradient)
// CPU twins: src/model/cpu/norm.ts.
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel } from '../gpu/kernel.ts';
import type { NormSpec } from '../model/spec.ts';
import batchBackwardCode from './batch_norm_backward.wgsl?raw';
import batchStatsCode from './batch_norm_stats.wgsl?raw';
import { linearGrid, packUniform } from './grid.ts';
import layerBackwardCode from './layer_norm_backward.wgsl?raw';
import layerStatsCode from './layer_norm_stats.wgsl?raw';
import applyCode from './norm_apply.wgsl?raw';
import paramGradsCode from './norm_param_grads.wgsl?raw';

export interface NormLayerSpec {
  label: string;
  norm: NormSpec;
  T: number;
  B: number;
  H: number;
  /** The layer's LSTM output (h buffer) and the element offset of step 0 in it. */
  x: GPUBuffer;
  xOff: number;
  gammaOff: number;
  betaOff: number;
  /** Batch norm only: offsets of the moving statistics in the params buffer. */
  meanOff: number;
  varOff: number;
  params: GPUBuffer;
  step: GPUBuffer;
  /** Batch norm: 2H; layer norm: 2·T·B. */
  stats: GPUBuffer;
}

function dims(arena: BufferArena, s: NormLayerSpec): GPUBuffer {
  return arena.uniform(
    `${s.label}.dims`,
    packUniform(
      [s.T, s.B, s.H, s.xOff, s.gammaOff, s.betaOff, s.meanOff, s.varOff],
      [s.norm.epsilon, s.norm.momentum, 0, 0],
    ),
  );
}

export function normForwardDispatches(arena: BufferArena, s: NormLayerSpec & { y: GPUBuffer }): Dispatch[] {
  const device = arena.device;
  const u = dims(arena, s);
  const perRow = s.norm.kind === 'layer';
  const stats = perRow
    ? (() => {
        const k = getKernel(device, {
          name: 'layer_norm_stats',
          code: layerStatsCode,
          bindings: ['uniform', 'read', 'storage'],
        });
        return {
          kernel: k,
          group: bindGroup(device, k, [u, s.x, s.stats], `${s.label}.stats`),
          x: Math.ceil((s.T * s.B) / 64),
        };
      })()
    : (() => {
        const k = getKernel(device, {
          name: 'batch_norm_stats',
          code: batchStatsCode,
          bindings: ['uniform', 'uniform', 'read', 'storage', 'storage'],
        });
        return {
          kernel: k,
          group: bindGroup(device, k, [u, s.step, s.x, s.params, s.stats], `${s.label}.stats`),
          x: Math.ceil(s.H / 64),
        };
      })();
  const apply = getKernel(device, {
    name: 'norm_apply',
    code: applyCode,
    bindings: ['uniform', 'read', 'read', 'read', 'storage'],
    constants: { PER_ROW: perRow },
  });
  return [
    stats,
    {
      kernel: apply,
      group: bindGroup(device, apply, [u, s.x, s.params, s.stats, s.y], `${s.label}.apply`),
      ...linearGrid(s.T * s.B * s.H),
    },
  ];
}

/** In place on `grad` (the gradient on the normalized output becomes the gradient on x). */
export function normBackwardDispatches(
  arena: BufferArena,
  s: NormLayerSpec & { grad: GPUBuffer; grads: GPUBuffer },
): Dispatch[] {
  const device = arena.device;
  const u = dims(arena, s);
  const perRow = s.norm.kind === 'layer';
  const sums = arena.storage(`${s.label}.sums`, 2 * s.H);
  const pg = getKernel(device, {
    name: 'norm_param_grads',
    code: paramGradsCode,
    bindings: ['uniform', 'uniform', 'read', 'read', 'read', 'storage', 'storage'],
    constants: { PER_ROW: perRow },
  });
  const paramGrads: Dispatch = {
    kernel: pg,
    group: bindGroup(device, pg, [u, s.step, s.x, s.grad, s.stats, s.grads, sums], `${s.label}.dparams`),
    x: Math.ceil(s.H / 64),
  };
  if (perRow) {
    const k = getKernel(device, {
      name: 'layer_norm_backward',
      code: layerBackwardCode,
      bindings: ['uniform', 'read', 'read', 'read', 'storage'],
    });
    return [
      paramGrads,
      {
        kernel: k,
        group: bindGroup(device, k, [u, s.x, s.params, s.stats, s.grad], `${s.label}.dx`),
        x: Math.ceil((s.T * s.B) / 64),
      },
    ];
  }
  const k = getKernel(device, {
    name: 'batch_norm_backward',
    code: batchBackwardCode,
    bindings: ['uniform', 'uniform', 'read', 'read', 'read', 'read', 'storage'],
  });
  return [
    paramGrads,
    {
      kernel: k,
      group: bindGroup(device, k, [u, s.step, s.x, s.params, s.stats, sums, s.grad], `${s.label}.dx`),
      ...linearGrid(s.T * s.B * s.H),
    },
  ];
}
