// From a loaded table to windows: series boundaries, missing-value policies, scaling fitted on the
// training rows only, one-hot features, and the errors for unusable columns.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.ts';
import { DataError } from '../src/data/errors.ts';
import { prepareInference } from '../src/data/inference.ts';
import { fillGaps } from '../src/data/missing.ts';
import { prepareData } from '../src/data/prepare.ts';
import { DataConfigSchema } from '../src/model/config.ts';

const cfg = (over: Record<string, unknown>) =>
  DataConfigSchema.parse({ features: ['v'], targets: ['v'], window: 3, horizon: 1, valSplit: 0, ...over });

function stacked(ids: string[], n: number): string {
  const lines = ['time,id,v'];
  for (let t = 0; t < n; t++) {
    for (const [k, id] of ids.entries())
      lines.push(`2024-01-${String(t + 1).padStart(2, '0')},${id},${k * 100 + t}`);
  }
  return lines.join('\n');
}

describe('windows and series', () => {
  const ds = parseCsv(stacked(['A', 'B', 'C'], 10));
  const series = { column: 'id', value: null };

  it('no window crosses from one series into another', () => {
    const p = prepareData(ds, cfg({ series, valSplit: 0.2 }), 'regression');
    const starts = ds.series!.starts;
    for (const e of [...p.train, ...p.val]) {
      const s = starts.findIndex((a, i) => e - 2 >= a && e + 1 < starts[i + 1]);
      expect(s, `window ending at ${e}`).toBeGreaterThanOrEqual(0);
    }
    // 10 rows per series, window 3 + horizon 1: 7 windows each.
    expect(p.train.length + p.val.length).toBe(21);
    // Each series is split chronologically on its own: validation windows are each series' latest.
    expect(Array.from(p.val)).toEqual([9 - 1, 19 - 1, 29 - 1]);
  });

  it('one series can be chosen; an unknown id is a typed error naming the ids', () => {
    const p = prepareData(ds, cfg({ series: { column: 'id', value: 'B' } }), 'regression');
    expect(Array.from(p.train)).toEqual([12, 13, 14, 15, 16, 17, 18]);
    expect(() => prepareData(ds, cfg({ series: { column: 'id', value: 'Z' } }), 'regression')).toThrow(
      /no series "Z".*"A", "B", "C"/,
    );
  });

  it('inference windows stay inside series too', () => {
    const inf = prepareInference(ds, prepareData(ds, cfg({ series }), 'regression').pre, 'regression', {
      stride: 1,
      missing: 'drop',
      invalid: 'error',
      series,
    });
    expect(Array.from(inf.ends)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19, 22, 23, 24, 25, 26, 27, 28, 29,
    ]);
  });
});

describe('missing values', () => {
  const text = 'v\n1\n2\nNA\n4\n5\n6\n7\n8\n';

  it('drop: windows touching the gap are left out, with a notice', () => {
    const p = prepareData(parseCsv(text), cfg({}), 'regression');
    // Ends 2..6; the gap at row 2 touches windows ending at 2, 3, 4 (inputs) and 1 (target; not a window).
    expect(Array.from(p.train)).toEqual([5, 6]);
    expect(p.notices.join(' ')).toMatch(/3 of 5 windows touch a missing value/);
  });

  it('a file shorter than one window says how many rows it has', () => {
    expect(() => prepareData(parseCsv('v\n1\n'), cfg({}), 'regression')).toThrow(
      /^The file has 1 row, fewer than one window of 3 rows plus 1 to predict\./,
    );
  });

  it('ffill and linear fill the gap within a segment only', () => {
    const v = Float32Array.of(1, Number.NaN, 3, Number.NaN, 10, Number.NaN);
    const seg = Int32Array.of(0, 3, 6);
    expect(Array.from(fillGaps(v, seg, 'ffill'))).toEqual([1, 1, 3, Number.NaN, 10, 10]);
    expect(Array.from(fillGaps(v, seg, 'linear'))).toEqual([1, 2, 3, Number.NaN, 10, Number.NaN]);
    const p = prepareData(parseCsv(text), cfg({ missing: 'linear', scale: 'none' }), 'regression');
    expect(p.train.length).toBe(5);
    expect(p.series.x[2]).toBe(3);
  });
});

