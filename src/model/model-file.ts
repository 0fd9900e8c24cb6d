// The model file ("export trained weights"): config, preprocessing, weights in Keras layout, history.
// Format: ../../DESIGN.md "Model file". Import is strict and names the exact path of anything wrong.
import { z } from 'zod';
import { inputStatName, targetStatName } from '../data/differences.ts';
import { float32ToJsonNumber } from '../data/float32.ts';
import type { Preprocessing } from '../data/prepare.ts';
import { formatZodError, type RunConfig, RunConfigSchema } from './config.ts';
import {
  buildLayout,
  DENSE_BIAS,
  DENSE_KERNEL,
  entry,
  lstmParamNames,
  normParamNames,
  view,
} from './layout.ts';
import type { ModelSpec, NormSpec } from './spec.ts';
import { specFromConfig, type TrainHistory } from './trainer.ts';

export const MODEL_FORMAT = 'webgpu-lstm.model';
export const MODEL_VERSION = 1;
/** Refuse absurd files before allocating for them (a 4096-unit LSTM stack is far below this). */
const MAX_TENSOR = 64 * 1024 * 1024;

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

const TensorSchema = z
  .object({
    shape: z.array(z.number().int().min(1)).min(1).max(2),
    data: z.array(finite).max(MAX_TENSOR),
  })
  .strict()
  .superRefine((t, ctx) => {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['data'],
        message: `shape [${t.shape}] needs ${n} values, found ${t.data.length}`,
      });
    }
  });

const LstmLayerSchema = z
  .object({
    kind: z.literal('lstm'),
    inputSize: z.number().int().min(1),
    units: z.number().int().min(1),
    returnSequences: z.boolean(),
    kernel: TensorSchema,
    recurrentKernel: TensorSchema,
    bias: TensorSchema,
  })
  .strict();

const BatchNormLayerSchema = z
  .object({
    kind: z.literal('batchNorm'),
    size: z.number().int().min(1),
    epsilon: z.number().positive(),
    momentum: z.number().min(0).lt(1),
    gamma: TensorSchema,
    beta: TensorSchema,
    movingMean: TensorSchema,
    movingVariance: TensorSchema,
  })
  .strict();

const LayerNormLayerSchema = z
  .object({
    kind: z.literal('layerNorm'),
    size: z.number().int().min(1),
    epsilon: z.number().positive(),
    gamma: TensorSchema,
    beta: TensorSchema,
  })
  .strict();

const DenseLayerSchema = z
  .object({
    kind: z.literal('dense'),
    inputSize: z.number().int().min(1),
    units: z.number().int().min(1),
    activation: z.enum(['linear', 'softmax']),
    kernel: TensorSchema,
    bias: TensorSchema,
  })
  .strict();

const ScalerSchema = z
  .object({
    kind: z.enum(['standard', 'minmax', 'none']),
    columns: z.array(z.string()),
    mean: z.array(finite).optional(),
    std: z.array(finite).optional(),
    min: z.array(finite).optional(),
    max: z.array(finite).optional(),
  })
  .strict();

const PreprocessingSchema = z
  .object({
    features: z.array(z.string().min(1)).min(1),
    targets: z.array(z.string().min(1)).min(1),
    window: z.number().int().min(1),
    horizon: z.number().int().min(1),
    scaler: ScalerSchema,
    classes: z.array(z.string()).min(2).optional(),
    /**
     * Regression on first differences (absent = none): 'target' = the head predicts each step's change
     * y[t+k] − y[t+k−1] (level = y[t] + running sum); 'all' = the inputs are first differences too.
     * Differenced columns' statistics are listed in scaler.columns as "Δ<column>".
     */
    differences: z.enum(['target', 'all']).optional(),
  })
  .strict();

const HistorySchema = z
  .object({
    loss: z.array(z.number().nullable()),
    valLoss: z.array(z.number().nullable()),
    lr: z.array(z.number()),
    epochMs: z.array(z.number()),
  })
  .strict();

