// The TensorFlow.js export loads in TensorFlow.js 4.22 (`tf.loadLayersModel`) and predicts what we
// predict. It runs the Keras layer semantics (LSTM, BatchNormalization and LayerNormalization in
// inference mode, Dense, per-step softmax), so it is also the check that the Keras `set_weights` mapping
// in docs/model-format.md holds: Keras itself has no package on this platform.
// Tolerance: float32 on both sides from the same weights; ~1e-6 differences from summation order, so
// atol 1e-5 + rtol 1e-4 catches a wrong gate order, transpose or activation (errors of O(0.1)).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.ts';
import { prepareInference } from '../src/data/inference.ts';
import type { Preprocessing } from '../src/data/prepare.ts';
import { unscaleTarget } from '../src/data/prepare.ts';
import { parseRunConfig, type RunConfigInput } from '../src/model/config.ts';
import { CpuBackend } from '../src/model/cpu-backend.ts';
import { initParams } from '../src/model/init.ts';
import { buildLayout } from '../src/model/layout.ts';
import {
  buildModelFile,
  type ModelFile,
  parseModelFile,
  serializeModelFile,
} from '../src/model/model-file.ts';
import { OPTIMIZER_DEFAULTS } from '../src/model/optimizer.ts';
import { Rng } from '../src/model/random.ts';
import { tfjsArtifacts } from '../src/model/tfjs-export.ts';
import { specFromConfig } from '../src/model/trainer.ts';
import { readCsv, runCli, SINE, tempDir, trainCli } from './cli-run.ts';
import { expectClose } from './helpers/expect-close.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function modelFile(task: 'regression' | 'classification'): ModelFile {
  const classification = task === 'classification';
  const input: RunConfigInput = {
    data: {
      features: ['a', 'b', 'c'],
      targets: classification ? ['label'] : ['a', 'b'],
      window: 6,
      horizon: classification ? 2 : 3,
    },
    model: {
      task,
      layers: [{ units: 7, norm: 'batch' }, { units: 5, norm: 'layer' }, { units: 4 }],
      loss: classification ? 'crossentropy' : 'mse',
    },
  };
  const config = parseRunConfig(input);
  const pre: Preprocessing = {
    features: ['a', 'b', 'c'],
    targets: config.data.targets,
    window: 6,
    horizon: config.data.horizon,
    scaler: { kind: 'none', columns: ['a', 'b', 'c'] },
    ...(classification ? { classes: ['x', 'y', 'z'] } : {}),
  };
  const spec = specFromConfig(config, pre);
  const params = initParams(spec, 9);
  const rng = new Rng(2);
  // Non-trivial normalization weights and statistics, so a mix-up shows.
  for (const e of buildLayout(spec).entries) {
    if (e.name.startsWith('norm'))
      for (let i = 0; i < e.size; i++) params[e.offset + i] = Math.fround(0.6 + 0.8 * rng.next());
  }
  return buildModelFile({
    config,
    preprocessing: pre,
    spec,
    params,
    history: { loss: [], valLoss: [], lr: [], epochMs: [] },
  });
}

async function compare(file: ModelFile) {
  const loaded = parseModelFile(serializeModelFile(file));
  const pre = file.preprocessing;
  const rows = 40;
  const rng = new Rng(7);
  const x = Float32Array.from({ length: rows * pre.features.length }, () => rng.normal());
  const ends = Int32Array.from({ length: rows - pre.window + 1 }, (_, k) => pre.window - 1 + k);
  const rt = new CpuBackend().createRuntime(loaded.spec, {
    batchSize: 16,
    optimizer: OPTIMIZER_DEFAULTS.adam,
    clipNorm: null,
    seed: 1,
  });
  rt.setSeries({ rows, x, y: new Float32Array(rows * loaded.spec.targets) });
  rt.setParams(loaded.params);
  const ours = await rt.predict(ends);

  const art = tfjsArtifacts(file);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: art.modelJson.modelTopology,
      weightSpecs: art.modelJson.weightsManifest[0].weights,
      weightData: art.weightData,
    }),
  );
  const F = pre.features.length;
  const input = new Float32Array(ends.length * pre.window * F);
  ends.forEach((r, b) => {
    input.set(x.subarray((r - pre.window + 1) * F, (r + 1) * F), b * pre.window * F);
  });
  const out = model.predict(tf.tensor3d(input, [ends.length, pre.window, F])) as tf.Tensor;
  const theirs = await out.data();
  expect(theirs.length).toBe(ours.length);
  expectClose(theirs, ours, { atol: 1e-5, rtol: 1e-4 }, 'TF.js vs webgpu-lstm outputs');
  return model;
}

describe('TensorFlow.js export', () => {
  it('regression, three LSTMs with batch and layer norm, horizon 3: same outputs', async () => {
    const model = await compare(modelFile('regression'));
    const lstm = model.layers[0].getConfig();
    expect(lstm.recurrentActivation ?? lstm.recurrent_activation).toBe('sigmoid');
  });

  it('classification, horizon 2: same per-step softmax probabilities', async () => {
    await compare(modelFile('classification'));
  });

  it('`webgpu-lstm export --format tfjs` writes files TF.js loads, predicting what `predict` predicts', async () => {
    const dir = tempDir();
    const model = join(dir, 'm.json');
    await trainCli(SINE, ['--target', 'wave', '--window', '8', '--layers', '6,4', '--epochs', '1'], model);
    const out = join(dir, 'tfjs');
    const exported = await runCli(['export', model, '--format', 'tfjs', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const modelJson = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const bin = readFileSync(join(out, modelJson.weightsManifest[0].paths[0]));
    const tfModel = await tf.loadLayersModel({
      load: async () => ({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    });
    // The model's own scaled inputs for every window, as `predict` builds them.
    const { file } = parseModelFile(readFileSync(model, 'utf8'));
    const pre = file.preprocessing as Preprocessing;
    const input = prepareInference(parseCsv(readFileSync(SINE)), pre, 'regression');
    const F = pre.features.length;
    const T = pre.window;
    const ends = input.ends;
    const xs = new Float32Array(ends.length * T * F);
    ends.forEach((r, b) => {
      xs.set(input.series.x.subarray((r - T + 1) * F, (r + 1) * F), b * T * F);
    });
    const scaled = await (tfModel.predict(tf.tensor3d(xs, [ends.length, T, F])) as tf.Tensor).data();
    const predicted = await runCli(['predict', model, SINE]);
    const csv = readCsv(predicted.stdout);
    const col = csv.header.indexOf('wave');
    expect(csv.rows).toHaveLength(ends.length);
    csv.rows.forEach((row, k) => {
      const v = unscaleTarget(pre, 'wave', scaled[k]);
      expect(Math.abs(v - Number(row[col]))).toBeLessThan(1e-4 * (1 + Math.abs(v)));
    });
  });
});
