// What the engine needs to know about a model: shapes, task and loss. Built from the user-facing config
// (config.ts) and the data (features, targets, classes).

export type Task = 'regression' | 'classification';
export type LossKind = 'mse' | 'mae' | 'huber' | 'crossentropy';

export interface NormSpec {
  /** Keras BatchNormalization (over batch and time) or LayerNormalization (over features). */
  kind: 'batch' | 'layer';
  epsilon: number;
  /** Batch norm: moving statistics keep this fraction of their old value per training step. */
  momentum: number;
}

export const NORM_DEFAULTS = { epsilon: 1e-3, momentum: 0.99 };

export interface LstmLayerSpec {
  units: number;
  /** Normalization of this layer's output sequence (before dropout); only between LSTM layers. */
  norm: NormSpec | null;
  /** Dropout on this layer's output sequence during training (0 = none). */
  dropout: number;
}

export interface ModelSpec {
  /** F: features per timestep. */
  inputSize: number;
  /** T: timesteps per window. */
  window: number;
  /** h: steps predicted after the window's last row. */
  horizon: number;
  /** Regression: target columns. Classification: always 1 (the class column). */
  targets: number;
  /** Classification: K classes (softmax over each group of K head units). Regression: 0. */
  classes: number;
  task: Task;
  loss: LossKind;
  huberDelta: number;
  lstm: LstmLayerSpec[];
}

/** Head units: targets × horizon (regression) or classes × horizon (classification), step-major. */
export function outputSize(spec: ModelSpec): number {
  return spec.task === 'classification' ? spec.classes * spec.horizon : spec.targets * spec.horizon;
}

/** Values per window in the target tensor: regression values, or one class index per step. */
export function targetSize(spec: ModelSpec): number {
  return spec.targets * spec.horizon;
}

export function layerInputSize(spec: ModelSpec, l: number): number {
  return l === 0 ? spec.inputSize : spec.lstm[l - 1].units;
}

export function validateSpec(spec: ModelSpec): void {
  const bad = (what: string) => {
    throw new RangeError(`Invalid model: ${what}`);
  };
  const posInt = (n: number) => Number.isInteger(n) && n > 0;
  if (!posInt(spec.inputSize)) bad(`inputSize must be a positive integer, got ${spec.inputSize}`);
  if (!posInt(spec.window)) bad(`window must be a positive integer, got ${spec.window}`);
  if (!posInt(spec.horizon)) bad(`horizon must be a positive integer, got ${spec.horizon}`);
  if (!posInt(spec.targets)) bad(`targets must be a positive integer, got ${spec.targets}`);
  if (spec.lstm.length === 0) bad('at least one LSTM layer is needed');
  spec.lstm.forEach((l, i) => {
    if (!posInt(l.units)) bad(`layer ${i + 1}: units must be a positive integer, got ${l.units}`);
    if (!(l.dropout >= 0 && l.dropout < 1))
      bad(`layer ${i + 1}: dropout must be in [0, 1), got ${l.dropout}`);
    if (l.norm && i === spec.lstm.length - 1)
      bad(`layer ${i + 1}: normalization goes between LSTM layers, not after the last`);
    if (l.norm && !(l.norm.epsilon > 0)) bad(`layer ${i + 1}: normalization epsilon must be > 0`);
    if (l.norm && !(l.norm.momentum >= 0 && l.norm.momentum < 1))
      bad(`layer ${i + 1}: momentum must be in [0, 1)`);
  });
  if (spec.task === 'classification') {
    if (spec.loss !== 'crossentropy') bad('classification uses the cross-entropy loss');
    if (!(Number.isInteger(spec.classes) && spec.classes >= 2))
      bad('classification needs at least 2 classes');
    if (spec.targets !== 1) bad('classification predicts one class column');
  } else if (spec.loss === 'crossentropy') {
    bad('cross-entropy is for classification; use mse, mae or huber for regression');
  }
  if (spec.loss === 'huber' && !(spec.huberDelta > 0)) bad('huber delta must be > 0');
}
