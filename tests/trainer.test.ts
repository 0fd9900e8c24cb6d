// The training loop: reproducibility, early stopping with best-weight restore, LR reduction on plateau,
// cancellation, non-finite losses, and GPU buffers freed by their owner.
import { describe, expect, it } from 'vitest';
import { type TrainingConfig, TrainingConfigSchema } from '../src/model/config.ts';
import { CpuBackend } from '../src/model/cpu-backend.ts';
import { trainSeries } from '../src/model/trainer.ts';
import { makeOptions, makeSeries, makeSpec } from './helpers/fixtures.ts';
import { testGpuBackend } from './helpers/gpu.ts';

const spec = makeSpec({ units: [6, 4], inputSize: 2, window: 6 });
const series = makeSeries(spec, 200, 4);
const ends = Int32Array.from({ length: 180 }, (_, k) => 8 + k);
const data = { series, train: ends.slice(0, 140), val: ends.slice(140) };

const cfg = (over: Record<string, unknown> = {}): TrainingConfig =>
  TrainingConfigSchema.parse({ epochs: 4, batchSize: 16, seed: 11, earlyStopping: { patience: 0 }, ...over });

describe('trainer', () => {
  it('same seed gives bit-identical CPU weights; another seed does not', async () => {
    const a = await trainSeries(new CpuBackend(), spec, cfg(), data);
    const b = await trainSeries(new CpuBackend(), spec, cfg(), data);
    const c = await trainSeries(new CpuBackend(), spec, cfg({ seed: 12 }), data);
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(Array.from(a.params)).not.toEqual(Array.from(c.params));
    expect(a.history.loss).toEqual(b.history.loss);
  });

  it('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    // Random targets: validation loss stops improving almost at once with a large learning rate.
    const over = {
      epochs: 40,
      optimizer: { kind: 'adam', lr: 0.05 },
      earlyStopping: { patience: 2, restoreBest: true },
    };
    const r = await trainSeries(new CpuBackend(), spec, cfg(over), data);
    expect(r.stopReason).toBe('early-stopping');
    const v = r.history.valLoss as number[];
    const bestEpoch = v.indexOf(Math.min(...v)) + 1;
    expect(r.bestEpoch).toBe(bestEpoch);
    expect(v.length).toBe(bestEpoch + 2);
    // The returned weights are the best epoch's: their validation loss equals the recorded best.
    const rt = new CpuBackend().createRuntime(spec, makeOptions('adam', { batchSize: 16 }));
    rt.setSeries(series);
    rt.setParams(r.params);
    expect(await rt.evaluate(data.val)).toBeCloseTo(v[bestEpoch - 1], 5);
  });

  it('a continued run (startEpoch) tells its end in the model’s epochs; a fresh one in its own', async () => {
    const fresh = await trainSeries(new CpuBackend(), spec, cfg({ epochs: 1 }), data);
    expect(fresh.message).toBe('Trained 1 epoch.');
    const more = await trainSeries(new CpuBackend(), spec, cfg({ epochs: 3 }), data, {
      initParams: fresh.params,
      startEpoch: 6,
    });
    expect(more.message).toBe('Trained 3 more epochs (9 in all).');
    // Callbacks and the result keep the run's own numbers (the app and the CLI shift them themselves).
    expect(more.history.loss).toHaveLength(3);
    const early = await trainSeries(
      new CpuBackend(),
      spec,
      cfg({ epochs: 40, optimizer: { kind: 'adam', lr: 0.05 }, earlyStopping: { patience: 2 } }),
      data,
      { initParams: fresh.params, startEpoch: 10 },
    );
    expect(early.stopReason).toBe('early-stopping');
    expect(early.message).toBe(
      `Early stopping after epoch ${10 + early.history.loss.length}: no improvement for 2 epochs.`,
    );
    // Diverging at once keeps the weights it was given: the model's epoch 4, not "the start".
    const bad = { ...series, y: series.y.map((v) => v * 1e30) };
    const diverged = await trainSeries(
      new CpuBackend(),
      spec,
      cfg({ epochs: 3, optimizer: { kind: 'sgd', lr: 10 }, clipNorm: null }),
      { ...data, series: bad },
      { initParams: fresh.params, startEpoch: 4 },
    );
    expect(diverged.stopReason).toBe('non-finite');
    expect(diverged.message).toMatch(
      /^The loss became (NaN|infinite) in epoch 5\. Kept the weights of epoch 4\./,
    );
  });

  it('reduces the learning rate on plateau', async () => {
    const over = {
      epochs: 12,
      optimizer: { kind: 'adam', lr: 0.05 },
      reduceLrOnPlateau: { patience: 1, factor: 0.5, minLr: 0.01 },
    };
    const r = await trainSeries(new CpuBackend(), spec, cfg(over), data);
    expect(r.history.lr[0]).toBe(0.05);
    expect(Math.min(...r.history.lr)).toBeLessThan(0.05);
    expect(Math.min(...r.history.lr)).toBeGreaterThanOrEqual(0.01);
  });

  it('stops when the signal aborts and reports progress per batch and epoch', async () => {
    const ctl = new AbortController();
    const batches: number[] = [];
    const epochs: number[] = [];
    const r = await trainSeries(new CpuBackend(), spec, cfg({ epochs: 50 }), data, {
      signal: ctl.signal,
      onBatch: (p) => batches.push(p.loss),
      onEpoch: (m) => {
        epochs.push(m.epoch);
        expect(m.samplesPerSec).toBeGreaterThan(0);
        if (m.epoch === 2) ctl.abort();
      },
    });
    expect(r.stopReason).toBe('cancelled');
    expect(epochs).toEqual([1, 2]);
    expect(batches.length).toBeGreaterThanOrEqual(2 * Math.ceil(140 / 16));
    expect(batches.every(Number.isFinite)).toBe(true);
  });

  it('pauseGate pauses between batches, resumes to the same result, and an abort while paused stops', async () => {
    const plain = await trainSeries(new CpuBackend(), spec, cfg({ epochs: 2 }), data);
    let calls = 0;
    let release: () => void = () => {};
    const paused = new Promise<void>((r) => {
      release = r;
    });
    const run = trainSeries(new CpuBackend(), spec, cfg({ epochs: 2 }), data, {
      pauseGate: () => (++calls === 5 ? paused : null),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(5); // waiting at the gate before the 5th batch
    release();
    const r = await run;
    expect(calls).toBe(2 * Math.ceil(140 / 16));
    expect(Array.from(r.params)).toEqual(Array.from(plain.params));

    const ctl = new AbortController();
    const later = new Promise<void>((res) => setTimeout(res, 100));
    const stopped = await trainSeries(new CpuBackend(), spec, cfg({ epochs: 2 }), data, {
      signal: ctl.signal,
      pauseGate: () => {
        ctl.abort();
        return later;
      },
    });
    expect(stopped.stopReason).toBe('cancelled');
    expect(stopped.history.loss).toEqual([]);
  });

  it('a non-finite loss stops training with a message and keeps the last good weights', async () => {
    // Targets in the millions with plain SGD at lr 10 and no clipping diverge within a few epochs.
    const bad = { ...series, y: series.y.map((v) => v * 1e6) };
    const r = await trainSeries(
      new CpuBackend(),
      spec,
      cfg({ epochs: 30, optimizer: { kind: 'sgd', lr: 10 }, clipNorm: null }),
      {
        ...data,
        series: bad,
      },
    );
    expect(r.stopReason).toBe('non-finite');
    expect(r.message).toMatch(/loss became (NaN|infinite)/);
    expect(r.params.every(Number.isFinite)).toBe(true);
    expect(r.history.loss.length).toBeLessThan(30);
  });

  it('restoreBest returns the best epoch even when the run completes; off, the last epoch', async () => {
    const over = { epochs: 8, optimizer: { kind: 'adam', lr: 0.05 } };
    const on = await trainSeries(
      new CpuBackend(),
      spec,
      cfg({ ...over, earlyStopping: { patience: 0, restoreBest: true } }),
      data,
    );
    const off = await trainSeries(
      new CpuBackend(),
      spec,
      cfg({ ...over, earlyStopping: { patience: 0, restoreBest: false } }),
      data,
    );
    const v = on.history.valLoss as number[];
    expect(on.stopReason).toBe('completed');
    expect(on.bestEpoch).toBe(v.indexOf(Math.min(...v)) + 1);
    expect(off.bestEpoch).toBe(8);
    const rt = new CpuBackend().createRuntime(spec, makeOptions('adam', { batchSize: 16 }));
    rt.setSeries(series);
    rt.setParams(on.params);
    expect(await rt.evaluate(data.val)).toBeCloseTo(Math.min(...v), 5);
  });

  it('a device failure stops training with a message and the last good weights', async () => {
    // A CPU backend whose "device" fails once two epochs have finished.
    let epochsDone = 0;
    const failing = Object.assign(new CpuBackend(), {
      deviceError: () => (epochsDone >= 2 ? 'device lost: test.' : null),
    });
    const r = await trainSeries(
      failing,
      spec,
      cfg({ epochs: 10, earlyStopping: { patience: 0, restoreBest: false } }),
      data,
      {
        onEpoch: () => {
          epochsDone++;
        },
      },
    );
    expect(r.stopReason).toBe('device-error');
    expect(r.message).toMatch(
      /GPU stopped working during epoch 3 \(device lost: test\)\. Kept the weights of epoch 2/,
    );
    expect(r.bestEpoch).toBe(2);
    expect(r.history.loss).toHaveLength(2);
  });

  it('a failed readback waits for the device to report its loss, and keeps the last good weights', async () => {
    // As on a real device: work in flight fails first, the loss is reported a little later. Without the
    // wait the trainer would take the failure for a bug and rethrow it, losing the kept weights.
    const cpu = new CpuBackend();
    let epochsDone = 0;
    let reported: string | null = null;
    const backend = Object.assign(cpu, {
      deviceError: () => reported,
      failureAfterError: async () => {
        await new Promise((r) => setTimeout(r, 20));
        reported = 'device lost: test';
        return reported;
      },
      createRuntime: (...args: Parameters<CpuBackend['createRuntime']>) => {
        const rt = new CpuBackend().createRuntime(...args);
        const step = rt.trainStep.bind(rt);
        rt.trainStep = (s) =>
          epochsDone >= 2
            ? Promise.reject(new Error('Buffer was unmapped before mapping was resolved'))
            : step(s);
        return rt;
      },
    });
    const r = await trainSeries(
      backend,
      spec,
      cfg({ epochs: 10, earlyStopping: { patience: 0, restoreBest: false } }),
      data,
      { onEpoch: () => void epochsDone++ },
    );
    expect(r.stopReason).toBe('device-error');
    expect(r.message).toMatch(/during epoch 3 \(device lost: test\)\. Kept the weights of epoch 2/);
    expect(r.history.loss).toHaveLength(2);
  });

  it("a failure that is not the device's is rethrown, not reported as a lost GPU", async () => {
    const backend = Object.assign(new CpuBackend(), {
      createRuntime: (...args: Parameters<CpuBackend['createRuntime']>) => {
        const rt = new CpuBackend().createRuntime(...args);
        rt.trainStep = () => Promise.reject(new Error('a bug'));
        return rt;
      },
    });
    await expect(trainSeries(backend, spec, cfg(), data)).rejects.toThrow('a bug');
  });

  it('GPU: a device destroyed mid-epoch stops training with the weights of the last finished epoch', async () => {
    const gpu = await testGpuBackend();
    let epochsDone = 0;
    const r = await trainSeries(
      gpu,
      spec,
      cfg({ epochs: 6, earlyStopping: { patience: 0, restoreBest: false } }),
      data,
      {
        onEpoch: () => void epochsDone++,
        onBatch: (b) => {
          if (epochsDone === 2 && b.batch === 1) gpu.ctx.device.destroy();
        },
      },
    );
    expect(r.stopReason).toBe('device-error');
    expect(r.message).toMatch(/GPU stopped working during epoch 3 \(device lost/);
    expect(r.history.loss).toHaveLength(2);
    expect(r.params.every(Number.isFinite)).toBe(true);
    // The kept weights are epoch 2's: the CPU reference gives the same validation loss as that epoch's.
    const rt = new CpuBackend().createRuntime(spec, makeOptions('adam', { batchSize: 16 }));
    rt.setSeries(series);
    rt.setParams(r.params);
    // Tolerance: GPU vs CPU float32 sums in another order, 1e-4 relative on a loss of order 1.
    expect(await rt.evaluate(data.val)).toBeCloseTo(r.history.valLoss[1] as number, 3);
  });

  it('GPU: training frees every buffer it allocated', async () => {
    const gpu = await testGpuBackend();
    const rt = gpu.createRuntime(spec, makeOptions('adam', { batchSize: 16 }));
    expect(rt.allocatedBytes).toBeGreaterThan(0);
    rt.dispose();
    expect(rt.allocatedBytes).toBe(0);
    const r = await trainSeries(gpu, spec, cfg({ epochs: 2 }), data);
    expect(r.history.loss.every(Number.isFinite)).toBe(true);
  });
});
