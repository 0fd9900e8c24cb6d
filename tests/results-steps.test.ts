// The Results panel's step-by-step view (src/worker/results.ts): each step of a horizon gets its own
// truth and prediction, at the rows that step predicts, with the scores metrics.ts computes for it; long
// splits are thinned to stepPoints per step, keeping every stretch's extremes. CPU backend, untrained
// weights: what is checked is where each point comes from, not how good it is.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.ts';
import { predictedLevels } from '../src/data/differences.ts';
import { prepareData } from '../src/data/prepare.ts';
import { parseRunConfig } from '../src/model/config.ts';
import { CpuBackend } from '../src/model/cpu-backend.ts';
import { initParams } from '../src/model/init.ts';
import { regressionScores } from '../src/model/metrics.ts';
import { predictWindows } from '../src/model/predict.ts';
import { specFromConfig } from '../src/model/trainer.ts';
import { computeResults, SPLIT_POINTS, stepPoints } from '../src/worker/results.ts';

const level = (r: number) => 10 + Math.sin(r / 7) + 0.01 * r;

async function results(rows: number, horizon: number) {
  const config = parseRunConfig({
    data: { features: ['v'], targets: ['v'], time: 't', window: 4, horizon, valSplit: 0.5 },
    model: { layers: [{ units: 3 }] },
  });
  const lines = ['t,v', ...Array.from({ length: rows }, (_, r) => `${r},${level(r)}`)];
  const table = parseCsv(lines.join('\n'));
  const prepared = prepareData(table, config.data, 'regression');
  const spec = specFromConfig(config, prepared.pre);
  const params = initParams(spec, 7);
  const backend = new CpuBackend();
  const opt = config.training.optimizer;
  const r = await computeResults(backend, spec, params, prepared, table, 't', opt);
  return { r, prepared, spec, params, backend, opt };
}

describe('results step by step', () => {
  it('a horizon of 3: each step at its own rows, with its own scores', async () => {
    const { r, prepared, spec, params, backend, opt } = await results(80, 3);
    const split = r.splits[0];
    expect(split.split).toBe('validation');
    const reg = split.regression![0];
    expect(reg.steps).toHaveLength(3);
    const ends = prepared.val;
    const out = await predictWindows(backend, spec, params, prepared.series, ends, opt);
    const pred = predictedLevels(prepared.pre, prepared.levels, ends, out);
    const scores = regressionScores(prepared.pre, prepared.levels, ends, pred)[0];
    for (let k = 0; k < 3; k++) {
      const s = reg.steps[k];
      // Every window's step k + 1 is inside the file (valSplit takes windows, not the last rows).
      const rows = Array.from(ends, (e) => e + k + 1).filter((row) => row < 80);
      expect(s.labels).toEqual(rows.map(String));
      // Truth in float32 as read (to 1e-5 relative: the file's decimals rounded to float32).
      for (const [i, t] of s.truth.entries()) expect(t).toBeCloseTo(level(rows[i]), 4);
      // The prediction of window i at step k (float64 levels, exactly as scored).
      for (const [i, p] of s.pred.entries()) expect(p).toBe(pred[i * 3 + k]);
      expect(s.rmse).toBe(scores.steps[k].rmse);
      expect(s.persistence).toEqual(scores.steps[k].persistence);
    }
    expect(reg.rmse).toBe(scores.rmse);
  });

  it('a long split is thinned to stepPoints per step, keeping its first, last and extreme points', async () => {
    // A horizon of 120 leaves 2,000 points per step: more windows than that are thinned.
    const horizon = 120;
    const most = stepPoints(1, horizon);
    expect(most).toBe(SPLIT_POINTS / horizon);
    const { r } = await results(2 * most + 400 + horizon, horizon);
    const reg = r.splits[0].regression![0];
    const windows = r.splits[0].windows;
    expect(windows).toBeGreaterThan(most);
    for (const s of reg.steps) {
      expect(s.labels.length).toBeLessThanOrEqual(most);
      expect(s.labels.length).toBe(s.truth.length);
      expect(s.pred.length).toBe(s.truth.length);
      // In row order, so the chart's line never doubles back.
      const rows = s.labels.map(Number);
      for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThan(rows[i - 1]);
    }
    // The highest truth of the split survives the thinning (the series' peaks are what a chart must show).
    const firstRow = Number(reg.steps[0].labels[0]);
    const all = Array.from({ length: windows }, (_, i) => Math.fround(level(firstRow + i)));
    expect(Math.max(...reg.steps[0].truth)).toBe(Math.max(...all));
  });
});
