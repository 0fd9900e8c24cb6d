// Kernel warm-up (src/model/gpu/warm-up.ts, src/worker/warm-up.ts) on Dawn/lavapipe: it creates exactly
// the pipelines a run then uses and allocates nothing; a run after it creates no pipeline before its first
// batch; a run started while it warms trains exactly as a run without it; a change mid-warm-up queues.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../src/gpu/device.ts';
import { acquireNodeDevice } from '../src/gpu/node-device.ts';
import type { RunConfigInput } from '../src/model/config.ts';
import { warmUpKernels } from '../src/model/gpu/warm-up.ts';
import { GpuBackend, type KernelStrategy } from '../src/model/gpu-backend.ts';
import { initParams } from '../src/model/init.ts';
import { OPTIMIZER_DEFAULTS } from '../src/model/optimizer.ts';
import type { ModelSpec } from '../src/model/spec.ts';
import { forceSubgroups4 } from '../src/shaders/subgroup.ts';
import type { FromWorker } from '../src/worker/protocol.ts';
import { WorkerSession } from '../src/worker/session.ts';
import { expectNoGpuErrors } from './helpers/gpu.ts';

/** Counts calls of `method` on `device` (an own property over the prototype's) until the returned stop. */
function spy(obj: object, method: string): { calls: unknown[]; stop: () => void } {
  const calls: unknown[] = [];
  const original = (obj as Record<string, (...a: unknown[]) => unknown>)[method];
  Object.defineProperty(obj, method, {
    configurable: true,
    writable: true,
    value: (...a: unknown[]) => {
      calls.push(a[0]);
      return original.apply(obj, a);
    },
  });
  return { calls, stop: () => delete (obj as Record<string, unknown>)[method] };
}

const pipelineLabels = (calls: unknown[]) =>
  calls.map((d) => (d as GPUComputePipelineDescriptor).label ?? '');

/** A fresh device (its own kernel cache), set up for one kernel family. */
async function device(family: 'tiled' | 'direct' | 'direct4'): Promise<{ ctx: GpuContext; tiled: boolean }> {
  const ctx = await acquireNodeDevice();
  if (family === 'direct4') forceSubgroups4(ctx.device);
  const strategy: KernelStrategy = family === 'tiled' ? 'tiled' : 'direct';
  return { ctx, tiled: new GpuBackend(ctx, strategy).tiled };
}

const classifier: ModelSpec = {
  inputSize: 4,
  window: 6,
  horizon: 1,
  targets: 1,
  classes: 3,
  task: 'classification',
  loss: 'crossentropy',
  huberDelta: 1,
  lstm: [
    { units: 16, norm: { kind: 'layer', epsilon: 1e-3, momentum: 0.99 }, dropout: 0.2 },
    { units: 8, norm: { kind: 'batch', epsilon: 1e-3, momentum: 0.99 }, dropout: 0 },
    { units: 8, norm: null, dropout: 0 },
  ],
};
const regressor: ModelSpec = {
  inputSize: 2,
  window: 5,
  horizon: 2,
  targets: 2,
  classes: 0,
  task: 'regression',
  loss: 'huber',
  huberDelta: 1,
  lstm: [{ units: 12, norm: null, dropout: 0 }],
};
const CASES = [
  { name: 'a 3-layer classifier, Adam, clipped', spec: classifier, B: 8, opt: 'adam' as const, clip: 1 },
  { name: 'a 2-step Huber regressor, SGD, no clip', spec: regressor, B: 5, opt: 'sgd' as const, clip: null },
];

