// The user-facing run configuration (what the app's forms and the CLI flags fill in, and what the model
// file stores under "config"): data choices, architecture and training settings, validated with zod.
import { z } from 'zod';

/** A numeric field's allowed range (exclusive ends say so); the app's forms check the same bounds. */
export interface Bound {
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  readonly integer?: boolean;
}

/** Every numeric field's bounds, in one place: the schemas below are built from them. */
export const CONFIG_BOUNDS = {
  window: { min: 1, max: 10_000, integer: true },
  horizon: { min: 1, max: 1_000, integer: true },
  stride: { min: 1, max: 10_000, integer: true },
  valSplit: { min: 0, max: 0.9 },
  testSplit: { min: 0, max: 0.9 },
  units: { min: 1, max: 4096, integer: true },
  dropout: { min: 0, max: 0.95 },
  layers: { min: 1, max: 16, integer: true },
  huberDelta: { min: 0, exclusiveMin: true },
  lr: { min: 0, exclusiveMin: true, max: 10 },
  momentum: { min: 0, max: 0.999 },
  rho: { min: 0, max: 0.9999 },
  beta1: { min: 0, max: 0.9999 },
  beta2: { min: 0, max: 0.99999 },
  epsilon: { min: 0, exclusiveMin: true, max: 1 },
  weightDecay: { min: 0, max: 1 },
  batchSize: { min: 1, max: 65_536, integer: true },
  epochs: { min: 1, max: 100_000, integer: true },
  clipNorm: { min: 0, exclusiveMin: true },
  seed: { min: 0, max: 0xffffffff, integer: true },
  patience: { min: 0, integer: true },
  minDelta: { min: 0 },
  plateauFactor: { min: 0, exclusiveMin: true, max: 1, exclusiveMax: true },
  minLr: { min: 0 },
} as const satisfies Record<string, Bound>;

/** z.number() with a bound's checks, in the order int, lower end, upper end. */
function num(b: Bound) {
  let s = z.number();
  if (b.integer) s = s.int();
  if (b.min !== undefined) s = b.exclusiveMin ? s.gt(b.min) : s.min(b.min);
  if (b.max !== undefined) s = b.exclusiveMax ? s.lt(b.max) : s.max(b.max);
  return s;
}

const B = CONFIG_BOUNDS;

