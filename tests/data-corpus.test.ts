// The loader on real-world shapes of CSV: the csv-spectrum corpus (RFC 4180 edge cases) and our own
// awkward files in tests/fixtures/data, one per case the loader handles, with what it must make of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Dataset, parseCsv } from '../src/data/csv.ts';
import { DataError } from '../src/data/errors.ts';
import { cellText } from '../src/data/table.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = join(ROOT, 'tests', 'fixtures', 'data');
const SPECTRUM = join(ROOT, 'node_modules', 'csv-spectrum');

const load = (name: string, opts = {}) => parseCsv(readFileSync(join(DATA, name)), opts);
const col = (ds: Dataset, name: string) => {
  const c = ds.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return Array.from({ length: ds.rows }, (_, r) => cellText(c, r));
};
const kinds = (ds: Dataset) => Object.fromEntries(ds.columns.map((c) => [c.name, c.kind]));

function expectError(name: string, code: string, ...parts: (string | RegExp)[]) {
  let err: unknown;
  try {
    load(name);
  } catch (e) {
    err = e;
  }
  expect(err, name).toBeInstanceOf(DataError);
  expect((err as DataError).code).toBe(code);
  for (const p of parts) expect((err as DataError).message).toMatch(p);
}

describe('csv-spectrum', () => {
  const names = readdirSync(join(SPECTRUM, 'csvs')).map((f) => f.replace(/\.csv$/, ''));
  it.each(names)('%s parses to the expected records', (name) => {
    const expected = JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8'));
    const records: Record<string, string>[] = Array.isArray(expected) ? expected : [expected];
    const ds = parseCsv(readFileSync(join(SPECTRUM, 'csvs', `${name}.csv`)), { header: true });
    expect(ds.rows).toBe(records.length);
    expect(ds.columns.map((c) => c.name)).toEqual(Object.keys(records[0]));
    for (const [r, rec] of records.entries()) {
      for (const [k, v] of Object.entries(rec)) {
        // csv-spectrum's own JSON disagrees with its CSV here (1234567890 vs 2095257564).
        if (name === 'location_coordinates' && k === 'Contact Phone Number') continue;
        const c = ds.columns.find((x) => x.name === k)!;
        // Numbers are stored as numbers: compare by value ("08123" is the number 8123).
        const got = cellText(c, r);
        if (c.kind === 'numeric') {
          expect(Number(got || 'NaN')).toEqual(v === '' ? Number.NaN : Math.fround(Number(v)));
        } else expect(got).toBe(v);
      }
    }
  });
});

