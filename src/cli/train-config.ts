// `train` flags → a validated RunConfig. With --init the loaded model's data choices and architecture are
// kept (a flag that contradicts them is an error) and its training settings are the defaults.

import { defaultFeatures, detectTimeColumn } from '../data/columns.ts';
import type { Dataset } from '../data/csv.ts';
import { DIFFERENCES, differencesOf } from '../data/differences.ts';
import { DataError } from '../data/errors.ts';
import { findColumn } from '../data/table.ts';
import { ConfigError, parseRunConfig, type RunConfig, type RunConfigInput } from '../model/config.ts';
import type { LoadedModel } from '../model/model-file.ts';
import type { Args, FlagSpecs } from './args.ts';
import { BACKENDS } from './backend.ts';
import { UsageError } from './errors.ts';
import {
  dateOrderFlag,
  INVALID_POLICIES,
  labelColumns,
  MISSING_POLICIES,
  PARSE_FLAGS,
  seriesChoice,
} from './load-data.ts';

export const TRAIN_FLAGS: FlagSpecs = {
  ...PARSE_FLAGS,
  target: { value: true },
  features: { value: true },
  window: { value: true },
  horizon: { value: true },
  task: { value: true },
  layers: { value: true },
  dropout: { value: true },
  loss: { value: true },
  epochs: { value: true },
  batch: { value: true },
  optimizer: { value: true },
  lr: { value: true },
  clip: { value: true },
  val: { value: true },
  patience: { value: true },
  seed: { value: true },
  init: { value: true },
  backend: { value: true },
  out: { value: true },
  time: { value: true },
  'date-order': { value: true },
  series: { value: true },
  'series-column': { value: true },
  missing: { value: true },
  invalid: { value: true },
  scale: { value: true },
  differences: { value: true },
  stride: { value: true },
  test: { value: true },
};

export const SCALES = ['standard', 'minmax', 'none'] as const;
export { DIFFERENCES };

export const TASKS = ['regression', 'classification'] as const;
export const OPTIMIZERS = ['adam', 'adamw', 'rmsprop', 'sgd'] as const;
export const LOSSES = ['mse', 'mae', 'huber', 'crossentropy'] as const;
export { BACKENDS };

/** Config paths (as parseRunConfig names them) → the flag that sets them. */
const FLAG_OF_PATH: [RegExp, string][] = [
  [/config\.data\.features(\[\d+\])?/g, '--features'],
  [/config\.data\.targets(\[\d+\])?/g, '--target'],
  [/config\.data\.window/g, '--window'],
  [/config\.data\.horizon/g, '--horizon'],
  [/config\.data\.valSplit/g, '--val'],
  [/config\.data\.testSplit/g, '--test'],
  [/config\.data\.stride/g, '--stride'],
  [/config\.model\.task/g, '--task'],
  [/config\.model\.loss/g, '--loss'],
  [/config\.model\.layers\[\d+\]\.units/g, '--layers'],
  [/config\.model\.layers\[\d+\]\.dropout/g, '--dropout'],
  [/config\.model\.layers/g, '--layers'],
  [/config\.training\.optimizer\.kind/g, '--optimizer'],
  [/config\.training\.optimizer\.lr/g, '--lr'],
  [/config\.training\.batchSize/g, '--batch'],
  [/config\.training\.epochs/g, '--epochs'],
  [/config\.training\.clipNorm/g, '--clip'],
  [/config\.training\.seed/g, '--seed'],
  [/config\.training\.earlyStopping\.patience/g, '--patience'],
];

function validate(input: RunConfigInput): RunConfig {
  try {
    return parseRunConfig(input);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    let msg = e.message.replace(/^Invalid configuration:\s*/, '');
    for (const [re, flag] of FLAG_OF_PATH) msg = msg.replace(re, flag);
    throw new UsageError(msg, 'train');
  }
}

interface Flags {
  targets?: string[];
  features?: string[];
  window?: number;
  horizon?: number;
  task?: (typeof TASKS)[number];
  layers?: number[];
  dropout?: number[];
  loss?: (typeof LOSSES)[number];
  epochs?: number;
  batch?: number;
  optimizer?: (typeof OPTIMIZERS)[number];
  lr?: number;
  clip?: number;
  val?: number;
  patience?: number;
  seed?: number;
  stride?: number;
  test?: number;
  scale?: (typeof SCALES)[number];
  differences?: (typeof DIFFERENCES)[number];
  missing?: (typeof MISSING_POLICIES)[number];
  invalid?: (typeof INVALID_POLICIES)[number];
}

