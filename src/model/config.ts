// The user-facing run configuration (what the app's forms and the CLI flags fill in, and what the model
// file stores under "config"): data choices, architecture and training settings, validated with zod.
import { z } from 'zod';

const posInt = (max: number) => z.number().int().min(1).max(max);

export const DataConfigSchema = z
  .object({
    features: z.array(z.string().min(1)).min(1),
    targets: z.array(z.string().min(1)).min(1),
    time: z.string().nullable().default(null),
    window: posInt(10_000).default(32),
    horizon: posInt(1_000).default(1),
    stride: posInt(10_000).default(1),
    /** Fractions of the windows, taken chronologically: train, then validation, then test. */
    valSplit: z.number().min(0).max(0.9).default(0.2),
    testSplit: z.number().min(0).max(0.9).default(0),
    scale: z.enum(['standard', 'minmax', 'none']).default('standard'),
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
  })
  .strict();

export const LayerConfigSchema = z
  .object({
    units: posInt(4096),
    dropout: z.number().min(0).max(0.95).default(0),
    /** Normalization of this layer's output (between LSTM layers only). */
    norm: z.enum(['none', 'batch', 'layer']).default('none'),
  })
  .strict();

export const ModelConfigSchema = z
  .object({
    task: z.enum(['regression', 'classification']).default('regression'),
    layers: z.array(LayerConfigSchema).min(1).max(16),
    loss: z.enum(['mse', 'mae', 'huber', 'crossentropy']).default('mse'),
    huberDelta: z.number().positive().default(1),
  })
  .strict();

export const OptimizerConfigSchema = z
  .object({
    kind: z.enum(['sgd', 'rmsprop', 'adam', 'adamw']).default('adam'),
    lr: z.number().positive().max(10).default(1e-3),
    momentum: z.number().min(0).max(0.999).default(0),
    nesterov: z.boolean().default(false),
    rho: z.number().min(0).max(0.9999).default(0.9),
    beta1: z.number().min(0).max(0.9999).default(0.9),
    beta2: z.number().min(0).max(0.99999).default(0.999),
    epsilon: z.number().positive().max(1).default(1e-8),
    weightDecay: z.number().min(0).max(1).default(0),
  })
  .strict();

export const TrainingConfigSchema = z
  .object({
    optimizer: OptimizerConfigSchema.prefault({}),
    batchSize: posInt(65_536).default(64),
    epochs: posInt(100_000).default(50),
    /** Global-norm clipping threshold; null = no clipping. */
    clipNorm: z.number().positive().nullable().default(1),
    seed: z.number().int().min(0).max(0xffffffff).default(42),
    shuffle: z.boolean().default(true),
    earlyStopping: z
      .object({
        /** Epochs without improvement of the validation loss before stopping; 0 = off. */
        patience: z.number().int().min(0).default(5),
        minDelta: z.number().min(0).default(0),
        /** Return the best epoch's weights (by validation loss, else training loss), however the run ends. */
        restoreBest: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    reduceLrOnPlateau: z
      .object({
        /** Epochs without improvement before the learning rate is multiplied by factor; 0 = off. */
        patience: z.number().int().min(0).default(0),
        factor: z.number().gt(0).lt(1).default(0.5),
        minLr: z.number().min(0).default(1e-6),
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
