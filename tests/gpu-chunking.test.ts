// Long sequences bound in time chunks (src/model/gpu/chunks.ts). RuntimeOptions.maxBindingBytes forced to a
// few KiB makes small models take every chunked path: windows bound at aligned-down byte offsets with the
// remainder passed as an element offset, per-chunk cell dispatches whose windows carry the extra state
// slot (c, h) or next step (gz: dZ overwrites the gates), input projections and dX per chunk of rows, weight and bias gradients
// accumulated over chunks, batch-norm statistics and parameter gradients as per-chunk partial sums,
// layer-norm statistics per row, dropout masks drawn by global element index, the dense head reading the
// last chunk. Each run must match the CPU reference with the tolerances of tests/gpu-vs-cpu.test.ts
// (helpers/compare-backends.ts states them and why): chunking only regroups float32 sums into per-chunk
// partial sums, rounding of the same order as the GPU's tiling already adds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkPlan, GpuLimitError, type SequenceTensor } from '../src/model/gpu/chunks.ts';
import type { GpuRuntime } from '../src/model/gpu/runtime.ts';
import type { GpuBackend } from '../src/model/gpu-backend.ts';
import { initParams } from '../src/model/init.ts';
import type { ModelSpec } from '../src/model/spec.ts';
import { compareWithCpu } from './helpers/compare-backends.ts';
import { makeOptions, makeSeries, makeSpec, windowEnds } from './helpers/fixtures.ts';
import {
  expectNoGpuErrors,
  testGpuBackend,
  testPlainDirectBackend,
  testSubgroups4Backend,
} from './helpers/gpu.ts';

// tiled, direct (the *_sg.wgsl kernels where the device has 8-lane subgroups), plain direct kernels and the
// 4-lane *_sg4.wgsl kernels (what SwiftShader runs; helpers/gpu.ts).
const VARIANTS = ['tiled', 'direct', 'plain', 'sg4'] as const;
const gpu: Partial<Record<(typeof VARIANTS)[number], GpuBackend>> = {};

/** Every binding created on the test device: buffer label, bytes bound, and whether it is a sub-range. */
const bindings: { label: string; bytes: number; ranged: boolean }[] = [];

beforeAll(async () => {
  gpu.tiled = await testGpuBackend('tiled');
  gpu.direct = await testGpuBackend('direct');
  gpu.plain = await testPlainDirectBackend();
  gpu.sg4 = await testSubgroups4Backend();
  for (const device of [gpu.tiled.ctx.device, gpu.plain.ctx.device, gpu.sg4.ctx.device]) {
    const create = device.createBindGroup.bind(device);
    device.createBindGroup = (d: GPUBindGroupDescriptor) => {
      for (const e of d.entries) {
        // Storage textures (the 8-lane cell kernels' Uᵀ, lstm_cell.ts) are not sequence buffers: not chunked.
        if (!('buffer' in (e.resource as object))) continue;
        const r = e.resource as GPUBufferBinding;
        bindings.push({
          label: r.buffer.label,
          bytes: r.size ?? r.buffer.size - (r.offset ?? 0),
          ranged: !!r.size,
        });
      }
      return create(d);
    };
  }
});

afterAll(() => {
  gpu.tiled?.dispose();
  gpu.plain?.dispose();
  gpu.sg4?.dispose();
});

/** The buffers that span the sequence (runtime.ts): only these are chunked. */
const SEQUENCE = /^(x0|lstm\d+\.(gates|c|h|dh|dropped)|norm\d+\.out)$/;

/** Widest timestep of any sequence buffer, in bytes: 4H floats per batch row (gates, dZ), or F (x0). */
function widestStepBytes(spec: ModelSpec, B: number): number {
  return 4 * B * Math.max(spec.inputSize, ...spec.lstm.map((l) => 4 * l.units));
}

/** A binding limit that makes chunks of exactly Tc timesteps (a window is Tc + 1 steps + alignment slack). */
function limitFor(spec: ModelSpec, B: number, Tc: number, alignment: number): number {
  return alignment + (Tc + 1) * widestStepBytes(spec, B);
}

interface ChunkCase {
  name: string;
  spec: ModelSpec;
  batch: number;
  Tc: number;
  training: boolean;
}

