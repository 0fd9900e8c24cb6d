// Window counts as the data settings are typed (src/worker/plan.ts): the cached column work plus a
// recount must give exactly what prepareData gives (counts, inputs, classes, notices, errors), and the
// column work must run once per choice of columns, not once per keystroke.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.ts';
import { prepareData } from '../src/data/prepare.ts';
import { type DataConfig, DataConfigSchema } from '../src/model/config.ts';
import type { Task } from '../src/model/spec.ts';
import { PlanCache } from '../src/worker/plan.ts';

const read = (p: string) => parseCsv(readFileSync(new URL(p, import.meta.url), 'utf8'));
const co2 = read('../public/data/co2-concentration.csv');
const seattle = read('../public/data/seattle-weather.csv');
const stacked = read('./fixtures/data/stacked.csv');

// A series with gaps (every 7th x and every 11th y missing), so the missing-value policies matter.
const gappy = parseCsv(
  [
    't,x,y',
    ...Array.from(
      { length: 200 },
      (_, i) => `${i},${i % 7 === 3 ? '' : Math.sin(i)},${i % 11 === 5 ? '' : i}`,
    ),
  ].join('\n'),
);

function expectSameAsPrepare(cache: PlanCache, table: typeof co2, input: Partial<DataConfig>, task: Task) {
  const cfg = DataConfigSchema.parse(input);
  let expected: ReturnType<typeof prepareData> | Error;
  try {
    expected = prepareData(table, cfg, task);
  } catch (e) {
    expected = e as Error;
  }
  if (expected instanceof Error) {
    expect(() => cache.plan(table, cfg, task)).toThrow(expected.message);
    return;
  }
  const plan = cache.plan(table, cfg, task);
  expect(plan).toEqual({
    features: expected.pre.features,
    classes: expected.pre.classes ?? null,
    rows: table.rows,
    train: expected.train.length,
    val: expected.val.length,
    test: expected.test.length,
    notices: expected.notices,
  });
}

describe('window counts (PlanCache)', () => {
  it('match prepareData as the window settings change, with one column pass', () => {
    const cache = new PlanCache();
    const base = { features: ['CO2', 'adjusted CO2'], targets: ['CO2'], time: 'Date' };
    for (const window of [1, 2, 12, 24, 100, 700, 740, 741])
      for (const horizon of [1, 3])
        for (const stride of [1, 5])
          for (const [valSplit, testSplit] of [
            [0.2, 0.1],
            [0, 0],
            [0.5, 0.4],
          ]) {
            expectSameAsPrepare(
              cache,
              co2,
              { ...base, window, horizon, stride, valSplit, testSplit },
              'regression',
            );
          }
    expect(cache.columnPasses).toBe(1);
  });

  it('match prepareData with gaps under every missing-value policy (the notice included)', () => {
    const cache = new PlanCache();
    for (const missing of ['drop', 'ffill', 'linear'] as const)
      for (const features of [['x', 'y'], ['x']])
        for (const window of [3, 10, 30])
          expectSameAsPrepare(cache, gappy, { features, targets: ['y'], window, missing }, 'regression');
    // A new choice of columns (or policy) is a new column pass; the window settings never are.
    expect(cache.columnPasses).toBe(6);
  });

  it('match prepareData with differences (a change needs the row before it: gaps, series starts)', () => {
    const cache = new PlanCache();
    for (const differences of ['target', 'all'] as const) {
      for (const missing of ['drop', 'linear'] as const)
        for (const window of [1, 3, 10])
          expectSameAsPrepare(
            cache,
            gappy,
            { features: ['x', 'y'], targets: ['y'], window, missing, differences },
            'regression',
          );
      for (const window of [1, 24, 739, 740])
        expectSameAsPrepare(
          cache,
          co2,
          { features: ['CO2'], targets: ['CO2'], window, valSplit: 0.2, testSplit: 0.1, differences },
          'regression',
        );
    }
    // differences 'all' on the CO₂ sample: one window fewer than levels (the first row has no change).
    const levels = cache.plan(
      co2,
      DataConfigSchema.parse({ features: ['CO2'], targets: ['CO2'], window: 24 }),
      'regression',
    );
    const changes = cache.plan(
      co2,
      DataConfigSchema.parse({ features: ['CO2'], targets: ['CO2'], window: 24, differences: 'all' }),
      'regression',
    );
    expect(changes.train + changes.val).toBe(levels.train + levels.val - 1);
  });

  it('match prepareData for classification, one-hot inputs and stacked series', () => {
    const cache = new PlanCache();
    const weather = { features: ['precipitation', 'temp_max', 'wind'], targets: ['weather'], time: 'date' };
    for (const window of [1, 7, 30])
      expectSameAsPrepare(cache, seattle, { ...weather, window }, 'classification');
    expect(cache.plan(seattle, DataConfigSchema.parse(weather), 'classification').classes).toEqual([
      'drizzle',
      'fog',
      'rain',
      'snow',
      'sun',
    ]);
    // weather as a one-hot input of a regression on temp_max.
    expectSameAsPrepare(
      cache,
      seattle,
      { features: ['weather', 'wind'], targets: ['temp_max'], window: 5 },
      'regression',
    );
    for (const value of [null, 'A', 'B'])
      expectSameAsPrepare(
        cache,
        stacked,
        {
          features: ['temp'],
          targets: ['temp'],
          window: 1,
          valSplit: 0,
          series: { column: 'station', value },
        },
        'regression',
      );
    // Stacked series on changes: each series loses its own first row, never differenced across.
    for (const differences of ['target', 'all'] as const)
      for (const value of [null, 'A'])
        expectSameAsPrepare(
          cache,
          stacked,
          {
            features: ['temp'],
            targets: ['temp'],
            window: 2,
            valSplit: 0,
            series: { column: 'station', value },
            differences,
          },
          'regression',
        );
  });

  it('throw what training would throw: too few rows, nothing left to train on, a text target', () => {
    const cache = new PlanCache();
    const base = { features: ['CO2'], targets: ['CO2'] };
    expectSameAsPrepare(cache, co2, { ...base, window: 741 }, 'regression');
    expectSameAsPrepare(cache, co2, { ...base, window: 12, valSplit: 0.9, testSplit: 0.9 }, 'regression');
    expect(() => cache.plan(co2, DataConfigSchema.parse({ ...base, window: 741 }), 'regression')).toThrow(
      /fewer than one window of 741 rows/,
    );
    expectSameAsPrepare(
      cache,
      seattle,
      { features: ['wind'], targets: ['weather'], window: 3 },
      'regression',
    );
    // After an error the next good settings count again.
    expectSameAsPrepare(cache, co2, { ...base, window: 12 }, 'regression');
  });

  it('start over for a new table', () => {
    const cache = new PlanCache();
    const cfg = DataConfigSchema.parse({ features: ['x'], targets: ['y'], window: 4 });
    const a = cache.plan(gappy, cfg, 'regression');
    const other = parseCsv('t,x,y\n0,1,2\n1,2,3\n2,3,4\n3,4,5\n4,5,6\n5,6,7\n6,7,8\n7,8,9\n');
    const b = cache.plan(other, cfg, 'regression');
    expect(b.rows).toBe(8);
    expect(b.train + b.val + b.test).toBe(8 - 4);
    expect(a.rows).toBe(200);
    expect(cache.columnPasses).toBe(2);
  });
});
