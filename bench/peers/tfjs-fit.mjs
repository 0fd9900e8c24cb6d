// The TensorFlow.js side of the benchmark, shared by the Node peer (tfjs.mjs, Dawn) and the Chromium bench
// page (bench/browser): the workload as tf.layers.lstm + model.fit (Adam lr 1e-3, same shapes and batch),
// timed like our engine: median of the timed epochs after one warm-up epoch, and the first epoch from
// building the model. `tf` is the loaded @tensorflow/tfjs with its webgpu backend already set.
// w: { id, features, window, layers, classes, batch, samples, timedEpochs }

/**
 * Resolves to { samples_per_s, epoch_ms, first_epoch_ms, first_batch_ms }; `log` gets a line per epoch.
 * The first batch is timed by a callback of its own that reads back that batch's loss once: a CustomCallback's
 * onBatchEnd would read every batch's loss (a GPU sync per batch) and slow TF.js down.
 */
export async function fitWorkload(tf, w, log, label = 'tfjs-webgpu') {
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
    tf.layers.dense({
      units: w.classes > 0 ? w.classes : 1,
      activation: w.classes > 0 ? 'softmax' : 'linear',
    }),
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
  let firstBatchMs = 0;
  let start = performance.now();
  class FirstBatch extends tf.Callback {
    async onBatchEnd(_batch, logs) {
      if (firstBatchMs !== 0) return;
      const loss = logs?.loss;
      if (loss && typeof loss.data === 'function') await loss.data();
      firstBatchMs = performance.now() - t0;
    }
  }
  await model.fit(x, y, {
    epochs: w.timedEpochs + 1,
    batchSize: w.batch,
    shuffle: true,
    verbose: 0,
    callbacks: [
      new tf.CustomCallback({
        onEpochBegin: async () => {
          start = performance.now();
        },
        onEpochEnd: async (epoch) => {
          const ms = performance.now() - start;
          if (epoch === 0) firstEpochMs = performance.now() - t0;
          else epochMs.push(ms);
          log(`${w.id} ${label} epoch ${epoch + 1}/${w.timedEpochs + 1}: ${Math.round(ms)} ms`);
        },
      }),
      new FirstBatch(),
    ],
  });
  tf.dispose([x, y]);
  model.dispose();
  epochMs.sort((a, b) => a - b);
  const m =
    epochMs.length % 2
      ? epochMs[epochMs.length >> 1]
      : (epochMs[epochMs.length / 2 - 1] + epochMs[epochMs.length / 2]) / 2;
  return {
    samples_per_s: Math.round((w.samples * 10_000) / m) / 10,
    epoch_ms: Math.round(m * 10) / 10,
    first_epoch_ms: Math.round(firstEpochMs * 10) / 10,
    first_batch_ms: Math.round(firstBatchMs * 10) / 10,
  };
}