/** Runtime creation, upload and one training step to its loss: everything a run does to its first batch. */
async function firstBatch(
  ctx: GpuContext,
  tiled: boolean,
  spec: ModelSpec,
  opts: Parameters<typeof warmUpKernels>[2],
): Promise<number> {
  const rows = 40;
  const x = Float32Array.from({ length: rows * spec.inputSize }, (_, i) => Math.sin(i));
  const y = Float32Array.from({ length: rows * spec.targets }, (_, i) =>
    spec.task === 'classification' ? i % spec.classes : Math.cos(i),
  );
  const rt = new GpuBackend(ctx, tiled ? 'tiled' : 'direct').createRuntime(spec, opts);
  try {
    rt.setSeries({ rows, x, y });
    rt.setParams(initParams(spec, 7));
    rt.setTrainOrder(Int32Array.from({ length: opts.batchSize }, (_, i) => spec.window - 1 + i));
    const loss = rt.trainStep({ start: 0, count: opts.batchSize, step: 1, lr: 0.01, batch: 0 });
    return (await loss) ?? Number.NaN;
  } finally {
    rt.dispose();
  }
}

describe('warmUpKernels', () => {
  for (const family of ['tiled', 'direct', 'direct4'] as const) {
    for (const c of CASES) {
      it(`${family} kernels, ${c.name}: exactly the pipelines of a cold run, no buffer, none left to create`, async () => {
        const opts = {
          batchSize: c.B,
          optimizer: { ...OPTIMIZER_DEFAULTS[c.opt], nesterov: c.opt === 'sgd', momentum: 0.9 },
          clipNorm: c.clip,
          seed: 3,
        };
        // A cold run on a device of its own: the pipelines it creates up to its first batch.
        const cold = await device(family);
        const coldPipelines = spy(cold.ctx.device, 'createComputePipeline');
        const coldLoss = await firstBatch(cold.ctx, cold.tiled, c.spec, opts);
        coldPipelines.stop();
        cold.ctx.destroy();

        const warm = await device(family);
        const d = warm.ctx.device;
        try {
          const buffers = spy(d, 'createBuffer');
          const textures = spy(d, 'createTexture');
          let result: ReturnType<typeof warmUpKernels> | null = null;
          await expectNoGpuErrors(d, async () => {
            result = warmUpKernels(d, c.spec, opts, warm.tiled);
          });
          buffers.stop();
          textures.stop();
          // No GPU memory: the runtime's buffers and textures were stand-ins.
          expect(buffers.calls).toEqual([]);
          expect(textures.calls).toEqual([]);
          const labels = result!.labels;
          expect(result!.created).toBe(labels.length);
          expect([...labels].sort()).toEqual(pipelineLabels(coldPipelines.calls).sort());
          // The device's own methods are back: a real buffer can be made.
          expect(d.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE }).size).toBe(16);

          // The run after the warm-up creates none, and trains as the cold one did (same kernels, same
          // inputs: the same float32 operations in the same order, so the same loss bit for bit).
          const after = spy(d, 'createComputePipeline');
          let loss = Number.NaN;
          await expectNoGpuErrors(d, async () => {
            loss = await firstBatch(warm.ctx, warm.tiled, c.spec, opts);
          });
          after.stop();
          expect(pipelineLabels(after.calls)).toEqual([]);
          expect(Number.isFinite(loss)).toBe(true);
          expect(loss).toBe(coldLoss);
          // Again: everything is cached, so a second warm-up creates nothing.
          expect(warmUpKernels(d, c.spec, opts, warm.tiled).created).toBe(0);
        } finally {
          warm.ctx.destroy();
        }
      });
    }
  }
});

describe('warmUpKernels on a model the device cannot hold', () => {
  it('throws what the run would, and leaves the device as it was', async () => {
    const { ctx, tiled } = await device('direct');
    const d = ctx.device;
    try {
      // One timestep of the gates alone is larger than the largest buffer: the chunk plan refuses it.
      const units = 2048;
      const B = Math.ceil(d.limits.maxBufferSize / (4 * units * 4)) + 1;
      const huge: ModelSpec = { ...regressor, lstm: [{ units, norm: null, dropout: 0 }] };
      const opts = { batchSize: B, optimizer: OPTIMIZER_DEFAULTS.adam, clipNorm: null, seed: 1 };
      const run = (() => {
        try {
          new GpuBackend(ctx, tiled ? 'tiled' : 'direct').createRuntime(huge, opts);
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      })();
      expect(run).not.toBeNull();
      expect(() => warmUpKernels(d, huge, opts, tiled)).toThrow(run!);
      // The stand-ins are gone: the device's own methods answer again.
      for (const m of ['createBuffer', 'createTexture', 'createBindGroup', 'createComputePipeline'])
        expect(Object.hasOwn(d, m)).toBe(false);
      expect(Object.hasOwn(d.queue, 'writeBuffer')).toBe(false);
      expect(d.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE }).size).toBe(16);
    } finally {
      ctx.destroy();
    }
  });
});

