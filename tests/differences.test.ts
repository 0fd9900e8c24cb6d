// First differences (src/data/differences.ts): the transform, its inverse (predicted changes back to
// levels), windows that never difference across a gap or from one series into the next, the model
// file's optional field, and the persistence / majority baselines against hand computations.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.ts';
import { differenced, predictedLevels } from '../src/data/differences.ts';
import { prepareInference } from '../src/data/inference.ts';
import { type PreparedData, type Preprocessing, prepareData } from '../src/data/prepare.ts';
import { scalerTransform } from '../src/data/scaling.ts';
import { DataConfigSchema, parseRunConfig } from '../src/model/config.ts';
import { initParams } from '../src/model/init.ts';
import { classificationScores, majorityBaseline, regressionScores } from '../src/model/metrics.ts';
import { buildModelFile, parseModelFile, serializeModelFile } from '../src/model/model-file.ts';
import { specFromConfig } from '../src/model/trainer.ts';

const cfg = (over: Record<string, unknown>) =>
  DataConfigSchema.parse({ features: ['v'], targets: ['v'], window: 3, horizon: 1, valSplit: 0, ...over });

/** Scaled head outputs that are exactly the true changes: what a perfect model of changes would output. */
function perfectOutputs(p: PreparedData, ends: Int32Array): Float32Array {
  const T = p.pre.targets.length;
  const h = p.pre.horizon;
  const out = new Float32Array(ends.length * h * T);
  ends.forEach((r, w) => {
    for (let k = 1; k <= h; k++)
      for (let j = 0; j < T; j++) out[(w * h + k - 1) * T + j] = p.series.y[(r + k) * T + j];
  });
  return out;
}

describe('differenced', () => {
  it('is v[r] − v[r−1] inside a segment, missing on its first row and next to a gap', () => {
    const v = Float32Array.of(1, 3, 6, Number.NaN, 10, 20, 21, 23);
    const d = differenced(v, Int32Array.of(0, 5, 8));
    // Rows 0 and 5 start segments; row 3 is a gap, so rows 3 and 4 have no change.
    expect(Array.from(d)).toEqual([Number.NaN, 2, 3, Number.NaN, Number.NaN, Number.NaN, 1, 2]);
  });
});

describe('prepareData with differences', () => {
  // A rising line with a seasonal wiggle, and a second target: levels that leave the training range.
  const n = 40;
  const lines = ['t,v,w'];
  for (let r = 0; r < n; r++)
    lines.push(`${r},${(2 * r + Math.sin(r)).toFixed(4)},${(100 - r * r * 0.1).toFixed(3)}`);
  const ds = parseCsv(lines.join('\n'));

  for (const mode of ['target', 'all'] as const) {
    it(`${mode}, horizon 3, two targets: perfect changes give back the true levels`, () => {
      const p = prepareData(
        ds,
        cfg({ features: ['v', 'w'], targets: ['v', 'w'], horizon: 3, valSplit: 0.25, differences: mode }),
        'regression',
      );
      expect(p.pre.differences).toBe(mode);
      const ends = Int32Array.from([...p.train, ...p.val]);
      const pred = predictedLevels(p.pre, p.levels, ends, perfectOutputs(p, ends));
      const T = 2;
      // Tolerance: the changes are float32 (about 7 digits of the level's size, 100 here) and three of
      // them are summed, so levels agree to ~3 × 100 × 2^-24 ≈ 2e-5 absolute; 1e-4 leaves room.
      ends.forEach((r, w) => {
        for (let k = 1; k <= 3; k++)
          for (let j = 0; j < T; j++)
            expect(pred[(w * 3 + k - 1) * T + j]).toBeCloseTo(p.levels[(r + k) * T + j], 4);
      });
      // Statistics of the changes under their own names; with 'all' the inputs are changes too.
      const want = mode === 'all' ? ['Δv', 'Δw'] : ['v', 'w', 'Δv', 'Δw'];
      expect(p.pre.scaler.columns).toEqual(want);
      // The changes (about 2 per row for v) are what was standardized, not the levels (0 … 80).
      const i = p.pre.scaler.columns.indexOf('Δv');
      expect(scalerTransform(p.pre.scaler, i).shift).toBeGreaterThan(1);
      expect(scalerTransform(p.pre.scaler, i).shift).toBeLessThan(3);
    });
  }

  it('none keeps the old preprocessing (no field, levels scaled as before)', () => {
    const p = prepareData(ds, cfg({}), 'regression');
    expect('differences' in p.pre).toBe(false);
    expect(p.pre.scaler.columns).toEqual(['v']);
  });

  it('inference without the target column refuses, naming it (there is no last level to add to)', () => {
    const p = prepareData(ds, cfg({ features: ['w'], targets: ['v'], differences: 'target' }), 'regression');
    const noTarget = parseCsv(['t,w', ...Array.from({ length: 10 }, (_, r) => `${r},${r * 2}`)].join('\n'));
    expect(() => prepareInference(noTarget, p.pre, 'regression')).toThrow(
      /predicts changes of "v" and adds them to its last value, but the file has no numeric column "v"/,
    );
  });

  it('inference gives the same windows and inputs as training, and the same levels', () => {
    const p = prepareData(ds, cfg({ differences: 'all', horizon: 2 }), 'regression');
    const inf = prepareInference(ds, p.pre, 'regression');
    // Differenced inputs start at row 1: the first window ends at row 1 + 3 − 1.
    expect(inf.ends[0]).toBe(3);
    expect(p.train[0]).toBe(3);
    expect(Array.from(inf.series.x)).toEqual(Array.from(p.series.x));
    expect(Array.from(inf.levels)).toEqual(Array.from(p.levels));
  });
});

