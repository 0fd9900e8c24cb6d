// `webgpu-lstm inspect` and the data flags of train/predict, as a user runs them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneErrorLine, FIXTURES, runCli } from './cli-run.ts';

const DATA = join(FIXTURES, 'data');

describe('cli inspect', () => {
  it('prints rows, column types, the time span, series and notices', async () => {
    const r = await runCli(['inspect', join(DATA, 'stacked.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('rows: 6; comma-separated');
    expect(r.stdout).toContain('time: time, 2024-01-01 → 2024-01-03');
    expect(r.stdout).toContain('series: 2 in column station (A, B)');
    expect(r.stdout).toMatch(/station\s+categorical; 2 values/);
    expect(r.stdout).toContain('note: Several series');
  });

  it('--json gives the same as data', async () => {
    const r = await runCli(['inspect', join(DATA, 'european.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ rows: 3, delimiter: ';', decimal: ',', header: true });
    expect(s.columns[1]).toMatchObject({ name: 'temp', type: 'numeric', missing: 1, min: -2.25, max: 1.5 });
  });

  it('a file the loader refuses: one error line, exit 1', async () => {
    expectOneErrorLine(
      await runCli(['inspect', join(DATA, 'utf16.csv')]),
      1,
      'utf16.csv: The file is UTF-16',
    );
    expectOneErrorLine(await runCli(['inspect', join(DATA, 'ragged.csv')]), 1, 'Row 3 has 1 field');
    expectOneErrorLine(await runCli(['inspect']), 2, 'inspect takes one data file');
  });

  it('train and predict document the data flags', async () => {
    const t = await runCli(['train', '--help']);
    for (const f of ['--time', '--missing', '--scale', '--stride', '--date-order', '--series']) {
      expect(t.stdout).toContain(f);
    }
    const p = await runCli(['predict', '--help']);
    for (const f of ['--missing', '--date-order', '--series']) expect(p.stdout).toContain(f);
    expectOneErrorLine(
      await runCli([
        'train',
        join(DATA, 'stacked.csv'),
        '--target',
        'temp',
        '--out',
        '/tmp/x.json',
        '--missing',
        'zero',
      ]),
      2,
      '--missing must be one of drop, ffill, linear',
    );
  });

  it('train names the unreadable cell', async () => {
    expectOneErrorLine(
      await runCli([
        'train',
        join(DATA, 'not-a-number.csv'),
        '--target',
        'temp',
        '--window',
        '4',
        '--out',
        '/tmp/x.json',
      ]),
      1,
      'not-a-number.csv: Row 32, column "temp": "abc" is not a number.',
    );
  });

  it('--delimiter, --decimal, --header and --categorical override what the loader guesses', async () => {
    const file = join(DATA, 'codes-semicolon.csv');
    const guessed = JSON.parse((await runCli(['inspect', file, '--json'])).stdout);
    expect(guessed.columns.map((c: { type: string }) => c.type)).toEqual(['time', 'numeric', 'numeric']);
    const r = await runCli([
      'inspect',
      file,
      '--json',
      '--delimiter',
      'semicolon',
      '--decimal',
      'comma',
      '--header',
      'yes',
      '--categorical',
      'code',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ delimiter: ';', decimal: ',', header: true });
    expect(s.columns.map((c: { type: string }) => c.type)).toEqual(['time', 'categorical', 'numeric']);
    // Told the wrong delimiter, the loader says which row does not fit.
    expectOneErrorLine(
      await runCli(['inspect', file, '--delimiter', 'comma']),
      1,
      'codes-semicolon.csv: Row 2 has 2 fields',
    );
    expectOneErrorLine(
      await runCli(['inspect', file, '--decimal', 'x']),
      2,
      '--decimal must be one of dot, comma',
    );
  });
});