function readFlags(a: Args): Flags {
  return {
    targets: a.list('target'),
    features: a.list('features'),
    window: a.int('window', { min: 1 }),
    horizon: a.int('horizon', { min: 1 }),
    task: a.oneOf('task', TASKS),
    layers: a.numbers('layers', { int: true, min: 1 }),
    dropout: a.numbers('dropout', { min: 0, max: 0.95 }),
    loss: a.oneOf('loss', LOSSES),
    epochs: a.int('epochs', { min: 1 }),
    batch: a.int('batch', { min: 1 }),
    optimizer: a.oneOf('optimizer', OPTIMIZERS),
    lr: a.number('lr', { above: 0 }),
    clip: a.number('clip', { min: 0 }),
    val: a.number('val', { min: 0, max: 0.9 }),
    patience: a.int('patience', { min: 0 }),
    seed: a.int('seed', { min: 0, max: 0xffffffff }),
    stride: a.int('stride', { min: 1 }),
    test: a.number('test', { min: 0, max: 0.9 }),
    scale: a.oneOf('scale', SCALES),
    differences: a.oneOf('differences', DIFFERENCES),
    missing: a.oneOf('missing', MISSING_POLICIES),
    invalid: a.oneOf('invalid', INVALID_POLICIES),
  };
}

function dropoutPerLayer(
  dropout: number[] | undefined,
  layers: number,
  fallback: (i: number) => number,
): number[] {
  if (!dropout) return Array.from({ length: layers }, (_, i) => fallback(i));
  if (dropout.length === 1) return new Array<number>(layers).fill(dropout[0]);
  if (dropout.length !== layers) {
    throw new UsageError(
      `--dropout has ${dropout.length} values for ${layers} layers; give one, or one per layer`,
      'train',
    );
  }
  return dropout;
}

function checkLoss(task: string, loss: string | undefined): void {
  if (loss === undefined) return;
  if (task === 'classification' && loss !== 'crossentropy') {
    throw new UsageError(
      `--loss ${loss} is for regression; a classification model always uses crossentropy`,
      'train',
    );
  }
  if (task === 'regression' && loss === 'crossentropy') {
    throw new UsageError('--loss crossentropy needs --task classification; use mse, mae or huber', 'train');
  }
}

function training(f: Flags, base: RunConfig['training'] | null): RunConfigInput['training'] {
  const opt = base?.optimizer;
  return {
    ...base,
    optimizer: { ...opt, kind: f.optimizer ?? opt?.kind ?? 'adam', lr: f.lr ?? opt?.lr ?? 1e-3 },
    batchSize: f.batch ?? base?.batchSize ?? 64,
    epochs: f.epochs ?? base?.epochs ?? 50,
    clipNorm: f.clip === undefined ? (base ? base.clipNorm : 1) : f.clip === 0 ? null : f.clip,
    seed: f.seed ?? base?.seed ?? 42,
    shuffle: true,
    earlyStopping: { ...base?.earlyStopping, patience: f.patience ?? base?.earlyStopping.patience ?? 5 },
  };
}

/** How the loader read the time column's dates (kept so predict reads new files the same way). */
function dateOrderOf(a: Args, ds: Dataset, time: string | null): 'dmy' | 'mdy' | null {
  const c = time ? findColumn(ds, time) : undefined;
  return (
    dateOrderFlag(a) ?? (c?.kind === 'time' && (c.format === 'dmy' || c.format === 'mdy') ? c.format : null)
  );
}

