// The CLI's face: help texts, and every kind of failure as ONE stderr line with a non-zero exit code and
// no stack trace. These fail before any device starts, so they are quick.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneErrorLine, FIXTURES, REGIMES, runCli, SINE, tempDir } from './cli-run.ts';

describe('cli help', () => {
  it('prints the tool help and each command help on stdout', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: webgpu-lstm <command>/);
    for (const cmd of ['train', 'predict', 'bench']) {
      expect(top.stdout).toContain(cmd);
      const r = await runCli([cmd, '--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Usage: webgpu-lstm ${cmd}`);
      expect(r.stderr).toBe('');
    }
    const train = await runCli(['help', 'train']);
    expect(train.stdout).toContain('--target');
    expect(train.stdout).toContain('--init');
    expect(train.stdout).toContain('--loss');
    const bench = await runCli(['bench', '-h']);
    expect(bench.stdout).toContain('--n N');
  });

  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^webgpu-lstm \d+\.\d+\.\d+/);
  });
});

describe('cli errors', () => {
  const out = () => join(tempDir(), 'm.json');

  it('unknown command and misspelled flag: usage errors (exit 2) with a suggestion', async () => {
    expectOneErrorLine(await runCli(['trian']), 2, 'Unknown command "trian"', 'webgpu-lstm --help');
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--out', out(), '--epoch', '3']),
      2,
      'Unknown option --epoch',
      'did you mean --epochs?',
      'webgpu-lstm train --help',
    );
  });

  it('bad flag values name the flag', async () => {
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--out', out(), '--window', 'abc']),
      2,
      '--window must be a whole number',
    );
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--out', out(), '--optimizer', 'adagrad']),
      2,
      '--optimizer must be one of',
    );
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--out', out(), '--val', '0.95']),
      2,
      '--val must be at most 0.9',
    );
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--out', out(), '--layers', '8,0']),
      2,
      '--layers must be at least 1',
    );
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--out', out(), '--dropout', '0.1,0.2,0.3']),
      2,
      '--dropout has 3 values for 2 layers',
    );
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--out', out(), '--loss', 'crossentropy']),
      2,
      '--task classification',
    );
    expectOneErrorLine(await runCli(['train', SINE, '--target', 'wave', '--out']), 2, '--out needs a value');
    expectOneErrorLine(await runCli(['train', SINE, '--out', out()]), 2, '--target is required');
    expectOneErrorLine(await runCli(['train', SINE, '--target', 'wave']), 2, '--out is required');
    expectOneErrorLine(await runCli(['train', '--target', 'wave', '--out', out()]), 2, 'needs the data file');
    expectOneErrorLine(await runCli(['predict', SINE]), 2, 'predict takes a model file and a data file');
    expectOneErrorLine(
      await runCli(['bench', '--workload', 'W9']),
      2,
      '--workload W9 is not one of W1, W2, W3, W4',
    );
  });

  it('a missing column names it, the file and the columns there are', async () => {
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'nope', '--out', out()]),
      1,
      'sine.csv',
      'The target column "nope" is not in the file',
      '"wave"',
    );
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--features', 'wave,speed', '--out', out()]),
      1,
      'The feature column "speed" is not in the file',
    );
  });

  it('a bad CSV names the row; a missing file says so', async () => {
    expectOneErrorLine(
      await runCli(['train', join(FIXTURES, 'bad-ragged.csv'), '--target', 'a', '--out', out()]),
      1,
      'bad-ragged.csv: Row 3 has 2 fields but the header has 3',
    );
    expectOneErrorLine(
      await runCli(['train', join(FIXTURES, 'no-such.csv'), '--target', 'a', '--out', out()]),
      1,
      /Cannot read the data file .*no-such\.csv: no such file/,
    );
  });

  it('a text target for regression points at --task classification', async () => {
    expectOneErrorLine(
      await runCli(['train', REGIMES, '--target', 'regime', '--out', out()]),
      1,
      'regimes.csv',
      'add --task classification',
    );
  });

  it('too few rows for the window says how to fix it', async () => {
    expectOneErrorLine(
      await runCli(['train', SINE, '--target', 'wave', '--window', '400', '--out', out()]),
      1,
      'fewer than one window of 400 rows',
    );
  });

  it('an output folder that does not exist fails before training', async () => {
    expectOneErrorLine(
      await runCli([
        'train',
        SINE,
        '--target',
        'wave',
        '--out',
        join(tempDir(), 'missing', 'm.json'),
        '--backend',
        'cpu',
      ]),
      1,
      'does not exist',
    );
  });

  it('predict: a file that is not a model names the problem', async () => {
    const dir = tempDir();
    const notModel = join(dir, 'x.json');
    writeFileSync(notModel, '{"format":"something-else"}');
    expectOneErrorLine(
      await runCli(['predict', notModel, SINE]),
      1,
      'x.json',
      'not a webgpu-lstm model file',
    );
    const broken = join(dir, 'y.json');
    writeFileSync(broken, '{"format":');
    expectOneErrorLine(await runCli(['predict', broken, SINE]), 1, 'y.json', 'not a JSON file');
  });
});
