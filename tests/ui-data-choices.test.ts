// The data choices the app offers from what the loader found: which stacked series to draw (and its
// rows), and whether the day/month order of the dates is open to the user.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.ts';
import {
  dateOrderChoice,
  featureChoices,
  seriesRows,
  seriesSizes,
  seriesTimeRange,
} from '../src/ui/data-choices.ts';
import { DEFAULT_CONFIG } from '../src/ui/slices/config.ts';

/** Two stations, each timestamp once per station, written interleaved (the loader groups them). */
function stations(a: number, b: number): string {
  const lines = ['time,station,temp'];
  for (let i = 0; i < Math.max(a, b); i++) {
    const t = new Date(Date.UTC(2024, 0, 1, i)).toISOString();
    if (i < a) lines.push(`${t},north,${10 + (i % 5)}`);
    if (i < b) lines.push(`${t},south,${100 + (i % 7)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The 1st of each month, day first: every part ≤ 12, so either order reads. */
function ambiguous(months: number): string {
  const lines = ['date,value'];
  for (let k = 0; k < months; k++) {
    const m = String((k % 12) + 1).padStart(2, '0');
    lines.push(`01/${m}/${2024 + Math.floor(k / 12)},${k}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('stacked series', () => {
  const table = parseCsv(stations(30, 40));

  it('sizes each series from the loader’s starts', () => {
    expect(table.series?.column).toBe('station');
    expect(Object.fromEntries(seriesSizes(table))).toEqual({ north: 30, south: 40 });
  });

  it('draws the chosen series, or the first one for all', () => {
    const north = seriesRows(table, { column: 'station', value: 'north' });
    const south = seriesRows(table, { column: 'station', value: 'south' });
    expect(south).toMatchObject({ id: 'south' });
    expect(south!.end - south!.start).toBe(40);
    expect(north!.end - north!.start).toBe(30);
    // Every row in the span belongs to that series.
    const temp = table.columns.find((c) => c.name === 'temp');
    if (temp?.kind !== 'numeric') throw new Error('temp is numeric');
    for (let r = south!.start; r < south!.end; r++) expect(temp.values[r]).toBeGreaterThanOrEqual(100);
    expect(seriesRows(table, { column: 'station', value: null })).toEqual(
      seriesRows(table, { column: 'station', value: table.series!.ids[0] }),
    );
  });

  it('spans the chosen series in time, or all of them', () => {
    // north: hours 0–29, south: hours 0–39; the file's last row is south's, its first row north's or south's.
    expect(seriesTimeRange(table, { column: 'station', value: 'north' })).toEqual({
      first: '2024-01-01',
      last: '2024-01-02T05:00:00Z',
    });
    expect(seriesTimeRange(table, { column: 'station', value: 'south' })?.last).toBe('2024-01-02T15:00:00Z');
    expect(seriesTimeRange(table, { column: 'station', value: null })).toEqual({
      first: '2024-01-01',
      last: '2024-01-02T15:00:00Z',
    });
    expect(seriesTimeRange(table, null)).toBeNull();
    expect(seriesTimeRange(table, { column: 'station', value: 'east' })).toBeNull();
  });

  it('does not offer the series column as an input feature', () => {
    const data = { ...DEFAULT_CONFIG.data, time: 'time', targets: ['temp'] };
    const stacked = { ...data, series: { column: 'station', value: null } };
    expect(featureChoices(table, stacked, 'regression')).toEqual(['temp']);
    expect(
      featureChoices(table, { ...stacked, series: { column: 'station', value: 'north' } }, 'regression'),
    ).toEqual(['temp']);
    // Read as one series (no series column chosen), the station is an ordinary categorical column.
    expect(featureChoices(table, { ...data, series: null }, 'regression')).toEqual(['station', 'temp']);
    // Classification never offers the class column as an input either.
    expect(featureChoices(table, { ...data, series: null, targets: ['station'] }, 'classification')).toEqual([
      'temp',
    ]);
  });

  it('draws nothing special without stacked series or for an unknown id', () => {
    expect(seriesRows(table, null)).toBeNull();
    expect(seriesRows(table, { column: 'station', value: 'east' })).toBeNull();
    expect(seriesRows(table, { column: 'temp', value: null })).toBeNull();
    expect(seriesSizes(parseCsv(ambiguous(24))).size).toBe(0);
  });
});

describe('date order', () => {
  it('offers the choice when the loader guessed, with its notice', () => {
    const table = parseCsv(ambiguous(24));
    const choice = dateOrderChoice(table, null);
    expect(choice).toMatchObject({ column: 'date', guessed: true });
    expect(choice?.order === 'dmy' || choice?.order === 'mdy').toBe(true);
    expect(choice?.notice).toMatch(/could be day\/month\/year/);
  });

  it('keeps offering it after an order was asked for (the loader no longer says so)', () => {
    const table = parseCsv(ambiguous(24), { dateOrder: 'mdy' });
    expect(table.notices.some((n) => /could be day/.test(n))).toBe(false);
    expect(dateOrderChoice(table, 'mdy')).toEqual({
      column: 'date',
      order: 'mdy',
      guessed: false,
      notice: null,
    });
  });

  it('offers nothing for unambiguous or ISO dates', () => {
    expect(dateOrderChoice(parseCsv('date,v\n13/01/2024,1\n14/01/2024,2\n'), null)).toBeNull();
    expect(dateOrderChoice(parseCsv('date,v\n2024-01-01,1\n2024-01-02,2\n'), null)).toBeNull();
    expect(dateOrderChoice(parseCsv('a,v\n1,1\n2,2\n'), 'dmy')).toBeNull();
  });
});