describe('no difference spans a gap or two series', () => {
  it('stacked series: no window reads a segment’s first row, so no change crosses series', () => {
    const lines = ['time,id,v'];
    for (const [k, id] of ['A', 'B', 'C'].entries())
      for (let t = 0; t < 8; t++) lines.push(`2024-01-0${(t % 9) + 1},${id},${k * 1000 + t * t}`);
    const ds = parseCsv(lines.join('\n'));
    const series = { column: 'id', value: null };
    const p = prepareData(ds, cfg({ series, differences: 'all' }), 'regression');
    const starts = ds.series!.starts;
    // 8 rows per series; differenced inputs lose the first row: rows 1..7 hold 7 − 3 − 1 + 1 = 4 windows.
    expect(p.train.length).toBe(12);
    for (const e of p.train) {
      const s = starts.findIndex((a, i) => e - 2 >= a && e < starts[i + 1]);
      expect(s, `window ending at ${e}`).toBeGreaterThanOrEqual(0);
      expect(e - 2, `window ending at ${e} reads its segment's first row`).toBeGreaterThan(starts[s]);
    }
    // Every change the windows read is within its series: t² steps are 1, 3, … 13, never ~1000.
    const { shift, scale } = scalerTransform(p.pre.scaler, 0);
    for (const e of p.train)
      for (let r = e - 2; r <= e + 1; r++) expect(Math.abs(p.series.x[r] * scale + shift)).toBeLessThan(14);
    // Inference keeps to the same rule.
    const inf = prepareInference(ds, p.pre, 'regression', {
      stride: 1,
      missing: 'drop',
      invalid: 'error',
      series,
    });
    for (const e of inf.ends) expect(Array.from(starts)).not.toContain(e - 2);
  });

  it('a gap drops the windows whose changes would need it, inputs and targets', () => {
    const v = [1, 2, 4, 7, 11, '', 22, 29, 37, 46, 56, 67];
    const ds = parseCsv(['t,v', ...v.map((x, r) => `${r},${x}`)].join('\n'));
    const all = prepareData(ds, cfg({ differences: 'all' }), 'regression');
    // Changes exist on rows 1–4 and 7–11 (row 5 is the gap, row 6 has no row before it).
    // Windows of 3 changes + 1 target change: ends 3 (rows 1–3 → 4) and 9, 10 (rows 7–9 → 10, 8–10 → 11).
    expect(Array.from(all.train)).toEqual([3, 9, 10]);
    expect(all.notices[0]).toMatch(/windows touch a missing value/);
    const target = prepareData(ds, cfg({ differences: 'target' }), 'regression');
    // Level inputs: a window may not read row 5, and its target change needs rows e and e+1 known.
    expect(Array.from(target.train)).toEqual([2, 3, 8, 9, 10]);
  });
});

