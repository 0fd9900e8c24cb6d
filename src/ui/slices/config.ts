// Config slice: the run configuration the forms edit (the same RunConfig the CLI and the model file use),
// with defaults chosen from the data when a dataset loads.

import { defaultFeatures, detectTimeColumn } from '../../data/columns.ts';
import type { Dataset } from '../../data/csv.ts';
import { ONE_HOT_LIMIT } from '../../data/features.ts';
import {
  type DataConfig,
  type ModelConfig,
  type RunConfig,
  RunConfigSchema,
  type TrainingConfig,
} from '../../model/config.ts';
import type { DataSource } from './data.ts';
import type { Slice } from './types.ts';

export type LayerConfig = ModelConfig['layers'][number];
type OptimizerConfig = TrainingConfig['optimizer'];

export interface ConfigSlice {
  config: RunConfig;
  setData(patch: Partial<DataConfig>): void;
  setModel(patch: Partial<Omit<ModelConfig, 'layers'>>): void;
  setTraining(
    patch: Partial<Omit<TrainingConfig, 'optimizer' | 'earlyStopping' | 'reduceLrOnPlateau'>>,
  ): void;
  setOptimizer(patch: Partial<OptimizerConfig>): void;
  setEarlyStopping(patch: Partial<TrainingConfig['earlyStopping']>): void;
  setPlateau(patch: Partial<TrainingConfig['reduceLrOnPlateau']>): void;
  addLayer(): void;
  removeLayer(i: number): void;
  moveLayer(i: number, by: -1 | 1): void;
  setLayer(i: number, patch: Partial<LayerConfig>): void;
  /** Choose data settings that fit a freshly loaded table (keeps the model and training settings). */
  adoptDataset(table: Dataset, source: DataSource): void;
  /** Replace everything (an imported model's config). */
  replaceConfig(config: RunConfig): void;
}

export const DEFAULT_CONFIG: RunConfig = RunConfigSchema.parse({
  data: { features: ['x'], targets: ['x'], window: 24, valSplit: 0.2, testSplit: 0.1 },
  model: { layers: [{ units: 32 }], task: 'regression', loss: 'mse' },
  training: { epochs: 20, batchSize: 32, optimizer: { kind: 'adam', lr: 0.005 } },
});

/** Normalization goes between LSTM layers only: the last layer never has one. */
function fixLayers(layers: LayerConfig[]): LayerConfig[] {
  return layers.map((l, i) => (i === layers.length - 1 && l.norm !== 'none' ? { ...l, norm: 'none' } : l));
}

function defaultsFor(table: Dataset, source: DataSource, prev: RunConfig): Pick<RunConfig, 'data' | 'model'> {
  const sample = source.kind === 'sample' ? source.sample : null;
  const time = sample?.timeColumn ?? table.time ?? detectTimeColumn(table, []);
  const series = table.series?.column ?? null;
  const numeric = table.columns.filter((c) => c.kind === 'numeric' && c.name !== time && c.name !== series);
  const categorical = table.columns.filter(
    (c) =>
      c.kind === 'categorical' && c.name !== time && c.name !== series && c.levels.length <= ONE_HOT_LIMIT,
  );
  let target =
    sample?.target ?? numeric[numeric.length - 1]?.name ?? categorical[categorical.length - 1]?.name;
  target ??= table.columns[table.columns.length - 1].name;
  const targetCol = table.columns.find((c) => c.name === target);
  const task = sample?.task ?? (targetCol?.kind === 'categorical' ? 'classification' : 'regression');
  let features: string[];
  try {
    features = defaultFeatures(table, [target], time, task, series);
  } catch {
    features = [];
  }
  const window = sample?.window ?? Math.max(2, Math.min(32, Math.floor(table.rows / 20)));
  // A new file is read as the loader decides: no column of the file before is read as labels here.
  const { categorical: _, ...kept } = prev.data;
  return {
    data: {
      ...kept,
      features,
      targets: [target],
      time,
      window,
      horizon: 1,
      stride: 1,
      differences: sample?.differences ?? 'none',
      series: series ? { column: series, value: null } : null,
      // A new file's ambiguous dates are read as the loader decides until the user picks an order.
      dateOrder: null,
    },
    model: { ...prev.model, task, loss: task === 'classification' ? 'crossentropy' : 'mse' },
  };
}

export const createConfigSlice: Slice<ConfigSlice> = (set) => ({
  config: DEFAULT_CONFIG,
  setData: (patch) => set((s) => ({ config: { ...s.config, data: { ...s.config.data, ...patch } } })),
  setModel: (patch) =>
    set((s) => {
      const model = { ...s.config.model, ...patch };
      if (patch.task === 'classification') model.loss = 'crossentropy';
      if (patch.task === 'regression' && model.loss === 'crossentropy') model.loss = 'mse';
      let data = s.config.data;
      if (patch.task && data.targets.length > 1) data = { ...data, targets: data.targets.slice(0, 1) };
      return { config: { ...s.config, data, model } };
    }),
  setTraining: (patch) =>
    set((s) => ({ config: { ...s.config, training: { ...s.config.training, ...patch } } })),
  setOptimizer: (patch) =>
    set((s) => ({
      config: {
        ...s.config,
        training: { ...s.config.training, optimizer: { ...s.config.training.optimizer, ...patch } },
      },
    })),
  setEarlyStopping: (patch) =>
    set((s) => ({
      config: {
        ...s.config,
        training: { ...s.config.training, earlyStopping: { ...s.config.training.earlyStopping, ...patch } },
      },
    })),
  setPlateau: (patch) =>
    set((s) => ({
      config: {
        ...s.config,
        training: {
          ...s.config.training,
          reduceLrOnPlateau: { ...s.config.training.reduceLrOnPlateau, ...patch },
        },
      },
    })),
  addLayer: () =>
    set((s) => {
      const layers = s.config.model.layers;
      const last = layers[layers.length - 1];
      const next: LayerConfig = {
        units: Math.max(4, Math.round((last?.units ?? 32) / 2)),
        dropout: 0,
        norm: 'none',
      };
      return { config: { ...s.config, model: { ...s.config.model, layers: fixLayers([...layers, next]) } } };
    }),
  removeLayer: (i) =>
    set((s) => {
      const layers = s.config.model.layers;
      if (layers.length <= 1) return {};
      return {
        config: {
          ...s.config,
          model: { ...s.config.model, layers: fixLayers(layers.filter((_, k) => k !== i)) },
        },
      };
    }),
  moveLayer: (i, by) =>
    set((s) => {
      const layers = [...s.config.model.layers];
      const j = i + by;
      if (j < 0 || j >= layers.length) return {};
      [layers[i], layers[j]] = [layers[j], layers[i]];
      return { config: { ...s.config, model: { ...s.config.model, layers: fixLayers(layers) } } };
    }),
  setLayer: (i, patch) =>
    set((s) => {
      const layers = s.config.model.layers.map((l, k) => (k === i ? { ...l, ...patch } : l));
      return { config: { ...s.config, model: { ...s.config.model, layers: fixLayers(layers) } } };
    }),
  adoptDataset: (table, source) =>
    set((s) => ({ config: { ...s.config, ...defaultsFor(table, source, s.config) } })),
  // A session saved before differences existed has no such field: it meant none.
  replaceConfig: (config) =>
    set({ config: { ...config, data: { ...config.data, differences: config.data.differences ?? 'none' } } }),
});