export const ModelFileSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(MODEL_VERSION),
    config: RunConfigSchema,
    preprocessing: PreprocessingSchema,
    layers: z
      .array(
        z.discriminatedUnion('kind', [
          LstmLayerSchema,
          BatchNormLayerSchema,
          LayerNormLayerSchema,
          DenseLayerSchema,
        ]),
      )
      .min(2),
    history: HistorySchema,
    createdAt: z.iso.datetime(),
  })
  .strict();

export type ModelFile = z.infer<typeof ModelFileSchema>;
/** Training history as stored: a non-finite loss (a diverged epoch) is written as null. */
export type ModelHistory = z.infer<typeof HistorySchema>;
type Tensor = z.infer<typeof TensorSchema>;

export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

function tensor(flat: Float32Array, shape: number[]): Tensor {
  return { shape, data: Array.from(flat, float32ToJsonNumber) };
}

export interface ExportInput {
  config: RunConfig;
  preprocessing: Preprocessing;
  spec: ModelSpec;
  params: Float32Array;
  history: TrainHistory | ModelHistory;
  createdAt?: string;
}

export function buildModelFile(m: ExportInput): ModelFile {
  const layout = buildLayout(m.spec);
  const get = (name: string) => view(m.params, entry(layout, name));
  const layers: ModelFile['layers'] = [];
  m.spec.lstm.forEach((l, i) => {
    const n = lstmParamNames(i);
    const inputSize = i === 0 ? m.spec.inputSize : m.spec.lstm[i - 1].units;
    layers.push({
      kind: 'lstm',
      inputSize,
      units: l.units,
      returnSequences: i < m.spec.lstm.length - 1,
      kernel: tensor(get(n.kernel), [inputSize, 4 * l.units]),
      recurrentKernel: tensor(get(n.recurrentKernel), [l.units, 4 * l.units]),
      bias: tensor(get(n.bias), [4 * l.units]),
    });
    if (!l.norm) return;
    const k = normParamNames(i);
    const common = {
      size: l.units,
      epsilon: l.norm.epsilon,
      gamma: tensor(get(k.gamma), [l.units]),
      beta: tensor(get(k.beta), [l.units]),
    };
    if (l.norm.kind === 'layer') layers.push({ kind: 'layerNorm', ...common });
    else {
      layers.push({
        kind: 'batchNorm',
        ...common,
        momentum: l.norm.momentum,
        movingMean: tensor(get(k.movingMean), [l.units]),
        movingVariance: tensor(get(k.movingVariance), [l.units]),
      });
    }
  });
  const d = entry(layout, DENSE_KERNEL);
  layers.push({
    kind: 'dense',
    inputSize: d.shape[0],
    units: d.shape[1],
    activation: m.spec.task === 'classification' ? 'softmax' : 'linear',
    kernel: tensor(get(DENSE_KERNEL), d.shape),
    bias: tensor(get(DENSE_BIAS), [d.shape[1]]),
  });
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    config: m.config,
    preprocessing: m.preprocessing,
    layers,
    history: {
      loss: m.history.loss.map(finiteOrNull),
      valLoss: m.history.valLoss.map(finiteOrNull),
      lr: m.history.lr,
      epochMs: m.history.epochMs,
    },
    createdAt: m.createdAt ?? new Date().toISOString(),
  };
}

function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

export function serializeModelFile(file: ModelFile): string {
  return `${JSON.stringify(file)}\n`;
}

export interface LoadedModel {
  file: ModelFile;
  spec: ModelSpec;
  params: Float32Array;
}

function fail(path: string, message: string): never {
  throw new ModelFileError(`Invalid model file: ${path}: ${message}`);
}