const cases: ChunkCase[] = [
  {
    name: '3 layers, batch norm → layer norm, dropout, horizon 2, 2 targets, T 11 in chunks of 3',
    spec: makeSpec({
      units: [7, 12, 5],
      norm: ['batch', 'layer', null],
      dropout: [0.25, 0.25, 0],
      inputSize: 3,
      window: 11,
      horizon: 2,
      targets: 2,
    }),
    batch: 6,
    Tc: 3,
    training: true,
  },
  {
    name: 'the same model in inference mode (moving statistics, no dropout)',
    spec: makeSpec({
      units: [7, 12, 5],
      norm: ['batch', 'layer', null],
      dropout: [0.25, 0.25, 0],
      inputSize: 3,
      window: 11,
      horizon: 2,
      targets: 2,
    }),
    batch: 6,
    Tc: 3,
    training: false,
  },
  {
    name: 'classification, 3 classes, horizon 3, batch norm and dropout, odd batch, T 10 in chunks of 4',
    spec: makeSpec({
      units: [9, 16],
      norm: ['batch', null],
      dropout: [0.25, 0.25],
      inputSize: 4,
      window: 10,
      horizon: 3,
      loss: 'crossentropy',
      classes: 3,
    }),
    batch: 5,
    Tc: 4,
    training: true,
  },
  {
    name: 'layer norm, huber, odd sizes (unaligned windows), T 7 in chunks of 2',
    spec: makeSpec({
      units: [13, 6],
      norm: ['layer', null],
      inputSize: 5,
      window: 7,
      loss: 'huber',
      huberDelta: 0.7,
    }),
    batch: 7,
    Tc: 2,
    training: false,
  },
  {
    // H 128 and the input 32 wide take the lavapipe 32-row vec4 kernels (forward mainR4X: mainR4 with the
    // input projection fused in; backward main4R,
    // weight gradients mainTA4; layer 2's 36 rows are not a multiple of 32); nor is batch 37.
    name: 'H 128 → 36, 32 features (the wide-block vec4 kernels), batch 37, T 5 in chunks of 2',
    spec: makeSpec({ units: [128, 36], inputSize: 32, window: 5 }),
    batch: 37,
    Tc: 2,
    training: true,
  },
  {
    // 36 features are too wide for the fused input projection (mainR4X takes at most 32): the first layer
    // runs the inproj matmul and mainR4 as before; the third (H 128, input 16 wide) runs mainR4X reading x
    // from the second layer's h buffer, whose step 0 lies B·16 floats in (a chunk window starts before it).
    name: 'H 128 → 128 fed 36 then 16 wide (mainR4 and mainR4X from h), batch 37, T 5 in chunks of 2',
    spec: makeSpec({ units: [128, 16, 128], inputSize: 36, window: 5 }),
    batch: 37,
    Tc: 2,
    training: false,
  },
  {
    // 8 steps × 70 rows per chunk: the tiled (GPU) kernels split the weight and bias gradients' sums
    // (src/shaders/split.ts), and both chunks reuse one buffer of partial sums per gradient.
    name: 'split gradient sums in each chunk (tiled), batch 70, T 16 in chunks of 8',
    spec: makeSpec({ units: [20], inputSize: 3, window: 16 }),
    batch: 70,
    Tc: 8,
    training: false,
  },
  {
    // Multiples of 4 units but not of 8: lavapipe's forward (mainR4X, then mainR4) has 4 units past H in its
    // last workgroup, computed from clamped weights and never stored.
    name: 'H 132 → 68, 16 features (units past a multiple of 8), batch 37, T 5 in chunks of 2',
    spec: makeSpec({ units: [132, 68], inputSize: 16, window: 5 }),
    batch: 37,
    Tc: 2,
    training: true,
  },
  {
    name: 'one timestep per chunk, mae, dropout',
    spec: makeSpec({ units: [5, 4], dropout: [0.25, 0], inputSize: 2, window: 5, loss: 'mae' }),
    batch: 3,
    Tc: 1,
    training: true,
  },
];

