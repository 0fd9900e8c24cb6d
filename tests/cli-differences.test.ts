// train --differences all → model file → predict, through the real bin (WebGPU on Dawn): the predictions
// CSV gives levels, the imported model scores exactly what train scored before export, and both commands
// print the persistence baseline (tests/fixtures/sine.csv: 300 rows, columns date, wave, drive).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelFile } from '../src/model/model-file.ts';
import { type CliResult, readCsv, runCli, SINE, stderrLines, tempDir } from './cli-run.ts';

const sine = readCsv(readFileSync(SINE, 'utf8'));
const wave = sine.rows.map((r) => Number(r[1]));

/** "test (29 windows): wave: RMSE 0.1 MAE 0.1 · persistence RMSE 0.2 MAE 0.2 (beats persistence)" */
function scores(text: string, split: string) {
  const m = new RegExp(
    `^${split} \\((\\d+) windows\\): wave: RMSE (\\S+) MAE (\\S+) · persistence RMSE (\\S+) MAE (\\S+) \\((beats|worse than) persistence\\)$`,
    'm',
  ).exec(text);
  expect(m, `${split} line in:\n${text}`).not.toBeNull();
  return {
    windows: Number(m![1]),
    rmse: Number(m![2]),
    mae: Number(m![3]),
    pRmse: Number(m![4]),
    pMae: Number(m![5]),
  };
}

// Printed with 5 significant digits: a relative difference up to 1e-4 is printing alone; a wrong
// window, scaler or inverse transform moves these by far more (the changes are ~0.1 of the levels).
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(2e-4 * Math.abs(b));

describe('train and predict on first differences', () => {
  const dir = tempDir();
  const model = join(dir, 'diff.json');
  let train: CliResult;

  beforeAll(async () => {
    train = await runCli([
      'train',
      SINE,
      '--target',
      'wave',
      '--differences',
      'all',
      '--window',
      '8',
      '--layers',
      '8',
      '--epochs',
      '3',
      '--val',
      '0.2',
      '--test',
      '0.1',
      '--seed',
      '1',
      '--out',
      model,
    ]);
  });

  it('the model file carries the transform and the changes’ statistics', () => {
    expect(train.code, train.stderr).toBe(0);
    const m = parseModelFile(readFileSync(model, 'utf8'));
    expect(m.file.preprocessing.differences).toBe('all');
    expect(m.file.config.data.differences).toBe('all');
    expect(m.file.preprocessing.scaler.columns).toEqual(['Δwave', 'Δdrive']);
  });

  it('predict after import gives the levels train scored: same RMSE/MAE and persistence on the test windows', async () => {
    const t = scores(train.stdout, 'test');
    const r = await runCli(['predict', model, SINE]);
    expect(r.code, r.stderr).toBe(0);
    expect(stderrLines(r.stderr).some((l) => /^score: windows \(\d+ windows\): wave: RMSE/.test(l))).toBe(
      true,
    );
    const p = readCsv(r.stdout);
    expect(p.header).toEqual(['window_end', 'target_row', 'date', 'wave', 'wave_true']);
    // Differenced inputs need the row before the window: the first window ends at row 8, not 7.
    expect(Number(p.rows[0][0])).toBe(8);
    const known = p.rows.filter((row) => row[4] !== '');
    // The split train used: windows by end row, 20 % validation, 10 % test, the test ones last.
    const nTest = Math.floor(known.length * 0.1);
    const test = known.slice(known.length - nTest);
    expect(test).toHaveLength(t.windows);
    let se = 0;
    let ae = 0;
    let pse = 0;
    let pae = 0;
    for (const row of test) {
      const end = Number(row[0]);
      const pred = Number(row[3]);
      const truth = wave[end + 1];
      // Levels, not changes: the prediction is near the wave (|wave| ≤ ~1.5), the truth is the file's.
      expect(Number(row[4])).toBeCloseTo(truth, 4);
      se += (pred - truth) ** 2;
      ae += Math.abs(pred - truth);
      pse += (wave[end] - truth) ** 2;
      pae += Math.abs(wave[end] - truth);
    }
    close(Math.sqrt(se / test.length), t.rmse);
    close(ae / test.length, t.mae);
    close(Math.sqrt(pse / test.length), t.pRmse);
    close(pae / test.length, t.pMae);
  });

  it('--init keeps the transform and refuses a contradicting --differences', async () => {
    const r = await runCli([
      'train',
      SINE,
      '--init',
      model,
      '--differences',
      'target',
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--differences target contradicts the model in .*differences all/);
  });
});