/** A fresh model's configuration from the flags and the loaded data (for default features and time). */
export function newTrainConfig(a: Args, table: Dataset): RunConfig {
  const f = readFlags(a);
  if (!f.targets) throw new UsageError('--target is required: name the column(s) to predict', 'train');
  const task = f.task ?? 'regression';
  if (task === 'classification' && f.targets.length !== 1) {
    throw new UsageError(
      '--task classification predicts exactly one class column; give one --target',
      'train',
    );
  }
  if (task === 'regression') {
    for (const t of f.targets) {
      const c = findColumn(table, t);
      if (c?.kind === 'categorical') {
        throw new DataError(
          `The target column "${t}" holds text (e.g. "${c.levels[0]}"), not numbers. ` +
            'To predict its classes, add --task classification.',
          null,
          t,
        );
      }
    }
  }
  checkLoss(task, f.loss);
  if (task === 'classification' && f.differences && f.differences !== 'none') {
    throw new UsageError(
      `--differences ${f.differences} is for regression (a class has no change to predict); leave it out`,
      'train',
    );
  }
  const time = table.time ?? (a.has('time') ? null : detectTimeColumn(table, f.targets));
  const series = seriesChoice(a, table, 'train');
  const features = f.features ?? defaultFeatures(table, f.targets, time, task, series?.column ?? null);
  const layers = f.layers ?? [64, 32];
  const dropout = dropoutPerLayer(f.dropout, layers.length, () => 0);
  return validate({
    data: {
      features,
      targets: f.targets,
      time,
      window: f.window ?? 32,
      horizon: f.horizon ?? 1,
      stride: f.stride ?? 1,
      valSplit: f.val ?? 0.2,
      testSplit: f.test ?? 0,
      scale: f.scale ?? 'standard',
      differences: f.differences ?? 'none',
      missing: f.missing ?? 'drop',
      invalid: f.invalid ?? 'error',
      series,
      dateOrder: dateOrderOf(a, table, time),
      ...labelColumns(a),
    },
    model: {
      task,
      layers: layers.map((units, i) => ({ units, dropout: dropout[i] })),
      loss: task === 'classification' ? 'crossentropy' : (f.loss ?? 'mse'),
    },
    training: training(f, null),
  });
}

const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Continue training a loaded model: its features, targets, window, horizon, task, layer sizes, scaler and
 * classes stay; a flag that contradicts them is an error. Other settings default to the model file's.
 */
export function continueTrainConfig(a: Args, table: Dataset, init: LoadedModel, initPath: string): RunConfig {
  const f = readFlags(a);
  const base = init.file.config;
  const pre = init.file.preprocessing;
  const units = base.model.layers.map((l) => l.units);
  const clash = (flag: string, given: string, has: string) =>
    new UsageError(
      `--${flag} ${given} contradicts the model in ${initPath}, which has ${has}. ` +
        `Leave --${flag} out to continue training that model, or train a new one without --init`,
      'train',
    );
  if (f.targets && !same(f.targets, pre.targets))
    throw clash('target', f.targets.join(','), `target ${pre.targets.join(',')}`);
  if (f.features && !same(f.features, pre.features)) {
    throw clash('features', f.features.join(','), `features ${pre.features.join(',')}`);
  }
  if (f.window !== undefined && f.window !== pre.window)
    throw clash('window', String(f.window), `window ${pre.window}`);
  if (f.horizon !== undefined && f.horizon !== pre.horizon) {
    throw clash('horizon', String(f.horizon), `horizon ${pre.horizon}`);
  }
  if (f.task && f.task !== base.model.task) throw clash('task', f.task, `task ${base.model.task}`);
  if (f.scale && f.scale !== pre.scaler.kind) throw clash('scale', f.scale, `${pre.scaler.kind} scaling`);
  const diff = differencesOf(pre);
  if (f.differences && f.differences !== diff)
    throw clash('differences', f.differences, `differences ${diff}`);
  if (f.layers && !same(f.layers, units))
    throw clash('layers', f.layers.join(','), `layers ${units.join(',')}`);
  checkLoss(base.model.task, f.loss);
  const dropout = dropoutPerLayer(f.dropout, units.length, (i) => base.model.layers[i].dropout);
  const time =
    table.time ??
    (base.data.time && findColumn(table, base.data.time)
      ? base.data.time
      : detectTimeColumn(table, pre.targets));
  // The series the model was trained on stays the default.
  const series =
    a.has('series') || !base.data.series || !table.series
      ? seriesChoice(a, table, 'train')
      : base.data.series;
  return validate({
    data: {
      ...base.data,
      features: pre.features,
      targets: pre.targets,
      time,
      window: pre.window,
      horizon: pre.horizon,
      differences: diff,
      valSplit: f.val ?? base.data.valSplit,
      testSplit: f.test ?? base.data.testSplit,
      stride: f.stride ?? base.data.stride,
      missing: f.missing ?? base.data.missing,
      invalid: f.invalid ?? base.data.invalid,
      series,
      dateOrder: dateOrderOf(a, table, time),
      ...labelColumns(a, base.data.categorical),
    },
    model: {
      ...base.model,
      layers: base.model.layers.map((l, i) => ({ ...l, dropout: dropout[i] })),
      loss: f.loss ?? base.model.loss,
    },
    training: training(f, base.training),
  });
}
