// A model file as a TensorFlow.js LayersModel (`model.json` + one weights file) that
// `tf.loadLayersModel` loads. Keras-format topology: an LSTM stack with its normalization layers and the
// dense head, every activation and initializer written out (TF.js would otherwise default to a
// hard-sigmoid recurrent activation and Glorot-normal kernels). Inputs are the model's scaled features,
// (batch, window, features); outputs as webgpu-lstm's head: (batch, units), or for classification with
// a horizon over 1, (batch, horizon, classes) with a softmax per step.
import type { ModelFile } from './model-file.ts';

export const TFJS_WEIGHTS_FILE = 'weights.bin';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface TfjsArtifacts {
  /** The `model.json` object. */
  modelJson: {
    format: 'layers-model';
    generatedBy: string;
    convertedBy: null;
    modelTopology: Record<string, unknown>;
    weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  };
  /** The weights file: every tensor of weightsManifest, little-endian float32, in order. */
  weightData: ArrayBuffer;
}

const glorotUniform = { class_name: 'GlorotUniform', config: { seed: null } };
const zeros = { class_name: 'Zeros', config: {} };
const ones = { class_name: 'Ones', config: {} };
const noRegularizers = {
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};

export function tfjsArtifacts(file: ModelFile): TfjsArtifacts {
  const pre = file.preprocessing;
  const layers: Record<string, unknown>[] = [];
  const weights: { spec: WeightSpec; data: number[] }[] = [];
  const add = (name: string, t: { shape: number[]; data: number[] }) =>
    weights.push({ spec: { name, shape: t.shape, dtype: 'float32' }, data: t.data });
  let lstmIndex = 0;
  for (const l of file.layers) {
    if (l.kind === 'lstm') {
      const name = `lstm_${lstmIndex++}`;
      layers.push({
        class_name: 'LSTM',
        config: {
          name,
          trainable: true,
          dtype: 'float32',
          ...(layers.length === 0 ? { batch_input_shape: [null, pre.window, pre.features.length] } : {}),
          units: l.units,
          activation: 'tanh',
          recurrent_activation: 'sigmoid',
          use_bias: true,
          kernel_initializer: glorotUniform,
          recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1, seed: null } },
          bias_initializer: zeros,
          unit_forget_bias: true,
          ...noRegularizers,
          recurrent_regularizer: null,
          recurrent_constraint: null,
          dropout: 0,
          recurrent_dropout: 0,
          implementation: 2,
          return_sequences: l.returnSequences,
          return_state: false,
          go_backwards: false,
          stateful: false,
          unroll: false,
        },
      });
      add(`${name}/kernel`, l.kernel);
      add(`${name}/recurrent_kernel`, l.recurrentKernel);
      add(`${name}/bias`, l.bias);
    } else if (l.kind === 'batchNorm' || l.kind === 'layerNorm') {
      const name = `norm_${lstmIndex - 1}`;
      const common = {
        name,
        trainable: true,
        epsilon: l.epsilon,
        center: true,
        scale: true,
        beta_initializer: zeros,
        gamma_initializer: ones,
        beta_regularizer: null,
        gamma_regularizer: null,
        beta_constraint: null,
        gamma_constraint: null,
      };
      if (l.kind === 'batchNorm') {
        layers.push({
          class_name: 'BatchNormalization',
          config: {
            ...common,
            axis: -1,
            momentum: l.momentum,
            moving_mean_initializer: zeros,
            moving_variance_initializer: ones,
          },
        });
      } else {
        layers.push({ class_name: 'LayerNormalization', config: { ...common, axis: -1 } });
      }
      add(`${name}/gamma`, l.gamma);
      add(`${name}/beta`, l.beta);
      if (l.kind === 'batchNorm') {
        add(`${name}/moving_mean`, l.movingMean);
        add(`${name}/moving_variance`, l.movingVariance);
      }
    } else {
      const K = pre.classes?.length ?? 0;
      const stepSoftmax = K > 0 && pre.horizon > 1;
      layers.push({
        class_name: 'Dense',
        config: {
          name: 'dense',
          trainable: true,
          units: l.units,
          activation: stepSoftmax ? 'linear' : l.activation,
          use_bias: true,
          kernel_initializer: glorotUniform,
          bias_initializer: zeros,
          ...noRegularizers,
        },
      });
      add('dense/kernel', l.kernel);
      add('dense/bias', l.bias);
      if (stepSoftmax) {
        layers.push({
          class_name: 'Reshape',
          config: { name: 'steps', trainable: true, target_shape: [pre.horizon, K] },
        });
        layers.push({ class_name: 'Softmax', config: { name: 'softmax', trainable: true, axis: -1 } });
      }
    }
  }
  const total = weights.reduce((s, w) => s + w.data.length, 0);
  const data = new Float32Array(total);
  let at = 0;
  for (const w of weights) {
    data.set(w.data, at);
    at += w.data.length;
  }
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `webgpu-lstm (model format ${file.version})`,
      convertedBy: null,
      modelTopology: {
        class_name: 'Sequential',
        config: { name: 'webgpu_lstm', layers },
        keras_version: 'tfjs-layers 4.22.0',
        backend: 'tensor_flow.js',
      },
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: weights.map((w) => w.spec) }],
    },
    weightData: data.buffer,
  };
}
