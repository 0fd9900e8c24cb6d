// Both backends learn: a sine-wave next-step regression and a small classification task reach a stated
// loss. Thresholds: predicting the mean of a standardized sine gives MSE 1.0 (variance of the target);
// an LSTM that has learned the dynamics gets well under 0.05 in 30 epochs. For 3 balanced classes,
// chance cross-entropy is ln 3 ≈ 1.10; learning the rule gets well under 0.35.
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../src/model/backend.ts';
import { TrainingConfigSchema } from '../src/model/config.ts';
import { CpuBackend } from '../src/model/cpu-backend.ts';
import type { GpuBackend } from '../src/model/gpu-backend.ts';
import { Rng } from '../src/model/random.ts';
import { trainSeries } from '../src/model/trainer.ts';
import { makeSpec } from './helpers/fixtures.ts';
import { testGpuBackend } from './helpers/gpu.ts';

let gpu: GpuBackend | null = null;
afterAll(() => gpu?.dispose());

function sineData(rows: number) {
  const rng = new Rng(5);
  const x = new Float32Array(rows);
  for (let r = 0; r < rows; r++) x[r] = Math.sin(r * 0.21) * Math.SQRT2 + 0.02 * rng.normal();
  const ends = Int32Array.from({ length: rows - 17 }, (_, k) => 15 + k);
  return { series: { rows, x, y: x.slice() }, train: ends.slice(0, 300), val: ends.slice(300) };
}

/** Class of row r+1 = which third the running sum of the last 3 inputs falls in: needs memory. */
function classData(rows: number) {
  const rng = new Rng(9);
  const x = new Float32Array(rows);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) x[r] = rng.normal();
  for (let r = 3; r < rows; r++) {
    const s = x[r - 1] + x[r - 2] + x[r - 3];
    y[r] = s < -0.75 ? 0 : s < 0.75 ? 1 : 2;
  }
  const ends = Int32Array.from({ length: rows - 12 }, (_, k) => 10 + k);
  return { series: { rows, x, y }, train: ends.slice(0, 500), val: ends.slice(500) };
}

const training = (epochs: number, lr: number) =>
  TrainingConfigSchema.parse({
    epochs,
    batchSize: 32,
    optimizer: { kind: 'adam', lr },
    earlyStopping: { patience: 0 },
    seed: 3,
  });

async function backends(): Promise<[string, Backend][]> {
  gpu ??= await testGpuBackend();
  return [
    ['cpu', new CpuBackend()],
    ['webgpu', gpu],
  ];
}

describe('learning', () => {
  it('sine next-step regression reaches val MSE < 0.05 on both backends', async () => {
    for (const [name, backend] of await backends()) {
      const spec = makeSpec({ units: [16], inputSize: 1, window: 16 });
      const r = await trainSeries(backend, spec, training(30, 1e-2), sineData(420));
      const val = r.history.valLoss[r.history.valLoss.length - 1]!;
      expect(val, `${name} final val MSE`).toBeLessThan(0.05);
      expect(r.history.loss[0], `${name} first-epoch loss shows it started untrained`).toBeGreaterThan(0.1);
    }
  });

  it('3-class classification reaches val cross-entropy < 0.35 on both backends', async () => {
    for (const [name, backend] of await backends()) {
      const spec = makeSpec({ units: [24], inputSize: 1, window: 8, loss: 'crossentropy', classes: 3 });
      const r = await trainSeries(backend, spec, training(40, 1e-2), classData(700));
      const val = r.history.valLoss[r.history.valLoss.length - 1]!;
      expect(val, `${name} final val CE`).toBeLessThan(0.35);
    }
  });
});