/** Parse and validate a model file; every problem names its path (e.g. layers[1].kernel.shape). */
export function parseModelFile(text: string): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(
      `This is not a JSON file (${(e as Error).message}). Choose a model file exported by webgpu-lstm.`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    fail('(root)', 'expected a JSON object');
  }
  const head = json as Record<string, unknown>;
  if (head.format !== MODEL_FORMAT) {
    fail(
      'format',
      `expected "${MODEL_FORMAT}", found ${JSON.stringify(head.format)}; this is not a webgpu-lstm model file`,
    );
  }
  if (typeof head.version === 'number' && head.version > MODEL_VERSION) {
    fail(
      'version',
      `version ${head.version} is newer than this webgpu-lstm reads (${MODEL_VERSION}); update webgpu-lstm`,
    );
  }
  const r = ModelFileSchema.safeParse(json);
  if (!r.success) throw new ModelFileError(`Invalid model file:\n${formatZodError(r.error)}`);
  const file = r.data;
  const dense = file.layers[file.layers.length - 1];
  const denseAt = `layers[${file.layers.length - 1}]`;
  if (dense.kind !== 'dense') fail(`${denseAt}.kind`, 'the last layer must be the dense head');
  const pre = file.preprocessing;
  // Walk the stack: LSTM, optionally one normalization layer after it (not after the last LSTM).
  type Lstm = z.infer<typeof LstmLayerSchema>;
  type Norm = z.infer<typeof BatchNormLayerSchema> | z.infer<typeof LayerNormLayerSchema>;
  const stack: { lstm: Lstm; at: number; norm: Norm | null }[] = [];
  file.layers.slice(0, -1).forEach((l, k) => {
    const at = `layers[${k}]`;
    if (l.kind === 'dense') fail(`${at}.kind`, 'only the last layer may be dense');
    if (l.kind === 'lstm') {
      stack.push({ lstm: l, at: k, norm: null });
      return;
    }
    const prev = stack[stack.length - 1];
    if (!prev || prev.norm || prev.at !== k - 1)
      fail(`${at}.kind`, `a ${l.kind} layer must directly follow an LSTM layer`);
    if (l.size !== prev.lstm.units)
      fail(`${at}.size`, `expected ${prev.lstm.units} (the units of the LSTM before it), found ${l.size}`);
    const shapes: [string, Tensor][] =
      l.kind === 'batchNorm'
        ? [
            ['gamma', l.gamma],
            ['beta', l.beta],
            ['movingMean', l.movingMean],
            ['movingVariance', l.movingVariance],
          ]
        : [
            ['gamma', l.gamma],
            ['beta', l.beta],
          ];
    for (const [name, t] of shapes) {
      if (t.shape.join(',') !== `${l.size}`)
        fail(`${at}.${name}.shape`, `expected [${l.size}], found [${t.shape}]`);
    }
    prev.norm = l;
  });
  if (stack.length === 0) fail('layers[0].kind', 'a model has at least one LSTM layer');
  const lastNorm = stack[stack.length - 1].norm;
  if (lastNorm)
    fail(
      `layers[${stack[stack.length - 1].at + 1}].kind`,
      'normalization goes between LSTM layers, not after the last',
    );
  stack.forEach(({ lstm: l, at: k }, i) => {
    const at = `layers[${k}]`;
    const want = i === 0 ? pre.features.length : stack[i - 1].lstm.units;
    if (l.inputSize !== want)
      fail(`${at}.inputSize`, `expected ${want} (the size of the input to this layer), found ${l.inputSize}`);
    if (l.returnSequences !== i < stack.length - 1) {
      fail(
        `${at}.returnSequences`,
        i < stack.length - 1 ? 'must be true below another LSTM' : 'must be false for the last LSTM',
      );
    }
    const g = 4 * l.units;
    const shapes: [string, Tensor, number[]][] = [
      ['kernel', l.kernel, [l.inputSize, g]],
      ['recurrentKernel', l.recurrentKernel, [l.units, g]],
      ['bias', l.bias, [g]],
    ];
    for (const [name, t, shape] of shapes) {
      if (t.shape.join(',') !== shape.join(','))
        fail(`${at}.${name}.shape`, `expected [${shape}], found [${t.shape}]`);
    }
  });
  const lastUnits = stack[stack.length - 1].lstm.units;
  const at = denseAt;
  if (dense.inputSize !== lastUnits)
    fail(`${at}.inputSize`, `expected ${lastUnits}, found ${dense.inputSize}`);
  if (dense.kernel.shape.join(',') !== `${dense.inputSize},${dense.units}`) {
    fail(`${at}.kernel.shape`, `expected [${dense.inputSize},${dense.units}], found [${dense.kernel.shape}]`);
  }
  if (dense.bias.shape.join(',') !== `${dense.units}`) {
    fail(`${at}.bias.shape`, `expected [${dense.units}], found [${dense.bias.shape}]`);
  }
  const classification = file.config.model.task === 'classification';
  if (dense.activation !== (classification ? 'softmax' : 'linear')) {
    fail(
      `${at}.activation`,
      `a ${file.config.model.task} model has a ${classification ? 'softmax' : 'linear'} head`,
    );
  }
  if (classification && !pre.classes)
    fail('preprocessing.classes', 'a classification model lists its classes');
  const perStep = classification ? pre.classes!.length : pre.targets.length;
  if (dense.units !== perStep * pre.horizon) {
    fail(
      `${at}.units`,
      `expected ${perStep * pre.horizon} (${perStep} per step × horizon ${pre.horizon}), found ${dense.units}`,
    );
  }
  const sc = pre.scaler;
  const stats = sc.kind === 'standard' ? ['mean', 'std'] : sc.kind === 'minmax' ? ['min', 'max'] : [];
  for (const k of stats) {
    const arr = sc[k as 'mean'];
    if (!arr || arr.length !== sc.columns.length) {
      fail(`preprocessing.scaler.${k}`, `expected ${sc.columns.length} values, one per scaler column`);
    }
  }
  if (classification && pre.differences)
    fail('preprocessing.differences', 'a classification model has no differences; leave the field out');
  for (const f of pre.features) {
    const name = inputStatName(pre, f);
    if (!sc.columns.includes(name)) fail('preprocessing.scaler.columns', `missing feature "${name}"`);
  }
  if (pre.differences) {
    // A differenced target's statistics are those of its changes, never its levels'.
    for (const t of pre.targets) {
      const name = targetStatName(pre, t);
      if (!sc.columns.includes(name)) fail('preprocessing.scaler.columns', `missing target "${name}"`);
    }
  }
  // The model's own structure wins over config.model (it is what the weights were trained with).
  const config: RunConfig = {
    ...file.config,
    model: {
      ...file.config.model,
      layers: stack.map(({ lstm, norm }, i) => ({
        units: lstm.units,
        dropout: file.config.model.layers[i]?.dropout ?? 0,
        norm: norm ? (norm.kind === 'batchNorm' ? 'batch' : 'layer') : 'none',
      })),
    },
  };
  const spec = specFromConfig(config, pre as Preprocessing);
  stack.forEach(({ norm }, i) => {
    // Keep the file's own epsilon/momentum rather than our defaults.
    if (norm) {
      const ns: NormSpec =
        norm.kind === 'batchNorm'
          ? { kind: 'batch', epsilon: norm.epsilon, momentum: norm.momentum }
          : { kind: 'layer', epsilon: norm.epsilon, momentum: spec.lstm[i].norm?.momentum ?? 0.99 };
      spec.lstm[i].norm = ns;
    }
  });
  const layout = buildLayout(spec);
  const params = new Float32Array(layout.total);
  const put = (name: string, t: Tensor) => view(params, entry(layout, name)).set(t.data);
  stack.forEach(({ lstm: l, norm }, i) => {
    const n = lstmParamNames(i);
    put(n.kernel, l.kernel);
    put(n.recurrentKernel, l.recurrentKernel);
    put(n.bias, l.bias);
    if (!norm) return;
    const k = normParamNames(i);
    put(k.gamma, norm.gamma);
    put(k.beta, norm.beta);
    if (norm.kind === 'batchNorm') {
      put(k.movingMean, norm.movingMean);
      put(k.movingVariance, norm.movingVariance);
    }
  });
  put(DENSE_KERNEL, dense.kernel);
  put(DENSE_BIAS, dense.bias);
  return { file: { ...file, config }, spec, params };
}