describe('awkward files', () => {
  it('European Excel export: BOM, CRLF, semicolons, decimal comma, thousands dots, d.m.y dates', () => {
    const ds = load('european.csv');
    expect(ds.dialect).toMatchObject({ delimiter: ';', decimal: ',', newline: '\r\n', header: true });
    expect(kinds(ds)).toEqual({ date: 'time', temp: 'numeric', rain: 'numeric' });
    expect(col(ds, 'temp')).toEqual(['1.5', '', '-2.25']);
    expect(col(ds, 'rain')).toEqual(['1234.5', '2', '0']);
    expect(col(ds, 'date')).toEqual(['2024-01-31', '2024-02-01', '2024-02-02']);
    expect(ds.time).toBe('date');
    expect(ds.notices.join(' ')).toMatch(/decimal comma/);
  });

  it.each([
    ['tab.csv', '\t'],
    ['pipe.csv', '|'],
    ['cr.csv', ','],
  ])('%s: delimiter and line ends detected', (name, delimiter) => {
    const ds = load(name);
    expect(ds.dialect.delimiter).toBe(delimiter);
    expect(ds.rows).toBe(2);
    expect(col(ds, 'b')).toEqual(['2', '4']);
  });

  it('quoted fields keep delimiters, line breaks and doubled quotes', () => {
    const ds = load('quoted.csv');
    expect(col(ds, 'name')).toEqual(['x, y\nz', 'say "hi"']);
  });

  it('a headerless file gets col1…colN and a notice', () => {
    const ds = load('headerless.csv');
    expect(ds.columns.map((c) => c.name)).toEqual(['col1', 'col2', 'col3']);
    expect(ds.rows).toBe(2);
    expect(ds.notices.join(' ')).toMatch(/first row holds values/);
  });

  it('duplicate and empty header names are made unique with a notice', () => {
    const ds = load('duplicate-headers.csv');
    expect(ds.columns.map((c) => c.name)).toEqual(['x', 'x_2', 'col3', 'y']);
    expect(ds.notices.join(' ')).toMatch(/renamed "x" → "x_2"/);
  });

  it('thousands separators in quoted numbers', () => {
    expect(col(load('thousands.csv'), 'a')).toEqual(['1234.5', '2000']);
  });

  it('every missing-value spelling is counted', () => {
    const ds = load('missing-spellings.csv');
    const v = ds.columns[0];
    expect(v.kind).toBe('numeric');
    expect(v.missing).toBe(7);
    expect(ds.columns[1].missing).toBe(1);
  });

  it('unsorted rows are sorted by time with a notice; rows keep their file numbers', () => {
    const ds = load('unsorted.csv');
    expect(col(ds, 'v')).toEqual(['1', '2', '3']);
    expect(Array.from(ds.sourceRows!)).toEqual([1, 2, 0]);
    expect(ds.notices.join(' ')).toMatch(/sorted by "date"/);
  });

  it('duplicate timestamps are reported', () => {
    expect(load('duplicate-times.csv').notices.join(' ')).toMatch(/1 rows repeat the time.*row 3/);
  });

  it('ambiguous d/m/y dates: reported, and the date order option decides', () => {
    const ds = load('ambiguous-dates.csv');
    expect(ds.notices.join(' ')).toMatch(/could be day\/month\/year or month\/day\/year/);
    expect(col(load('ambiguous-dates.csv', { dateOrder: 'mdy' }), 'date')[0]).toBe('2024-01-02');
    expect(col(load('ambiguous-dates.csv', { dateOrder: 'dmy' }), 'date')[0]).toBe('2024-02-01');
  });

  it('unambiguous day-first and month-first dates, unix seconds and milliseconds, ISO date-times', () => {
    expect(col(load('dmy.csv'), 'date')).toEqual(['2024-01-13', '2024-01-14']);
    expect(col(load('mdy.csv'), 'date')).toEqual(['2024-01-13', '2024-01-14']);
    const s = load('unix-seconds.csv');
    expect(s.columns[0]).toMatchObject({ kind: 'time', format: 'unix-s' });
    expect(col(s, 'timestamp')).toEqual(['2023-11-14T22:13:20Z', '2023-11-14T22:14:20Z']);
    expect(col(load('unix-ms.csv'), 'timestamp')).toEqual(['2023-11-14T22:13:20Z', '2023-11-14T22:14:20Z']);
    // The zone is honoured: 01:30+01:00 is 00:30 UTC.
    expect(col(load('iso-datetime.csv'), 'time')).toEqual(['2024-01-01', '2024-01-01T00:30:00Z']);
  });

  it('stacked series are recognised and grouped, each in time order', () => {
    const ds = load('stacked.csv');
    expect(ds.series).toMatchObject({ column: 'station', ids: ['A', 'B'] });
    expect(Array.from(ds.series!.starts)).toEqual([0, 3, 6]);
    expect(col(ds, 'temp')).toEqual(['1', '2', '3', '10', '20', '30']);
    expect(ds.notices.join(' ')).toMatch(/Several series/);
  });

  it('categorical and constant columns are typed and flagged', () => {
    expect(kinds(load('categorical.csv'))).toEqual({ v: 'numeric', weather: 'categorical' });
    const c = load('constant.csv');
    expect(c.columns.map((x) => x.constant)).toEqual([false, true]);
  });

  it('a mostly numeric column with text keeps the cell for the error', () => {
    const ds = load('not-a-number.csv');
    expect(ds.columns[0]).toMatchObject({
      kind: 'numeric',
      invalid: 1,
      firstInvalid: { row: 30, text: 'abc' },
    });
  });

  it('JSON is named as such, from bytes and from text; a header that starts with a brace is still CSV', () => {
    for (const input of [
      '{"format": "webgpu-lstm.model"}',
      '\ufeff {}',
      new TextEncoder().encode('\ufeff\n{ "a": 1 }'),
    ])
      expect(() => parseCsv(input)).toThrow(/file is JSON, not CSV text/);
    expect(parseCsv('{id},value\n1,2\n3,4\n').columns.map((c) => c.name)).toEqual(['{id}', 'value']);
  });

  it.each([
    ['empty.csv', 'empty', /file is empty/],
    ['header-only.csv', 'header-only', /header but no data rows/],
    ['ragged.csv', 'ragged', /Row 3 has 1 field but the header has 2/],
    ['unclosed-quote.csv', 'bad-quotes', /quoted field is never closed/],
    ['utf16.csv', 'utf16', /UTF-16/],
    ['xlsx.csv', 'binary', /ZIP archive/],
    ['binary.csv', 'binary', /looks binary/],
    ['model.json', 'json', /file is JSON, not CSV text/, /Import model file/],
  ] as [string, string, ...RegExp[]][])('%s → %s error', (name, code, ...res) =>
    expectError(name, code, ...res),
  );
});