export const DataConfigSchema = z
  .object({
    features: z.array(z.string().min(1)).min(1),
    targets: z.array(z.string().min(1)).min(1),
    time: z.string().nullable().default(null),
    window: num(B.window).default(32),
    horizon: num(B.horizon).default(1),
    stride: num(B.stride).default(1),
    /** Fractions of the windows, taken chronologically: train, then validation, then test. */
    valSplit: num(B.valSplit).default(0.2),
    testSplit: num(B.testSplit).default(0),
    scale: z.enum(['standard', 'minmax', 'none']).default('standard'),
    /**
     * Regression on a trend: predict each step's change instead of the level ('target'), and feed the
     * inputs as changes too ('all'); predictions are turned back into levels. Absent = none.
     */
    differences: z.enum(['none', 'target', 'all']).default('none'),
    /** Gaps in features or targets: drop the windows that touch one, forward-fill, or interpolate. */
    missing: z.enum(['drop', 'ffill', 'linear']).default('drop'),
    /** Text in a numeric column: an error naming the cell, or treated as a missing value. */
    invalid: z.enum(['error', 'missing']).default('error'),
    /** Stacked series: the id column and the one series to use (null = all, windows never crossing). */
    series: z
      .object({ column: z.string().min(1), value: z.string().nullable().default(null) })
      .strict()
      .nullable()
      .default(null),
    /** How ambiguous d/m/y dates were read (null = decided from the data). */
    dateOrder: z.enum(['dmy', 'mdy']).nullable().default(null),
    /**
     * Columns read as labels even where they hold numbers (class codes 0/1/2: a class column, or one-hot
     * inputs); the CLI's --categorical. Absent = none (every file written before it existed).
     */
    categorical: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const LayerConfigSchema = z
  .object({
    units: num(B.units),
    dropout: num(B.dropout).default(0),
    /** Normalization of this layer's output (between LSTM layers only). */
    norm: z.enum(['none', 'batch', 'layer']).default('none'),
  })
  .strict();

export const ModelConfigSchema = z
  .object({
    task: z.enum(['regression', 'classification']).default('regression'),
    layers: z.array(LayerConfigSchema).min(B.layers.min).max(B.layers.max),
    loss: z.enum(['mse', 'mae', 'huber', 'crossentropy']).default('mse'),
    huberDelta: num(B.huberDelta).default(1),
  })
  .strict();

export const OptimizerConfigSchema = z
  .object({
    kind: z.enum(['sgd', 'rmsprop', 'adam', 'adamw']).default('adam'),
    lr: num(B.lr).default(1e-3),
    momentum: num(B.momentum).default(0),
    nesterov: z.boolean().default(false),
    rho: num(B.rho).default(0.9),
    beta1: num(B.beta1).default(0.9),
    beta2: num(B.beta2).default(0.999),
    epsilon: num(B.epsilon).default(1e-8),
    weightDecay: num(B.weightDecay).default(0),
  })
  .strict();

export const TrainingConfigSchema = z
  .object({
    optimizer: OptimizerConfigSchema.prefault({}),
    batchSize: num(B.batchSize).default(64),
    epochs: num(B.epochs).default(50),
    /** Global-norm clipping threshold; null = no clipping. */
    clipNorm: num(B.clipNorm).nullable().default(1),
    seed: num(B.seed).default(42),
    shuffle: z.boolean().default(true),
    earlyStopping: z
      .object({
        /** Epochs without improvement of the validation loss before stopping; 0 = off. */
        patience: num(B.patience).default(5),
        minDelta: num(B.minDelta).default(0),
        /** Return the best epoch's weights (by validation loss, else training loss), however the run ends. */
        restoreBest: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    reduceLrOnPlateau: z
      .object({
        /** Epochs without improvement before the learning rate is multiplied by factor; 0 = off. */
        patience: num(B.patience).default(0),
        factor: num(B.plateauFactor).default(0.5),
        minLr: num(B.minLr).default(1e-6),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const RunConfigSchema = z
  .object({
    data: DataConfigSchema,
    model: ModelConfigSchema,
    training: TrainingConfigSchema.prefault({}),
  })
  .strict();

export type DataConfig = z.infer<typeof DataConfigSchema>;
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;
export type RunConfig = z.infer<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;

/** "data.window: Too small: expected number to be >=1" — the exact path of each problem, one per line. */
export function formatZodError(err: z.ZodError, root = ''): string {
  return err.issues
    .map((i) => {
      const path = [root, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
        .filter(Boolean)
        .join('.')
        .replace(/\.\[/g, '[');
      return `${path || '(root)'}: ${i.message}`;
    })
    .join('\n');
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseRunConfig(input: unknown): RunConfig {
  const r = RunConfigSchema.safeParse(input);
  if (!r.success) throw new ConfigError(`Invalid configuration:\n${formatZodError(r.error, 'config')}`);
  const cfg = r.data;
  if (cfg.model.task === 'classification' && cfg.model.loss !== 'crossentropy') {
    // The only loss that makes sense for classes; set it rather than fail on a default.
    cfg.model.loss = 'crossentropy';
    // Classes have no differences; the regression-only choice is dropped rather than failed on.
    cfg.data.differences = 'none';
  }
  if (cfg.model.task === 'regression' && cfg.model.loss === 'crossentropy') {
    throw new ConfigError(
      'config.model.loss: cross-entropy needs task "classification"; use mse, mae or huber',
    );
  }
  if (cfg.model.task === 'classification' && cfg.data.targets.length !== 1) {
    throw new ConfigError('config.data.targets: classification predicts exactly one class column');
  }
  return cfg;
}
