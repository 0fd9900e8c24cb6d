// Small random models and series shared by the engine tests.
import type { RuntimeOptions, SeriesData } from '../../src/model/backend.ts';
import { OPTIMIZER_DEFAULTS, type OptimizerKind } from '../../src/model/optimizer.ts';
import { Rng } from '../../src/model/random.ts';
import type { LossKind, ModelSpec } from '../../src/model/spec.ts';

export function makeSpec(
  p: Partial<ModelSpec> & { units: number[]; dropout?: number[]; norm?: ('batch' | 'layer' | null)[] },
): ModelSpec {
  const task = p.task ?? (p.loss === 'crossentropy' ? 'classification' : 'regression');
  return {
    inputSize: p.inputSize ?? 3,
    window: p.window ?? 5,
    horizon: p.horizon ?? 1,
    targets: p.targets ?? 1,
    classes: task === 'classification' ? (p.classes ?? 3) : 0,
    task,
    loss: (p.loss ?? (task === 'classification' ? 'crossentropy' : 'mse')) as LossKind,
    huberDelta: p.huberDelta ?? 1,
    lstm: p.units.map((units, i) => {
      const kind = p.norm?.[i] ?? null;
      return {
        units,
        dropout: p.dropout?.[i] ?? 0,
        norm: kind ? { kind, epsilon: 1e-3, momentum: 0.9 } : null,
      };
    }),
  };
}

export function makeOptions(
  kind: OptimizerKind = 'adam',
  over: Partial<RuntimeOptions> = {},
): RuntimeOptions {
  return { batchSize: 4, optimizer: { ...OPTIMIZER_DEFAULTS[kind] }, clipNorm: null, seed: 7, ...over };
}

/** A random series long enough for `windows` windows of the spec, with valid class labels. */
export function makeSeries(spec: ModelSpec, rows: number, seed = 1): SeriesData {
  const rng = new Rng(seed);
  const x = new Float32Array(rows * spec.inputSize);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Float32Array(rows * spec.targets);
  for (let i = 0; i < y.length; i++) {
    y[i] = spec.task === 'classification' ? Math.floor(rng.next() * spec.classes) : rng.normal();
  }
  return { rows, x, y };
}

/** Window-end rows r with r - T + 1 >= 0 and r + horizon < rows. */
export function windowEnds(spec: ModelSpec, rows: number, count: number, seed = 2): Int32Array {
  const first = spec.window - 1;
  const last = rows - spec.horizon - 1;
  const rng = new Rng(seed);
  return Int32Array.from({ length: count }, () => first + Math.floor(rng.next() * (last - first + 1)));
}