describe('scaling', () => {
  it('is fitted on the rows the training windows read, never on validation rows', () => {
    // Rows 0..9 are small, the last rows huge: with validation split off, the huge ones must not count.
    const rows = [0, 1, 2, 3, 4, 5, 6, 7, 1000, 2000];
    const ds = parseCsv(`v\n${rows.join('\n')}`);
    const p = prepareData(ds, cfg({ valSplit: 0.3, scale: 'minmax' }), 'regression');
    // 7 windows (ends 2..8); 2 validation → training ends 2..6 read rows 0..7.
    expect(Array.from(p.train)).toEqual([2, 3, 4, 5, 6]);
    expect(p.pre.scaler).toMatchObject({ min: [0], max: [7] });
  });

  it('a constant column never divides by zero', () => {
    const ds = parseCsv('v,k\n1,5\n2,5\n3,5\n4,5\n5,5\n');
    const p = prepareData(ds, cfg({ features: ['v', 'k'] }), 'regression');
    expect(p.pre.scaler.std![1]).toBe(1);
    expect(Array.from(p.series.x).every(Number.isFinite)).toBe(true);
  });
});

describe('column roles', () => {
  it('a categorical feature becomes one-hot columns named column=level', () => {
    const ds = parseCsv('v,w\n1,sun\n2,rain\n3,sun\n4,snow\n5,sun\n');
    const p = prepareData(ds, cfg({ features: ['v', 'w'], scale: 'none' }), 'regression');
    expect(p.pre.features).toEqual(['v', 'w=rain', 'w=snow', 'w=sun']);
    expect(Array.from(p.series.x.subarray(4, 8))).toEqual([2, 1, 0, 0]);
  });

  it('too many levels for one-hot is a typed error with the fix', () => {
    const ds = parseCsv(`v,w\n${Array.from({ length: 40 }, (_, i) => `${i},L${i}`).join('\n')}`);
    expect(() => prepareData(ds, cfg({ features: ['v', 'w'] }), 'regression')).toThrow(/limit of 32/);
  });

  it('text in a numeric column names the row and column, or becomes a gap on request', () => {
    const lines = ['temp', ...Array.from({ length: 30 }, (_, i) => String(i))];
    lines.splice(20, 0, 'abc');
    const ds = parseCsv(lines.join('\n'));
    const c = cfg({ features: ['temp'], targets: ['temp'] });
    let err: DataError | null = null;
    try {
      prepareData(ds, c, 'regression');
    } catch (e) {
      err = e as DataError;
    }
    expect(err).toBeInstanceOf(DataError);
    expect(err!.code).toBe('not-a-number');
    expect(err!.message).toMatch(/^Row 21, column "temp": "abc" is not a number\. .*categorical.*missing/);
    const p = prepareData(ds, { ...c, invalid: 'missing' }, 'regression');
    expect(p.notices.join(' ')).toMatch(/touch a missing value/);
    // Never silent: the cells read as missing are counted and the first one named (the choice carries
    // over to the next file, whose text cells would otherwise become gaps unseen).
    expect(p.notices[0]).toBe(
      '1 cell of text in "temp" (the first "abc", row 21) is read as missing (invalid: "missing").',
    );
  });

  it('text read as missing: counted per chosen column, unchosen columns left out', () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${i},${i === 3 || i === 9 ? 'oops' : i},${i === 5 ? 'x?' : i},${i === 7 ? 'x' : i}`,
    );
    const ds = parseCsv(['t,a,b,c', ...rows].join('\n'));
    const cfg = (features: string[]) =>
      DataConfigSchema.parse({
        features,
        targets: ['a'],
        time: 't',
        window: 4,
        invalid: 'missing',
        missing: 'linear',
      });
    expect(prepareData(ds, cfg(['a', 'b']), 'regression').notices).toEqual([
      '2 cells of text in "a" (the first "oops", row 5) and 1 in "b" are read as missing (invalid: "missing").',
    ]);
    // "c" is not chosen: its text changes nothing and goes unmentioned; "error" throws instead of noting.
    expect(prepareData(ds, cfg(['a']), 'regression').notices[0]).not.toMatch(/"c"/);
    expect(() => prepareData(ds, { ...cfg(['a']), invalid: 'error' }, 'regression')).toThrow(
      /"oops" is not a number/,
    );
  });

  it('a number beyond float32 (1e39, 1e999) is an unreadable cell named in the error, never Infinity', () => {
    const lines = ['x', ...Array.from({ length: 30 }, (_, i) => String(i))];
    lines.splice(6, 0, '1e39');
    lines.splice(9, 0, '-1e999');
    const ds = parseCsv(lines.join('\n'));
    const c = ds.columns[0];
    expect(c).toMatchObject({ kind: 'numeric', invalid: 2, firstInvalid: { row: 5, text: '1e39' } });
    if (c.kind !== 'numeric') throw new Error('kind');
    expect(c.values.every((v) => Number.isFinite(v) || Number.isNaN(v))).toBe(true);
    const run = () => prepareData(ds, cfg({ features: ['x'], targets: ['x'] }), 'regression');
    expect(run).toThrow(expect.objectContaining({ code: 'non-finite' }));
    expect(run).toThrow(
      /^Row 7, column "x": "1e39" is beyond float32's range \(±3\.4e38\) \(nor are 1 more cells\)/,
    );
  });

  it('fewer rows than one window is a typed error', () => {
    expect(() => prepareData(parseCsv('v\n1\n2\n'), cfg({}), 'regression')).toThrow(
      expect.objectContaining({ code: 'too-few-rows' }),
    );
  });
});

describe('predictions read the columns as training does (one column stage)', () => {
  // Two stations stacked, gaps in every column (a missing cell, "NA", a broken number read as missing),
  // and a categorical input whose one-hot columns have gaps too.
  const lines = ['time,id,a,kind,y,label'];
  for (const [k, id] of ['north', 'south'].entries()) {
    for (let t = 0; t < 40; t++) {
      const a = t % 11 === 3 ? '' : (Math.sin(t / 3) * 5 + k).toFixed(3);
      const kind = t % 13 === 5 ? '' : ['x', 'y', 'z'][(t + k) % 3];
      const y = t % 9 === 4 ? 'NA' : t === 17 ? 'oops' : (10 + t * 0.5 + k * 7 + Math.cos(t)).toFixed(3);
      lines.push(
        `2024-01-01T${String(t % 24).padStart(2, '0')}:0${Math.floor(t / 24)},${id},${a},${kind},${y},${t % 4 < 2 ? 'lo' : 'hi'}`,
      );
    }
  }
  const ds = parseCsv(lines.join('\n'));
  const series = { column: 'id', value: null };
  const bits = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

  for (const missing of ['drop', 'ffill', 'linear'] as const) {
    for (const differences of ['none', 'target', 'all'] as const) {
      it(`regression, missing "${missing}", differences "${differences}": the same inputs, targets and levels`, () => {
        const c = cfg({
          features: ['a', 'kind', 'y'],
          targets: ['y'],
          window: 4,
          series,
          missing,
          differences,
          invalid: 'missing',
          valSplit: 0.2,
          testSplit: 0.1,
        });
        const p = prepareData(ds, c, 'regression');
        // The gaps are real: drop leaves windows out; "oops" (twice, once per station) is noted as text.
        expect(p.notices.some((n) => /windows touch a missing value/.test(n))).toBe(missing === 'drop');
        expect(p.notices[0]).toMatch(/^2 cells of text in "y" \(the first "oops", row 19\)/);
        const inf = prepareInference(ds, p.pre, 'regression', {
          stride: 1,
          missing,
          invalid: 'missing',
          series,
        });
        // Bit for bit (NaN where both have a gap).
        expect(bits(inf.series.x)).toEqual(bits(p.series.x));
        expect(bits(inf.series.y)).toEqual(bits(p.series.y));
        expect(bits(inf.levels)).toEqual(bits(p.levels));
        // Every window training cuts is one predictions are made for.
        const ends = new Set(inf.ends);
        for (const e of [...p.train, ...p.val, ...p.test])
          expect(ends.has(e), `window ending at ${e}`).toBe(true);
      });
    }
    it(`classification, missing "${missing}": the same inputs`, () => {
      const c = cfg({
        features: ['a', 'kind'],
        targets: ['label'],
        window: 4,
        series,
        missing,
        invalid: 'missing',
      });
      const p = prepareData(ds, c, 'classification');
      const inf = prepareInference(ds, p.pre, 'classification', {
        stride: 1,
        missing,
        invalid: 'missing',
        series,
      });
      expect(bits(inf.series.x)).toEqual(bits(p.series.x));
      const ends = new Set(inf.ends);
      for (const e of [...p.train, ...p.val, ...p.test])
        expect(ends.has(e), `window ending at ${e}`).toBe(true);
    });
  }
});
