// The data setup's "Read as labels (categories)" choice without a browser: which columns it offers and
// which it leaves out, how many values each holds, the limit, and the configuration a choice leads to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.ts';
import {
  distinctValues,
  labelsChoices,
  labelsConfig,
  labelsOffer,
  labelsProblem,
  sameLabels,
  tooManyText,
} from '../src/ui/labels-choice.ts';
import { DEFAULT_CONFIG } from '../src/ui/slices/config.ts';

/** Two stations stacked (each hour once per station), class codes 0/1/2, 40 different prices. */
function stacked(): string {
  const lines = ['time,station,cls,price,x'];
  for (let i = 0; i < 40; i++) {
    const t = new Date(Date.UTC(2024, 0, 1, i)).toISOString().slice(0, 19);
    for (const s of [1, 2]) lines.push(`${t},${s},${i % 3},${100 + i + s / 10},${(i * s) % 7}`);
  }
  return lines.join('\n');
}

describe('reading number columns as labels', () => {
  it('offers the number columns, not the time or series column, with their values counted up to the limit', () => {
    const table = parseCsv(stacked());
    expect(table.series?.column).toBe('station');
    const data = { time: 'time', series: { column: 'station', value: null }, categorical: undefined };
    expect(labelsChoices(table, data)).toEqual([
      { column: 'cls', labels: false, values: 3 },
      { column: 'price', labels: false, values: 33 }, // 80 in all: counting stops past 32
      { column: 'x', labels: false, values: 7 },
    ]);
    // A column read as labels stays in the list (checked), so it can go back to numbers.
    const relabelled = parseCsv(stacked(), { categorical: ['cls'] });
    expect(labelsChoices(relabelled, { ...data, categorical: ['cls'] })[0]).toEqual({
      column: 'cls',
      labels: true,
      values: 3,
    });
    expect(distinctValues(Float32Array.of(1, Number.NaN, 1, 2))).toBe(2);
  });

  it('offers only the columns that can be labels; the rest are named in one line', () => {
    const table = parseCsv(stacked());
    const data = { time: 'time', series: { column: 'station', value: null }, categorical: undefined };
    const offer = labelsOffer(table, data);
    expect(offer.offered.map((l) => l.column)).toEqual(['cls', 'x']);
    expect(offer.tooMany).toEqual(['price']);
    expect(tooManyText(offer.tooMany)).toBe('price: over 32 values, so numbers only');
  });

  it('keeps a column read as labels on offer even with over 32 values, so it can go back to numbers', () => {
    // Read as labels, price holds 80 levels (the worker refuses such a file, but a config that names it
    // must still show the box that takes it back).
    const table = parseCsv(stacked(), { categorical: ['price'] });
    const price = table.columns.find((c) => c.name === 'price');
    expect(price?.kind === 'categorical' && price.levels.length).toBe(80);
    const data = { time: 'time', series: { column: 'station', value: null }, categorical: ['price'] };
    const offer = labelsOffer(table, data);
    expect(offer.offered).toContainEqual({ column: 'price', labels: true, values: 80 });
    expect(offer.tooMany).toEqual([]);
  });

  it('offers nothing on the CO₂ sample (two continuous columns): the field is not shown', () => {
    const csv = readFileSync(new URL('../public/data/co2-concentration.csv', import.meta.url), 'utf8');
    const offer = labelsOffer(parseCsv(csv), { time: 'Date', series: null, categorical: undefined });
    expect(offer.offered).toEqual([]);
    expect(offer.tooMany).toEqual(['CO2', 'adjusted CO2']);
  });

  it('names up to four left-out columns, and counts the rest past the third', () => {
    expect(tooManyText([])).toBeNull();
    expect(tooManyText(['temp', 'load'])).toBe('temp, load: over 32 values, so numbers only');
    expect(tooManyText(['a', 'b', 'c', 'd'])).toBe('a, b, c, d: over 32 values, so numbers only');
    expect(tooManyText(['a', 'b', 'c', 'd', 'e', 'f'])).toBe(
      'a, b, c and 3 more: over 32 values, so numbers only',
    );
  });

  it('says when a column has too many values to be labels, with the count and what to do', () => {
    const table = parseCsv(stacked());
    expect(labelsProblem(table, 'cls')).toBeNull();
    expect(labelsProblem(table, 'price')).toBe(
      'Column "price" holds 80 different values, too many to read as labels (at most 32: each value becomes a class, or a one-hot input). Labels are for codes such as classes 0/1/2; keep this column as numbers.',
    );
  });

  it('a target read as labels makes the task classification; a feature stays a (one-hot) feature', () => {
    const base = {
      ...DEFAULT_CONFIG,
      data: {
        ...DEFAULT_CONFIG.data,
        targets: ['cls'],
        features: ['x', 'cls'],
        differences: 'target' as const,
      },
    };
    const c = labelsConfig(base, 'cls', true);
    expect(c.model).toMatchObject({ task: 'classification', loss: 'crossentropy' });
    expect(c.data).toMatchObject({
      targets: ['cls'],
      features: ['x'],
      categorical: ['cls'],
    });
    // Classification leaves differences out; the choice stays for a return to regression.
    expect(c.data.differences).toBe('target');
    expect(c.training).toBe(base.training);
    const feature = labelsConfig({ ...base, data: { ...base.data, targets: ['x'] } }, 'cls', true);
    expect(feature.model.task).toBe('regression');
    expect(feature.data.features).toEqual(['x', 'cls']);
    // Back to numbers: the column leaves the list (and an empty list leaves the config).
    const back = labelsConfig(c, 'cls', false);
    expect(back.data).not.toHaveProperty('categorical');
    expect(back.model.task).toBe('classification');
    expect(labelsConfig(labelsConfig(c, 'x', true), 'cls', false).data.categorical).toEqual(['x']);
  });

  it('compares lists of label columns as sets', () => {
    expect(sameLabels(undefined, [])).toBe(true);
    expect(sameLabels(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameLabels(['a'], undefined)).toBe(false);
  });
});