describe('GPU training with the sequence bound in time chunks', () => {
  const optimizers = ['adam', 'rmsprop', 'sgd', 'adamw'] as const;
  cases.forEach((c, i) => {
    for (const variant of VARIANTS) {
      it(`${variant} kernels: ${c.name}`, async () => {
        const backend = gpu[variant]!;
        const alignment = backend.ctx.device.limits.minStorageBufferOffsetAlignment;
        const limit = limitFor(c.spec, c.batch, c.Tc, alignment);
        bindings.length = 0;
        await compareWithCpu(backend, {
          spec: c.spec,
          batch: c.batch,
          optimizer: optimizers[i % optimizers.length],
          clipNorm: i % 2 === 0 ? 0.5 : null,
          dropoutStep: c.training ? 3 : null,
          maxBindingBytes: limit,
          seriesSeed: c.batch,
          inspect: (rt) => {
            expect(rt.plan.whole).toBe(false);
            expect(rt.plan.Tc).toBe(c.Tc);
            expect(rt.plan.chunks.length).toBe(Math.ceil(c.spec.window / c.Tc));
          },
        });
        const seq = bindings.filter((b) => SEQUENCE.test(b.label));
        expect(seq.length).toBeGreaterThan(0);
        const over = seq.filter((b) => b.bytes > limit);
        expect(over, `sequence bindings over ${limit} bytes`).toEqual([]);
        expect(seq.every((b) => b.ranged)).toBe(true);
      });
    }
  });

  it('one chunk: the same dispatches and bindings, and bit-identical results, as with the device limit', async () => {
    const spec = makeSpec({
      units: [7, 12, 5],
      norm: ['batch', 'layer', null],
      dropout: [0.25, 0.25, 0],
      inputSize: 3,
      window: 11,
      horizon: 2,
    });
    const B = 6;
    // The largest sequence buffer: c and h, (T + 1)·B·H floats of the widest layer, or the gates, T·B·4H.
    const largest =
      Math.max(
        ...spec.lstm.map((l) => Math.max((spec.window + 1) * B * l.units, spec.window * B * 4 * l.units)),
      ) * 4;
    const backend = gpu.tiled!;
    const rows = spec.window + spec.horizon + 30;
    const series = makeSeries(spec, rows, 4);
    const ends = windowEnds(spec, rows, 5);
    const run = async (maxBindingBytes?: number) => {
      bindings.length = 0;
      const rt: GpuRuntime = backend.createRuntime(
        spec,
        makeOptions('adam', { batchSize: B, maxBindingBytes }),
      );
      try {
        rt.setSeries(series);
        rt.setParams(initParams(spec, 3));
        rt.setTrainOrder(ends);
        const list = rt
          .stepDispatches()
          .map((d) => [d.kernel.name, d.group.label, d.x, d.y, d.z, d.dynamicOffsets]);
        let grads: Float32Array = new Float32Array(0);
        await expectNoGpuErrors(backend.ctx.device, async () => {
          grads = (await rt.gradients(ends, 2)).grads;
        });
        return {
          plan: rt.plan,
          list,
          grads,
          bound: bindings.map((b) => `${b.label}:${b.bytes}:${b.ranged}`),
        };
      } finally {
        rt.dispose();
      }
    };
    const device = await run();
    const atLimit = await run(largest);
    const below = await run(largest - 4);
    expect([device.plan.whole, atLimit.plan.whole, below.plan.whole]).toEqual([true, true, false]);
    expect(atLimit.list).toEqual(device.list);
    expect(atLimit.bound).toEqual(device.bound);
    // Unchunked: one input projection and T cell steps per layer and direction, every buffer bound whole.
    const names = device.list.map((d) => d[0]);
    expect(names.filter((n) => n === 'lstm_cell_forward').length).toBe(3 * spec.window);
    expect(names.filter((n) => n === 'lstm_cell_backward').length).toBe(3 * spec.window);
    expect(device.list.filter((d) => /inproj/.test(String(d[1]))).length).toBe(3);
    expect(device.bound.some((b) => b.endsWith(':true') && SEQUENCE.test(b.split(':')[0]))).toBe(false);
    for (let i = 0; i < device.grads.length; i++) {
      if (!Object.is(atLimit.grads[i], device.grads[i])) throw new Error(`gradient ${i} differs`);
    }
    // Chunked just below the limit: more dispatches, the same gradients up to rounding.
    expect(below.list.length).toBeGreaterThan(device.list.length);
    let diff = 0;
    for (let i = 0; i < device.grads.length; i++)
      diff = Math.max(diff, Math.abs(below.grads[i] - device.grads[i]));
    expect(diff).toBeLessThan(1e-5);
  });

  it('a model whose one timestep exceeds the binding limit gets a clear error, not a GPU failure', () => {
    const spec = makeSpec({ units: [64], window: 8 });
    const B = 64;
    const step = B * 4 * 64 * 4; // one timestep of the gates: 64 KiB
    expect(() =>
      gpu.tiled!.createRuntime(spec, makeOptions('adam', { batchSize: B, maxBindingBytes: step })),
    ).toThrow(GpuLimitError);
    try {
      gpu.tiled!.createRuntime(spec, makeOptions('adam', { batchSize: B, maxBindingBytes: step }));
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toMatch(/lstm0\.gates/);
      expect(m).toMatch(/0\.063 MiB/); // 65,536 bytes per timestep
      expect(m).toMatch(/Reduce the batch size or the units/);
    }
  });
});