const CO2 = readFileSync(new URL('../public/data/co2-concentration.csv', import.meta.url));
const bytes = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

const co2Config = (units: number, batchSize: number): RunConfigInput => ({
  data: { features: ['CO2'], targets: ['CO2'], time: 'Date', window: 12, valSplit: 0.2, testSplit: 0.1 },
  model: { task: 'regression', layers: [{ units }], loss: 'mse' },
  training: { epochs: 2, batchSize, optimizer: { kind: 'adam', lr: 0.01 } },
});

/** A worker session on a GPU device of its own, with the CO₂ sample loaded. */
async function gpuSession() {
  const ctx = await acquireNodeDevice();
  const inbox: FromWorker[] = [];
  // Pipelines the device creates, and how many had been created when each message was posted.
  const pipelines = spy(ctx.device, 'createComputePipeline');
  const postedAt: { msg: FromWorker; pipelines: number }[] = [];
  const session = new WorkerSession(
    (m) => {
      inbox.push(m);
      postedAt.push({ msg: m, pipelines: pipelines.calls.length });
    },
    async () => new GpuBackend(ctx),
  );
  await session.handle({ type: 'init', webgpu: true });
  await session.handle({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
  /** Pipelines created from train-started of run `req` to its first progress message (its first batch). */
  const toFirstBatch = (req: number) => {
    const started = postedAt.find((p) => p.msg.type === 'train-started' && p.msg.req === req);
    const first = postedAt.find((p) => p.msg.type === 'progress' && p.msg.req === req);
    if (!started || !first) throw new Error(`run ${req} did not reach its first batch`);
    return pipelines.calls.slice(started.pipelines, first.pipelines);
  };
  const done = (req: number) =>
    inbox.find(
      (m): m is Extract<FromWorker, { type: 'train-done' }> => m.type === 'train-done' && m.req === req,
    )?.done;
  return { ctx, session, inbox, pipelines, toFirstBatch, done };
}

describe('the worker warms the next run', () => {
  it('a run after a warm-up creates no pipeline before its first batch and trains as a cold run does', async () => {
    const w = await gpuSession();
    const cold = await gpuSession();
    try {
      const config = co2Config(8, 32) as never;
      await w.session.handle({ type: 'warm-up', config });
      expect(w.session.warmUp.outcomes).toEqual([
        { kind: 'warmed', created: expect.any(Number), ms: expect.any(Number) },
      ]);
      expect(w.pipelines.calls.length).toBeGreaterThan(0);
      // The same configuration again: its kernels are there, nothing is redone.
      await w.session.handle({ type: 'warm-up', config });
      expect(w.session.warmUp.outcomes.at(-1)).toEqual({ kind: 'skipped', why: 'unchanged' });

      await w.session.handle({ type: 'train', req: 2, config, resume: false });
      expect(w.toFirstBatch(2)).toEqual([]);
      await cold.session.handle({ type: 'train', req: 2, config, resume: false });
      expect(cold.toFirstBatch(2).length).toBeGreaterThan(0);
      // Same device kind, same kernels, same seed and data: the same float32 losses.
      expect(w.done(2)?.stopReason).toBe('completed');
      expect(w.done(2)?.history.loss).toEqual(cold.done(2)?.history.loss);
      expect(w.done(2)?.history.valLoss).toEqual(cold.done(2)?.history.valLoss);
    } finally {
      w.ctx.destroy();
      cold.ctx.destroy();
    }
  });

  it('Train pressed while a warm-up is under way trains correctly; a warm-up during a run does nothing', async () => {
    const w = await gpuSession();
    const cold = await gpuSession();
    try {
      const config = co2Config(16, 16) as never;
      // Not awaited: the run starts while the warm-up is under way (waiting for its backend, then for the
      // device to finish its compiles), and goes on without waiting for it.
      const warming = w.session.handle({ type: 'warm-up', config });
      const run = w.session.handle({ type: 'train', req: 3, config, resume: false });
      while (!w.inbox.some((m) => m.type === 'train-started')) await new Promise((r) => setTimeout(r, 0));
      // Paused, so the run is surely still going: a warm-up of another configuration asked for now is not done.
      await w.session.handle({ type: 'pause' });
      const before = w.pipelines.calls.length;
      await w.session.handle({ type: 'warm-up', config: co2Config(24, 8) as never });
      expect(w.session.warmUp.outcomes.at(-1)).toEqual({ kind: 'skipped', why: 'running' });
      expect(w.pipelines.calls.length).toBe(before);
      await w.session.handle({ type: 'resume' });
      await Promise.all([warming, run]);
      await cold.session.handle({ type: 'train', req: 3, config, resume: false });
      expect(w.inbox.some((m) => m.type === 'error')).toBe(false);
      expect(w.done(3)?.stopReason).toBe('completed');
      // Same kernels, seed and data as the run without a warm-up: the same float32 losses.
      expect(w.done(3)?.history.loss).toEqual(cold.done(3)?.history.loss);
      expect(w.done(3)?.history.valLoss).toEqual(cold.done(3)?.history.valLoss);
      // No pipeline was made twice (the warm-up's are the run's), and the run had all it needed.
      const made = pipelineLabels(w.pipelines.calls);
      expect(new Set(made).size).toBe(made.length);
      expect(pipelineLabels(cold.toFirstBatch(3)).every((l) => made.includes(l))).toBe(true);
    } finally {
      w.ctx.destroy();
      cold.ctx.destroy();
    }
  });

  it('changes mid-warm-up queue: only the latest configuration is warmed next, and its run finds it', async () => {
    const w = await gpuSession();
    try {
      const a = co2Config(8, 32) as never;
      // Two layers need a kernel one layer does not (the lower layer's input gradient), so what the last
      // warm-up made shows.
      const b = { ...co2Config(8, 32), model: { task: 'regression', layers: [{ units: 8 }, { units: 4 }] } };
      const c = { ...b, training: { ...b.training, batchSize: 8 } } as never;
      // b and c arrive while a's warm-up waits for the device to finish compiling: b waits, c replaces it.
      const queue = w.ctx.device.queue;
      const wait = queue.onSubmittedWorkDone;
      let later: Promise<void>[] = [];
      Object.defineProperty(queue, 'onSubmittedWorkDone', {
        configurable: true,
        value: () => {
          if (later.length === 0)
            later = [
              w.session.handle({ type: 'warm-up', config: b as never }),
              w.session.handle({ type: 'warm-up', config: c }),
            ];
          return wait.call(queue);
        },
      });
      await w.session.handle({ type: 'warm-up', config: a });
      await Promise.all(later);
      delete (queue as unknown as Record<string, unknown>).onSubmittedWorkDone;
      const outcomes = w.session.warmUp.outcomes;
      expect(outcomes.map((o) => (o.kind === 'skipped' ? o.why : 'warmed'))).toEqual([
        'superseded', // b, replaced by c before its turn
        'warmed', // a
        'warmed', // c
      ]);
      const [, fromA, fromC] = outcomes as Extract<(typeof outcomes)[number], { kind: 'warmed' }>[];
      expect(fromA.created).toBeGreaterThan(0);
      expect(fromC.created).toBeGreaterThan(0);
      await w.session.handle({ type: 'train', req: 4, config: c, resume: false });
      expect(w.toFirstBatch(4)).toEqual([]);
      expect(w.done(4)?.stopReason).toBe('completed');
    } finally {
      w.ctx.destroy();
    }
  });
});
