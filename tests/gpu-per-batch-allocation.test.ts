// The team rule "nothing allocates inside the per-batch loop", held for the GPU runtime: after its first
// batches, a training step creates no buffer, texture, bind group, pipeline or shader module, only its one
// command encoder and one submit. Counted through a Proxy around the real device, on
// every kernel family this machine runs (tiled, 8-lane, 4-lane, plain direct) and on a chunked run.
import { describe, expect, it } from 'vitest';
import { acquireNodeDevice } from '../src/gpu/node-device.ts';
import { GpuBackend, type KernelStrategy } from '../src/model/gpu-backend.ts';
import type { ModelSpec } from '../src/model/spec.ts';
import { forceSubgroups4 } from '../src/shaders/subgroup.ts';
import { makeOptions, makeSeries, makeSpec, windowEnds } from './helpers/fixtures.ts';

type Calls = Map<string, number>;

/** `device` with every create*() call and queue.submit() counted into `calls`. */
function countingDevice(device: GPUDevice, calls: Calls): GPUDevice {
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const queue = new Proxy(device.queue, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      if (prop !== 'submit') return v.bind(target);
      return (...a: unknown[]) => {
        count('submit');
        return v.apply(target, a);
      };
    },
  });
  return new Proxy(device, {
    get(target, prop) {
      if (prop === 'queue') return queue;
      const v = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      if (typeof prop !== 'string' || !prop.startsWith('create')) return v.bind(target);
      return (...a: unknown[]) => {
        count(prop);
        return v.apply(target, a);
      };
    },
  });
}

interface Case {
  name: string;
  kernels: KernelStrategy;
  device?: { subgroups?: boolean; sg4?: boolean };
  spec: ModelSpec;
  maxBindingBytes?: number;
}

const cases: Case[] = [
  { name: 'tiled kernels', kernels: 'tiled', spec: makeSpec({ units: [16, 8], inputSize: 3, window: 6 }) },
  // H 32 fused and H 16 on the 8-lane family, Uᵀ in a storage texture where the layer allows it.
  { name: '8-lane kernels', kernels: 'direct', spec: makeSpec({ units: [32, 16], inputSize: 8, window: 6 }) },
  {
    name: '4-lane kernels',
    kernels: 'direct',
    device: { sg4: true },
    spec: makeSpec({ units: [16], inputSize: 4, window: 6 }),
  },
  {
    name: 'plain direct kernels, dropout and layer norm',
    kernels: 'direct',
    device: { subgroups: false },
    spec: makeSpec({ units: [12, 8], inputSize: 3, window: 6, dropout: [0.2, 0], norm: ['layer', null] }),
  },
  {
    name: 'time chunks (a binding of a few KiB)',
    kernels: 'direct',
    spec: makeSpec({ units: [16], inputSize: 3, window: 12 }),
    maxBindingBytes: 8192,
  },
];

describe('GPU runtime: nothing is created per batch', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const ctx = await acquireNodeDevice(c.device?.subgroups === false ? { subgroups: false } : {});
      const calls: Calls = new Map();
      const device = countingDevice(ctx.device, calls);
      // Per-device settings are keyed by the device object the backend sees: the proxy.
      if (c.device?.sg4) forceSubgroups4(device);
      const backend = new GpuBackend({ ...ctx, device }, c.kernels);
      try {
        const batchSize = 8;
        const over = c.maxBindingBytes ? { batchSize, maxBindingBytes: c.maxBindingBytes } : { batchSize };
        const rt = backend.createRuntime(c.spec, makeOptions('adam', over));
        rt.setSeries(makeSeries(c.spec, 120, 3));
        const batches = 6;
        rt.setTrainOrder(windowEnds(c.spec, 120, batches * batchSize));
        const step = (b: number) =>
          rt.trainStep({ start: b * batchSize, count: batchSize, step: b + 1, lr: 1e-3, batch: b });
        // The first batches may create what is made on first use (pipelines, readback buffers).
        const warm = [step(0), step(1)];
        await rt.readTrainLosses(2);
        await Promise.all(warm);
        calls.clear();
        const losses: (Promise<number> | null)[] = [];
        for (let b = 2; b < batches; b++) losses.push(step(b));
        const read = await Promise.all(losses);
        const perBatch = new Map(calls);
        // The epoch's loss log is read once per epoch (through a staging buffer of its own), not per batch.
        const all = await rt.readTrainLosses(batches);
        expect(all.every(Number.isFinite)).toBe(true);
        expect(read.filter((l) => l !== null).every(Number.isFinite)).toBe(true);

        const batchCount = batches - 2;
        const created = [...perBatch].filter(([k]) => k.startsWith('create') && k !== 'createCommandEncoder');
        expect(Object.fromEntries(created)).toEqual({});
        expect(perBatch.get('createCommandEncoder')).toBe(batchCount);
        expect(perBatch.get('submit')).toBe(batchCount);
        rt.dispose();
      } finally {
        backend.dispose();
        ctx.destroy();
      }
    });
  }
});
