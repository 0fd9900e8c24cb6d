// Predictions of a model on the windows of a prepared dataset, turned into what the Results panel shows:
// truth against prediction in the data's units and RMSE/MAE/MAPE, or accuracy and a confusion matrix.
import type { PreparedData } from '../data/prepare.ts';
import { unscaleTarget } from '../data/prepare.ts';
import { cellText, type Table } from '../data/table.ts';
import type { Backend } from '../model/backend.ts';
import type { OptimizerConfig } from '../model/optimizer.ts';
import type { ModelSpec } from '../model/spec.ts';
import type { RegressionSeries, Results, SplitResult } from './protocol.ts';

/** Windows at a time per predict call. */
const CHUNK = 16_384;

export async function predictWindows(
  backend: Backend,
  spec: ModelSpec,
  params: Float32Array,
  series: PreparedData['series'],
  ends: Int32Array,
  optimizer: OptimizerConfig,
): Promise<Float32Array> {
  const rt = backend.createRuntime(spec, {
    batchSize: Math.max(1, Math.min(256, ends.length)),
    optimizer,
    clipNorm: null,
    seed: 0,
  });
  try {
    rt.setSeries(series);
    rt.setParams(params);
    const parts: Float32Array[] = [];
    for (let i = 0; i < ends.length; i += CHUNK) parts.push(await rt.predict(ends.subarray(i, i + CHUNK)));
    const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return all;
  } finally {
    rt.dispose();
  }
}

function regression(
  prepared: PreparedData,
  ends: Int32Array,
  out: Float32Array,
  label: (row: number) => string,
): RegressionSeries[] {
  const { pre, series } = prepared;
  const T = pre.targets.length;
  const O = T * pre.horizon;
  return pre.targets.map((target, j) => {
    const labels: string[] = [];
    const truth: number[] = [];
    const pred: number[] = [];
    let se = 0;
    let ae = 0;
    let ape = 0;
    let n = 0;
    let nPct = 0;
    ends.forEach((r, w) => {
      for (let k = 1; k <= pre.horizon; k++) {
        const row = r + k;
        if (row >= series.rows) continue;
        const t = unscaleTarget(pre, target, series.y[row * T + j]);
        const p = unscaleTarget(pre, target, out[w * O + (k - 1) * T + j]);
        if (!Number.isFinite(t)) continue;
        const e = p - t;
        se += e * e;
        ae += Math.abs(e);
        n++;
        if (Math.abs(t) > 1e-12) {
          ape += Math.abs(e / t);
          nPct++;
        }
        if (k === 1) {
          labels.push(label(row));
          truth.push(t);
          pred.push(p);
        }
      }
    });
    return {
      target,
      labels,
      truth,
      pred,
      rmse: n > 0 ? Math.sqrt(se / n) : Number.NaN,
      mae: n > 0 ? ae / n : Number.NaN,
      mape: nPct > 0 ? (100 * ape) / nPct : null,
    };
  });
}

function classification(prepared: PreparedData, ends: Int32Array, out: Float32Array) {
  const { pre, series } = prepared;
  const classes = pre.classes ?? [];
  const K = classes.length;
  const O = K * pre.horizon;
  const confusion = classes.map(() => new Array<number>(K).fill(0));
  let right = 0;
  let n = 0;
  ends.forEach((r, w) => {
    for (let k = 1; k <= pre.horizon; k++) {
      const row = r + k;
      if (row >= series.rows) continue;
      const truth = series.y[row];
      const base = w * O + (k - 1) * K;
      let best = 0;
      for (let c = 1; c < K; c++) if (out[base + c] > out[base + best]) best = c;
      confusion[truth][best]++;
      if (truth === best) right++;
      n++;
    }
  });
  return { classes, accuracy: n > 0 ? right / n : Number.NaN, confusion };
}

/** Results on the validation and test windows (the training windows when there are neither). */
export async function computeResults(
  backend: Backend,
  spec: ModelSpec,
  params: Float32Array,
  prepared: PreparedData,
  table: Table,
  timeColumn: string | null,
  optimizer: OptimizerConfig,
): Promise<Results> {
  const time = timeColumn ? table.columns.find((c) => c.name === timeColumn) : undefined;
  const label = (row: number) => (time ? cellText(time, row) : String(row));
  const wanted: [SplitResult['split'], Int32Array][] = [
    ['validation', prepared.val],
    ['test', prepared.test],
  ];
  let sets = wanted.filter(([, e]) => e.length > 0);
  if (sets.length === 0) sets = [['training', prepared.train]];
  const splits: SplitResult[] = [];
  let fingerprint: number[] = [];
  for (const [split, ends] of sets) {
    const out = await predictWindows(backend, spec, params, prepared.series, ends, optimizer);
    if (fingerprint.length === 0) fingerprint = Array.from(out.subarray(0, 8));
    splits.push({
      split,
      windows: ends.length,
      regression: spec.task === 'regression' ? regression(prepared, ends, out, label) : null,
      classification: spec.task === 'classification' ? classification(prepared, ends, out) : null,
    });
  }
  return { splits, fingerprint };
}
