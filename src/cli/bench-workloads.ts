// The benchmark workloads of DESIGN.md ("Benchmark workloads"), the same ones the peers are measured on,
// and their synthetic data: seeded standard-normal features; a standard-normal regression target, or
// uniformly random classes for W1.
import type { SeriesData } from '../model/backend.ts';
import { type TrainingConfig, TrainingConfigSchema } from '../model/config.ts';
import { Rng } from '../model/random.ts';
import type { ModelSpec } from '../model/spec.ts';

export interface Workload {
  id: string;
  features: number;
  window: number;
  layers: number[];
  /** 0 = regression (Dense 1, MSE); K = classification (Dense K softmax, cross-entropy). */
  classes: number;
  batch: number;
  samples: number;
}

export const WORKLOADS: Workload[] = [
  { id: 'W1', features: 8, window: 32, layers: [128, 64, 32], classes: 4, batch: 256, samples: 4096 },
  { id: 'W2', features: 1, window: 64, layers: [64], classes: 0, batch: 64, samples: 2048 },
  { id: 'W3', features: 16, window: 128, layers: [256], classes: 0, batch: 128, samples: 1024 },
  { id: 'W4', features: 32, window: 256, layers: [512, 512], classes: 0, batch: 256, samples: 8192 },
];

export function workloadSpec(w: Workload): ModelSpec {
  const classification = w.classes > 0;
  return {
    inputSize: w.features,
    window: w.window,
    horizon: 1,
    targets: 1,
    classes: w.classes,
    task: classification ? 'classification' : 'regression',
    loss: classification ? 'crossentropy' : 'mse',
    huberDelta: 1,
    lstm: w.layers.map((units) => ({ units, dropout: 0, norm: null })),
  };
}

/** Adam lr 1e-3, no clipping (as the peers' defaults), no validation, no early stopping, shuffled. */
export function workloadTraining(w: Workload, epochs: number, seed: number): TrainingConfig {
  return TrainingConfigSchema.parse({
    optimizer: { kind: 'adam', lr: 1e-3 },
    batchSize: w.batch,
    epochs,
    clipNorm: null,
    seed,
    shuffle: true,
    earlyStopping: { patience: 0 },
  });
}

/** A series with exactly `samples` next-step windows: rows = samples + window. */
export function workloadData(w: Workload, samples: number, seed: number) {
  const rows = samples + w.window;
  const rng = new Rng(seed);
  const x = new Float32Array(rows * w.features);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) y[r] = w.classes > 0 ? Math.floor(rng.next() * w.classes) : rng.normal();
  const series: SeriesData = { rows, x, y };
  const train = Int32Array.from({ length: samples }, (_, k) => w.window - 1 + k);
  return { series, train, val: new Int32Array(0) };
}