describe('ChunkPlan', () => {
  const tensors = (T: number, B: number, H: number): SequenceTensor[] => [
    { name: 'lstm0.gates', steps: T, stepFloats: B * 4 * H, perStep: 'batch × 4·units' },
    { name: 'lstm0.c', steps: T + 1, stepFloats: B * H, perStep: 'batch × units' },
  ];
  const limits = { maxBindingBytes: 2 ** 27, maxBufferBytes: 2 ** 32 - 1, alignment: 256 };

  it('binds W4 (T 256, B 256, H 512: 512 MiB of gates) in chunks of at most 128 MiB', () => {
    const plan = new ChunkPlan(256, tensors(256, 256, 512), limits);
    const stepBytes = 256 * 4 * 512 * 4; // 2 MiB
    expect(plan.whole).toBe(false);
    // 62 steps fit in a window (+1 step, +alignment); 256 steps take 5 chunks, evened out to 52 each.
    expect(Math.floor((2 ** 27 - 256) / stepBytes) - 1).toBe(62);
    expect(plan.Tc).toBe(52);
    expect(plan.chunks.map((c) => c.n)).toEqual([52, 52, 52, 52, 48]);
    expect(plan.chunks.map((c) => c.n).reduce((a, b) => a + b)).toBe(256);
    const buffer = { label: 'lstm0.gates', size: 256 * stepBytes } as GPUBuffer;
    for (const c of plan.chunks) {
      const n = Math.min(c.n + 1, 256 - c.t0);
      const w = plan.window(buffer, c.t0 * (stepBytes / 4), n * (stepBytes / 4));
      expect(w.range!.size).toBeLessThanOrEqual(2 ** 27);
      expect(w.range!.offset % 256).toBe(0);
      expect(w.base * 4).toBe(w.range!.offset);
      expect(w.base + w.offset).toBe(c.t0 * (stepBytes / 4));
    }
  });

  it('rounds an unaligned window start down and passes the remainder as an element offset', () => {
    const plan = new ChunkPlan(10, tensors(10, 3, 5), { ...limits, maxBindingBytes: 1024 });
    expect(plan.whole).toBe(false);
    const buffer = { label: 'lstm0.c', size: 11 * 15 * 4 } as GPUBuffer;
    const w = plan.window(buffer, 2 * 15, 3 * 15); // starts at byte 120
    expect(w.range).toEqual({ offset: 0, size: 5 * 15 * 4 });
    expect(w.offset).toBe(30);
    const w2 = plan.window(buffer, 5 * 15, 3 * 15); // byte 300 → bound from 256
    expect(w2.range).toEqual({ offset: 256, size: 8 * 15 * 4 - 256 });
    expect(w2.offset).toBe(11);
  });

  it('names the tensor, its bytes and what to reduce when a buffer exceeds maxBufferSize', () => {
    expect(() => new ChunkPlan(4096, tensors(4096, 256, 1024), limits)).toThrow(
      /lstm0\.gates needs 16384\.0 MiB .*maxBufferSize\)\. Reduce the batch size, the window or the units\./,
    );
  });
});
