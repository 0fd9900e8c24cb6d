// Wrappers for the normalization kernels, forward and backward side by side:
//   forward:  batch_norm_stats | layer_norm_stats → norm_apply
//   backward: norm_param_grads → batch_norm_backward | layer_norm_backward (in place on the gradient)
// CPU twins: src/model/cpu/norm.ts.
import type { BufferArena } from '../gpu/arena.ts';
import {
  type BindingKind,
  bindGroup,
  type Dispatch,
  getKernel,
  type Kernel,
  type Operand,
} from '../gpu/kernel.ts';
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
  gammaOff: number;
  betaOff: number;
  /** Batch norm only: offsets of the moving statistics in the params buffer. */
  meanOff: number;
  varOff: number;
  params: GPUBuffer;
  step: GPUBuffer;
  /** Batch norm: 2H; layer norm: 2·T·B (mean and rstd per row of the whole sequence). */
  stats: GPUBuffer;
}

/**
 * One time chunk (steps t0 … t0+n-1) of the sequence, or the whole of it: x is the layer's LSTM output
 * (the h buffer from step t0), y the normalized output forward or the gradient on it backward.
 */
export interface NormChunk {
  t0: number;
  n: number;
  x: Operand;
  y: Operand;
}

function dims(arena: BufferArena, s: NormLayerSpec, c: NormChunk, first: boolean): GPUBuffer {
  return arena.uniform(
    `${s.label}.dims`,
    packUniform(
      [
        c.n,
        s.B,
        s.H,
        c.x.offset ?? 0,
        s.gammaOff,
        s.betaOff,
        s.meanOff,
        s.varOff,
        c.y.offset ?? 0,
        c.t0,
        s.T,
        first ? 1 : 0,
      ],
      [s.norm.epsilon, s.norm.momentum, 0, 0],
    ),
  );
}

/**
 * Statistics, then y. With one chunk (the whole sequence) one statistics dispatch; batch norm over several
 * chunks sums each chunk into the statistics buffer (a pass for Σx, one for Σ(x − mean)²) and finishes.
 */
export function normForwardDispatches(arena: BufferArena, s: NormLayerSpec, chunks: NormChunk[]): Dispatch[] {
  const device = arena.device;
  const u = chunks.map((c, i) => dims(arena, s, c, i === 0));
  const perRow = s.norm.kind === 'layer';
  const stats: Dispatch[] = [];
  if (perRow) {
    const k = getKernel(device, {
      name: 'layer_norm_stats',
      code: layerStatsCode,
      bindings: ['uniform', 'read', 'storage'],
    });
    chunks.forEach((c, i) => {
      stats.push({
        kernel: k,
        group: bindGroup(device, k, [u[i], c.x, s.stats], `${s.label}.stats`),
        x: Math.ceil((c.n * s.B) / 64),
      });
    });
  } else {
    const bindings: BindingKind[] = ['uniform', 'uniform', 'read', 'storage', 'storage'];
    const x = Math.ceil(s.H / 64);
    const group = (k: Kernel, i: number) =>
      bindGroup(device, k, [u[i], s.step, chunks[i].x, s.params, s.stats], `${s.label}.stats`);
    if (chunks.length === 1) {
      const k = getKernel(device, { name: 'batch_norm_stats', code: batchStatsCode, bindings });
      stats.push({ kernel: k, group: group(k, 0), x });
    } else {
      for (const squares of [false, true]) {
        const k = getKernel(device, {
          name: 'batch_norm_stats',
          code: batchStatsCode,
          bindings,
          entryPoint: 'partial',
          constants: { SQUARES: squares },
        });
        chunks.forEach((_, i) => {
          stats.push({ kernel: k, group: group(k, i), x });
        });
      }
      const k = getKernel(device, {
        name: 'batch_norm_stats',
        code: batchStatsCode,
        bindings,
        entryPoint: 'finish',
      });
      stats.push({ kernel: k, group: group(k, 0), x });
    }
  }
  const apply = getKernel(device, {
    name: 'norm_apply',
    code: applyCode,
    bindings: ['uniform', 'read', 'read', 'read', 'storage'],
    constants: { PER_ROW: perRow },
  });
  return [
    ...stats,
    ...chunks.map((c, i) => ({
      kernel: apply,
      group: bindGroup(device, apply, [u[i], c.x, s.params, s.stats, c.y], `${s.label}.apply`),
      ...linearGrid(c.n * s.B * s.H),
    })),
  ];
}

/**
 * In place on the gradient (the gradient on the normalized output becomes the gradient on x): the
 * parameter gradients and sums over every chunk first (the first chunk writes, the rest add), then dx.
 */
export function normBackwardDispatches(
  arena: BufferArena,
  s: NormLayerSpec & { grads: GPUBuffer },
  chunks: NormChunk[],
): Dispatch[] {
  const device = arena.device;
  const u = chunks.map((c, i) => dims(arena, s, c, i === 0));
  const perRow = s.norm.kind === 'layer';
  const sums = arena.storage(`${s.label}.sums`, 2 * s.H);
  const pg = getKernel(device, {
    name: 'norm_param_grads',
    code: paramGradsCode,
    bindings: ['uniform', 'uniform', 'read', 'read', 'read', 'storage', 'storage'],
    constants: { PER_ROW: perRow },
  });
  const paramGrads: Dispatch[] = chunks.map((c, i) => ({
    kernel: pg,
    group: bindGroup(device, pg, [u[i], s.step, c.x, c.y, s.stats, s.grads, sums], `${s.label}.dparams`),
    x: Math.ceil(s.H / 64),
  }));
  if (perRow) {
    const k = getKernel(device, {
      name: 'layer_norm_backward',
      code: layerBackwardCode,
      bindings: ['uniform', 'read', 'read', 'read', 'storage'],
    });
    return [
      ...paramGrads,
      ...chunks.map((c, i) => ({
        kernel: k,
        group: bindGroup(device, k, [u[i], c.x, s.params, s.stats, c.y], `${s.label}.dx`),
        x: Math.ceil((c.n * s.B) / 64),
      })),
    ];
  }
  const k = getKernel(device, {
    name: 'batch_norm_backward',
    code: batchBackwardCode,
    bindings: ['uniform', 'uniform', 'read', 'read', 'read', 'read', 'storage'],
  });
  return [
    ...paramGrads,
    ...chunks.map((c, i) => ({
      kernel: k,
      group: bindGroup(device, k, [u[i], s.step, c.x, s.params, s.stats, sums, c.y], `${s.label}.dx`),
      ...linearGrid(c.n * s.B * s.H),
    })),
  ];
}