describe('model file with and without differences', () => {
  function file(differences: 'target' | 'all' | undefined) {
    const config = parseRunConfig({
      data: { features: ['a'], targets: ['a'], window: 4, differences: differences ?? 'none' },
      model: { layers: [{ units: 3 }] },
    });
    const pre: Preprocessing = {
      features: ['a'],
      targets: ['a'],
      window: 4,
      horizon: 1,
      scaler:
        differences === 'target'
          ? { kind: 'standard', columns: ['a', 'Δa'], mean: [300, 0.1], std: [20, 1] }
          : differences === 'all'
            ? { kind: 'standard', columns: ['Δa'], mean: [0.1], std: [1] }
            : { kind: 'standard', columns: ['a'], mean: [300], std: [20] },
      ...(differences ? { differences } : {}),
    };
    const spec = specFromConfig(config, pre);
    return buildModelFile({
      config,
      preprocessing: pre,
      spec,
      params: initParams(spec, 1),
      history: { loss: [1], valLoss: [null], lr: [1e-3], epochMs: [1] },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  }

  for (const d of ['target', 'all', undefined] as const) {
    it(`${d ?? 'absent'}: export → import → export is byte-identical`, () => {
      const text = serializeModelFile(file(d));
      const loaded = parseModelFile(text);
      expect(loaded.file.preprocessing.differences).toBe(d);
      expect(loaded.file.config.data.differences).toBe(d ?? 'none');
      const again = serializeModelFile(
        buildModelFile({
          config: loaded.file.config,
          preprocessing: loaded.file.preprocessing as Preprocessing,
          spec: loaded.spec,
          params: loaded.params,
          history: loaded.file.history,
          createdAt: loaded.file.createdAt,
        }),
      );
      expect(again).toBe(text);
    });
  }

  it('a file written before differences existed (no field anywhere) still loads, as none', () => {
    const json = JSON.parse(serializeModelFile(file(undefined)));
    delete json.config.data.differences;
    const loaded = parseModelFile(JSON.stringify(json));
    expect(loaded.file.preprocessing.differences).toBeUndefined();
    expect(loaded.file.config.data.differences).toBe('none');
  });

  it('a differenced file without the changes’ statistics names what is missing', () => {
    const json = JSON.parse(serializeModelFile(file('target')));
    json.preprocessing.scaler = { kind: 'standard', columns: ['a'], mean: [300], std: [20] };
    expect(() => parseModelFile(JSON.stringify(json))).toThrow(
      /preprocessing\.scaler\.columns: missing target "Δa"/,
    );
  });
});

describe('baselines', () => {
  it('persistence RMSE/MAE and the model’s, by hand', () => {
    // One target, horizon 2, levels 10, 12, 11, 15, 14; windows end at rows 1 and 2.
    const pre: Preprocessing = {
      features: ['y'],
      targets: ['y'],
      window: 2,
      horizon: 2,
      scaler: { kind: 'none', columns: ['y'] },
    };
    const levels = Float32Array.of(10, 12, 11, 15, 14);
    const ends = Int32Array.of(1, 2);
    const pred = Float64Array.of(11.5, 14, 13, 14.5);
    const [s] = regressionScores(pre, levels, ends, pred);
    // Model errors: (11.5−11, 14−15, 13−15, 14.5−14) = (0.5, −1, −2, 0.5).
    // Persistence errors: (12−11, 12−15, 11−15, 11−14) = (1, −3, −4, −3).
    // Exact in float64 up to one rounding of the square root: 1e-12.
    expect(s.rmse).toBeCloseTo(Math.sqrt((0.25 + 1 + 4 + 0.25) / 4), 12);
    expect(s.mae).toBeCloseTo(4 / 4, 12);
    expect(s.persistence!.rmse).toBeCloseTo(Math.sqrt((1 + 9 + 16 + 9) / 4), 12);
    expect(s.persistence!.mae).toBeCloseTo(11 / 4, 12);
    expect(s.points).toBe(4);
    // |error| / truth, as a percentage: (0.5/11 + 1/15 + 2/15 + 0.5/14) / 4.
    expect(s.mape).toBeCloseTo((100 * (0.5 / 11 + 1 / 15 + 2 / 15 + 0.5 / 14)) / 4, 10);
    // Step by step: +1 has errors (0.5, −2) and persistence (1, −4); +2 has (−1, 0.5) and (−3, −3).
    const [one, two] = s.steps;
    expect(s.steps).toHaveLength(2);
    expect(one.rmse).toBeCloseTo(Math.sqrt((0.25 + 4) / 2), 12);
    expect(one.mae).toBeCloseTo(1.25, 12);
    expect(one.persistence!.rmse).toBeCloseTo(Math.sqrt(17 / 2), 12);
    expect(one.persistence!.mae).toBeCloseTo(2.5, 12);
    expect(two.rmse).toBeCloseTo(Math.sqrt(1.25 / 2), 12);
    expect(two.mae).toBeCloseTo(0.75, 12);
    expect(two.persistence).toEqual({ rmse: 3, mae: 3 });
    expect(one.points + two.points).toBe(s.points);
  });

  it('no MAPE where the truth reaches or crosses 0 (percentages of values near 0 say nothing)', () => {
    const pre: Preprocessing = {
      features: ['y'],
      targets: ['y'],
      window: 1,
      horizon: 1,
      scaler: { kind: 'none', columns: ['y'] },
    };
    const score = (levels: number[]) =>
      regressionScores(pre, Float32Array.from(levels), Int32Array.of(0, 1), Float64Array.of(1, 1))[0];
    expect(score([5, 2, -1]).mape).toBeNull();
    expect(score([5, 2, 0]).mape).toBeNull();
    expect(score([-5, -2, -1]).mape).toBeCloseTo((100 * (3 / 2 + 2 / 1)) / 2, 10);
    // RMSE and MAE are still there.
    expect(score([5, 2, -1]).rmse).toBeCloseTo(Math.sqrt((1 + 4) / 2), 12);
  });

  it('a step past the end is not scored; a changes model adds to the last level', () => {
    const pre: Preprocessing = {
      features: ['y'],
      targets: ['y'],
      window: 2,
      horizon: 2,
      scaler: { kind: 'standard', columns: ['y', 'Δy'], mean: [0, 1], std: [1, 2] },
      differences: 'target',
    };
    const levels = Float32Array.of(10, 12, 11, 15);
    // Window ending at row 2 (level 11): scaled changes 1.5 and −0.5 → changes 4 and 0 → levels 15, 15.
    const pred = predictedLevels(pre, levels, Int32Array.of(2), Float32Array.of(1.5, -0.5));
    expect(Array.from(pred)).toEqual([15, 15]);
    const [s] = regressionScores(pre, levels, Int32Array.of(2), pred);
    // Only row 3 exists: model error 0, persistence error 11 − 15.
    expect(s.points).toBe(1);
    expect(s.rmse).toBe(0);
    expect(s.persistence).toEqual({ rmse: 4, mae: 4 });
    // Step +2 (row 4) is past the end: no points, no score, no baseline.
    expect(s.steps[1].points).toBe(0);
    expect(s.steps[1].rmse).toBeNaN();
    expect(s.steps[1].persistence).toBeNull();
  });

  it('accuracy step by step, beside the majority class on the same points', () => {
    // Rows' classes 0,1,1,0,1,1; horizon 2; training windows end at rows 0 and 1 (labels 1,1,1,0: majority 1).
    const prepared = {
      pre: { horizon: 2, classes: ['a', 'b'] },
      series: { rows: 6, y: Float32Array.of(0, 1, 1, 0, 1, 1) },
      train: Int32Array.of(0, 1),
    } as unknown as PreparedData;
    // Windows end at rows 2 and 3; logits [window][step][class] pick 0, 0, 1, 0 for truths 0, 1, 1, 1.
    const out = Float32Array.of(1, 0, 1, 0, 0, 1, 1, 0);
    const s = classificationScores(prepared, Int32Array.of(2, 3), out);
    expect(s.accuracy).toBe(0.5);
    expect(s.majority).toEqual({ klass: 1, accuracy: 0.75 });
    expect(s.steps).toEqual([
      { accuracy: 1, majority: 0.5, points: 2 },
      { accuracy: 0, majority: 1, points: 2 },
    ]);
  });

  it('majority class: the most frequent training label and its accuracy', () => {
    const m = majorityBaseline([0, 2, 2, 1, 2], [2, 0, 2, 2], 3);
    expect(m).toEqual({ klass: 2, accuracy: 0.75 });
  });
});
