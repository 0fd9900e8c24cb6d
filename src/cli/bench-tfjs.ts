// The TensorFlow.js peer of `webgpu-lstm bench --compare tfjs`: the same workload (tf.layers.lstm +
// model.fit, Adam lr 1e-3, same synthetic data and batch) on TF.js 4.22's webgpu backend, on the same Dawn
// adapter, in the same process. Timing as ours: median of the timed epochs after a warm-up epoch; the
// first epoch is timed from building the model (shader compilation and upload included).
import { nodeGpu } from '../gpu/node-device.ts';
import { median } from './bench-stats.ts';
import { type Workload, workloadData } from './bench-workloads.ts';

type Tf = typeof import('@tensorflow/tfjs');
let tfReady: Promise<Tf> | null = null;

async function loadTf(): Promise<Tf> {
  // TF.js's webgpu backend looks for navigator.gpu: give it this process's Dawn instance.
  const gpu = await nodeGpu();
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (!nav)
    Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true });
  else if (!nav.gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('TensorFlow.js could not start its webgpu backend');
  return tf;
}

export interface PeerResult {
  samples_per_s: number;
  epoch_ms: number;
  first_epoch_ms: number;
}

export async function runTfjsWorkload(
  w: Workload,
  timedEpochs: number,
  samples: number,
  log: (s: string) => void,
): Promise<PeerResult> {
  tfReady ??= loadTf();
  const tf = await tfReady;
  const { series, train } = workloadData(w, samples, 42);
  const T = w.window;
  const F = w.features;
  const xs = new Float32Array(samples * T * F);
  train.forEach((r, b) => {
    xs.set(series.x.subarray((r - T + 1) * F, (r + 1) * F), b * T * F);
  });
  const ys = Float32Array.from(train, (r) => series.y[r + 1]);
  const t0 = performance.now();
  const model = tf.sequential();
  w.layers.forEach((units, i) => {
    model.add(
      tf.layers.lstm({
        units,
        returnSequences: i < w.layers.length - 1,
        recurrentActivation: 'sigmoid',
        ...(i === 0 ? { inputShape: [T, F] } : {}),
      }),
    );
  });
  model.add(
    tf.layers.dense({
      units: w.classes > 0 ? w.classes : 1,
      activation: w.classes > 0 ? 'softmax' : 'linear',
    }),
  );
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: w.classes > 0 ? 'sparseCategoricalCrossentropy' : 'meanSquaredError',
  });
  const x = tf.tensor3d(xs, [samples, T, F]);
  const y = tf.tensor2d(ys, [samples, 1]);
  const epochMs: number[] = [];
  let firstEpochMs = 0;
  let start = performance.now();
  try {
    await model.fit(x, y, {
      epochs: timedEpochs + 1,
      batchSize: w.batch,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => {
          start = performance.now();
        },
        onEpochEnd: async (epoch) => {
          const ms = performance.now() - start;
          if (epoch === 0) firstEpochMs = performance.now() - t0;
          else epochMs.push(ms);
          log(`${w.id} tfjs-webgpu epoch ${epoch + 1}/${timedEpochs + 1}: ${Math.round(ms)} ms`);
        },
      },
    });
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
  const m = median(epochMs);
  return {
    samples_per_s: Math.round((samples * 10_000) / m) / 10,
    epoch_ms: Math.round(m * 10) / 10,
    first_epoch_ms: Math.round(firstEpochMs * 10) / 10,
  };
}
