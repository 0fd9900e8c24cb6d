// The TensorFlow.js peer of `webgpu-lstm bench --compare tfjs`, as its own plain-Node process: TF.js 4.22
// (tf.layers.lstm + model.fit, Adam lr 1e-3) on its webgpu backend over Dawn, the same adapter our engine
// uses. Run by src/cli/bench-tfjs.ts with one workload as JSON; prints one JSON result on stdout and a line
// per epoch on stderr. A separate process keeps the peers from sharing a heap or a GPU device (and TF.js
// crashed inside Dawn when loaded through the CLI's TypeScript loader).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const w = JSON.parse(process.argv[2]); // { id, features, window, layers, classes, batch, samples, timedEpochs }
if (!process.env.XDG_RUNTIME_DIR) {
  const dir = join(tmpdir(), `webgpu-lstm-xdg-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', {
  value: { gpu: create([]), userAgent: 'node' },
  configurable: true,
});
const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
if (!(await tf.setBackend('webgpu'))) throw new Error('TensorFlow.js could not start its webgpu backend');

const t0 = performance.now();
const model = tf.sequential();
w.layers.forEach((units, i) => {
  model.add(
    tf.layers.lstm({
      units,
      returnSequences: i < w.layers.length - 1,
      recurrentActivation: 'sigmoid',
      ...(i === 0 ? { inputShape: [w.window, w.features] } : {}),
    }),
  );
});
model.add(
  tf.layers.dense({ units: w.classes > 0 ? w.classes : 1, activation: w.classes > 0 ? 'softmax' : 'linear' }),
);
model.compile({
  optimizer: tf.train.adam(1e-3),
  loss: w.classes > 0 ? 'sparseCategoricalCrossentropy' : 'meanSquaredError',
});
// Speed does not depend on the values: seeded normal inputs, normal targets or uniform classes.
const x = tf.randomNormal([w.samples, w.window, w.features], 0, 1, 'float32', 42);
const y =
  w.classes > 0
    ? tf.floor(tf.randomUniform([w.samples, 1], 0, w.classes, 'float32', 43))
    : tf.randomNormal([w.samples, 1], 0, 1, 'float32', 43);
const epochMs = [];
let firstEpochMs = 0;
let start = performance.now();
// Dawn does not keep Node's event loop alive while TF.js awaits the GPU.
const keepAlive = setInterval(() => {}, 1000);
await model.fit(x, y, {
  epochs: w.timedEpochs + 1,
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
      process.stderr.write(
        `${w.id} tfjs-webgpu epoch ${epoch + 1}/${w.timedEpochs + 1}: ${Math.round(ms)} ms\n`,
      );
    },
  },
});
clearInterval(keepAlive);
epochMs.sort((a, b) => a - b);
const m =
  epochMs.length % 2
    ? epochMs[epochMs.length >> 1]
    : (epochMs[epochMs.length / 2 - 1] + epochMs[epochMs.length / 2]) / 2;
process.stdout.write(
  `${JSON.stringify({ samples_per_s: Math.round((w.samples * 10_000) / m) / 10, epoch_ms: Math.round(m * 10) / 10, first_epoch_ms: Math.round(firstEpochMs * 10) / 10 })}\n`,
);
process.exit(0);
