// Labels keep the text as the file writes it, and the memory-saving storage (float32 builders sized from
// the bytes per row, a second pass only for columns that turn from numbers to text) loses nothing:
// every value here is compared exactly (float32 columns against Math.fround of the written number).
import { describe, expect, it } from 'vitest';
import { type Dataset, loadCsv, parseCsv } from '../src/data/csv.ts';
import { cellText } from '../src/data/table.ts';

const col = (ds: Dataset, name: string) => {
  const c = ds.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return Array.from({ length: ds.rows }, (_, r) => cellText(c, r));
};
const levels = (ds: Dataset, name: string) => {
  const c = ds.columns.find((x) => x.name === name);
  if (c?.kind !== 'categorical') throw new Error(`${name} is ${c?.kind}`);
  return c.levels;
};
const bytes = (s: string) => new TextEncoder().encode(s);

describe('labels keep their spelling', () => {
  it('a column that turns from numbers to text keeps "007" and "1.50" as written', () => {
    const csv = 'v,code\n1,007\n2,1.50\n3,NA\n4,12\n5,A1\n6,B\n7,007\n';
    const ds = parseCsv(csv);
    expect(ds.columns[1]).toMatchObject({ kind: 'categorical', missing: 1 });
    expect(col(ds, 'code')).toEqual(['007', '1.50', '', '12', 'A1', 'B', '007']);
    // Levels in the order they first appear, each once.
    expect(levels(ds, 'code')).toEqual(['007', '1.50', '12', 'A1', 'B']);
  });

  it('a column asked for as categorical keeps the numbers as written', () => {
    const ds = parseCsv('v,zip\n1,01234\n2,1.0\n3,01234\n', { categorical: ['zip'] });
    expect(col(ds, 'zip')).toEqual(['01234', '1.0', '01234']);
    expect(levels(ds, 'zip')).toEqual(['01234', '1.0']);
  });

  it('ISO dates followed by text keep the dates as written, not as toISOString', () => {
    const ds = parseCsv('v,when\n1,2024-01-01\n2,2024-01-02 10:00\n3,soon\n4,later\n', { time: null });
    expect(col(ds, 'when')).toEqual(['2024-01-01', '2024-01-02 10:00', 'soon', 'later']);
  });

  it('a mostly numeric column with a few text cells stays numeric (no second pass needed)', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i === 30 ? 'x' : `0${i}`}`);
    const ds = parseCsv(`a,b\n${rows.join('\n')}\n`);
    expect(ds.columns[1]).toMatchObject({
      kind: 'numeric',
      invalid: 1,
      firstInvalid: { row: 30, text: 'x' },
    });
    expect(col(ds, 'b')[7]).toBe('7');
  });

  it('the second pass reads across many slices and stops at the switch; loadCsv agrees', async () => {
    // 30,000 rows of zero-padded numbers (several 64 KiB slices), then 10,000 rows of text.
    const n = 40_000;
    const lines = ['i,code'];
    for (let i = 0; i < n; i++)
      lines.push(`${i},${i < 30_000 ? String(i % 500).padStart(5, '0') : `k${i % 7}`}`);
    const csv = `${lines.join('\n')}\n`;
    const expected = lines.slice(1).map((l) => l.split(',')[1]);
    const sync = parseCsv(bytes(csv));
    expect(col(sync, 'code')).toEqual(expected);
    expect(levels(sync, 'code')).toHaveLength(507);
    const streamed = await loadCsv(bytes(csv), { sliceSize: 4096 });
    expect(col(streamed, 'code')).toEqual(expected);
    expect(levels(streamed, 'code')).toEqual(levels(sync, 'code'));
  });

  it('cancelling during the second pass is a cancelled error', async () => {
    const lines = ['i,code'];
    for (let i = 0; i < 50_000; i++) lines.push(`${i},${i < 45_000 ? '01' : 'x'}`);
    const ctrl = new AbortController();
    let progress = 0;
    const p = loadCsv(bytes(lines.join('\n')), {
      sliceSize: 1024,
      signal: ctrl.signal,
      // Abort once the first pass has reported it is done: only the second pass is left.
      onProgress: (q) => {
        progress++;
        if (q.done === q.total) ctrl.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(progress).toBeGreaterThan(0);
  });
});

describe('column storage', () => {
  it('numbers are stored as their float32 value; a 100k-row file is read whole', () => {
    const n = 100_000;
    const lines = ['time,x,y'];
    for (let i = 0; i < n; i++) lines.push(`${1_700_000_000 + i},${(i * 0.123456789).toFixed(7)},${-i}`);
    const ds = parseCsv(bytes(`${lines.join('\n')}\n`));
    expect(ds.rows).toBe(n);
    const x = ds.columns[1];
    const t = ds.columns[0];
    if (x.kind !== 'numeric' || t.kind !== 'time') throw new Error('kinds');
    expect(x.values.length).toBe(n);
    for (let i = 0; i < n; i += 997)
      expect(x.values[i]).toBe(Math.fround(Number((i * 0.123456789).toFixed(7))));
    // Unix seconds need float64 to the second: a column named like a time keeps float64.
    expect(t.format).toBe('unix-s');
    expect(t.ms[n - 1]).toBe((1_700_000_000 + n - 1) * 1000);
  });

  it('rows far shorter than the first ones (a low first estimate) still all arrive', () => {
    // The first 64 KiB hold ~80-byte rows, the rest 8-byte rows: the first size estimate is ~6× short.
    const pad = 'x'.repeat(70);
    const lines = ['a,b'];
    for (let i = 0; i < 3000; i++) lines.push(`${i},${pad}`);
    for (let i = 3000; i < 60_000; i++) lines.push(`${i},${i % 10}`);
    const ds = parseCsv(bytes(lines.join('\n')));
    expect(ds.rows).toBe(60_000);
    const a = col(ds, 'a');
    for (let i = 0; i < 60_000; i += 1009) expect(a[i]).toBe(String(i));
    expect(a[59_999]).toBe('59999');
    // 5 % text: b stays numeric, its text cells unreadable.
    expect(ds.columns[1]).toMatchObject({
      kind: 'numeric',
      invalid: 3000,
      firstInvalid: { row: 0, text: pad },
    });
    expect(col(ds, 'b')[59_999]).toBe('9');
  });

  it('ISO dates after gaps in a column not named like a time keep their seconds (float64)', () => {
    const ds = parseCsv('v,seen\n1,\n2,2024-03-01T12:34:56\n3,2024-03-01T12:34:57\n', { time: 'seen' });
    expect(ds.columns.find((c) => c.name === 'seen')).toMatchObject({ kind: 'time', format: 'iso' });
    expect(col(ds, 'seen')).toEqual(['2024-03-01T12:34:56Z', '2024-03-01T12:34:57Z']);
  });
});
