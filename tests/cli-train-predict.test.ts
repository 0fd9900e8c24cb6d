// train → predict → train --init through the real bin, on WebGPU (Dawn; lavapipe without a GPU) and on the
// CPU backend, with tiny models on the fixture CSVs (tests/fixtures/sine.csv: a date column and two
// waves, 300 rows; regimes.csv: a numeric time column, x, and a 3-class label that depends on the last
// three x values).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelFile } from '../src/model/model-file.ts';
import {
  type CliResult,
  expectOneErrorLine,
  REGIMES,
  readCsv,
  runCli,
  SINE,
  stderrLines,
  tempDir,
  trainCli,
} from './cli-run.ts';

const SINE_ROWS = 300;
const sine = readCsv(readFileSync(SINE, 'utf8'));
const wave = sine.rows.map((r) => Number(r[1]));

function expectTrained(r: CliResult, epochs: number, backend: 'webgpu' | 'cpu'): string[] {
  expect(r.code, r.stderr).toBe(0);
  const lines = stderrLines(r.stderr);
  expect(lines[0]).toMatch(backend === 'webgpu' ? /^backend: webgpu on \S/ : /^backend: cpu/);
  expect(lines.some((l) => l.startsWith('data: '))).toBe(true);
  expect(lines.some((l) => l.startsWith('model: '))).toBe(true);
  const epochLines = lines.filter((l) => /^epoch\s/.test(l));
  expect(epochLines).toHaveLength(epochs);
  for (const l of epochLines) expect(l).toMatch(/loss \d.*val \d.*samples\/s .* ms/);
  expect(r.stdout).toMatch(/^stopped: completed/m);
  expect(r.stdout).toMatch(/^wrote: /m);
  return epochLines;
}

const firstLoss = (epochLine: string) => Number(/loss (\S+)/.exec(epochLine)![1]);

describe('train and predict a regression model', () => {
  const dir = tempDir();
  const gpuModel = join(dir, 'gpu.json');
  const cpuModel = join(dir, 'cpu.json');
  const common = [
    '--target',
    'wave',
    '--window',
    '8',
    '--layers',
    '8',
    '--epochs',
    '3',
    '--batch',
    '32',
    '--seed',
    '1',
  ];
  let gpuEpochs: string[] = [];

  beforeAll(async () => {
    gpuEpochs = expectTrained(await runCli(['train', SINE, ...common, '--out', gpuModel]), 3, 'webgpu');
  });

  it('writes a model file with the data choices and history (webgpu)', () => {
    const m = parseModelFile(readFileSync(gpuModel, 'utf8'));
    expect(m.file.config.data.time).toBe('date');
    expect(m.file.preprocessing.features).toEqual(['wave', 'drive']);
    expect(m.file.preprocessing.targets).toEqual(['wave']);
    expect(m.file.preprocessing.window).toBe(8);
    expect(m.file.history.loss).toHaveLength(3);
    expect(m.file.history.valLoss.every((v) => v !== null && Number.isFinite(v))).toBe(true);
    expect(m.spec.lstm.map((l) => l.units)).toEqual([8]);
  });

  it('trains the same way on the cpu backend', async () => {
    const cpuEpochs = expectTrained(
      await runCli(['train', SINE, ...common, '--backend', 'cpu', '--out', cpuModel]),
      3,
      'cpu',
    );
    // Same seed, same data, same arithmetic up to float32 rounding: the first epoch's loss agrees.
    expect(Math.abs(firstLoss(cpuEpochs[0]) - firstLoss(gpuEpochs[0]))).toBeLessThan(
      0.02 * firstLoss(gpuEpochs[0]),
    );
  });

  it('predicts every window into a CSV (webgpu), and the cpu backend agrees on stdout', async () => {
    const out = join(dir, 'pred.csv');
    const r = await runCli(['predict', gpuModel, SINE, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const p = readCsv(readFileSync(out, 'utf8'));
    expect(p.header).toEqual(['window_end', 'target_row', 'date', 'wave', 'wave_true']);
    expect(p.rows).toHaveLength(SINE_ROWS - 8 + 1);
    p.rows.forEach((row, k) => {
      const r0 = 7 + k;
      expect(Number(row[0])).toBe(r0);
      expect(Number(row[1])).toBe(r0 + 1);
      const pred = Number(row[3]);
      expect(Number.isFinite(pred)).toBe(true);
      expect(Math.abs(pred)).toBeLessThan(5);
      if (r0 + 1 < SINE_ROWS) {
        expect(row[2]).toBe(sine.rows[r0 + 1][0]);
        expect(Number(row[4])).toBeCloseTo(wave[r0 + 1], 4);
      } else {
        expect(row[2]).toBe('');
        expect(row[4]).toBe('');
      }
    });
    const cpu = await runCli(['predict', gpuModel, SINE, '--backend', 'cpu']);
    expect(cpu.code, cpu.stderr).toBe(0);
    const q = readCsv(cpu.stdout);
    expect(q.header).toEqual(p.header);
    expect(q.rows).toHaveLength(p.rows.length);
    // Same weights, same windows: predictions (|wave| ≤ ~1.5) differ between backends only by float32
    // summation order, ~1e-6; 1e-3 is far below any real disagreement (a wrong window or scaler is O(0.1)).
    q.rows.forEach((row, k) => {
      expect(Math.abs(Number(row[3]) - Number(p.rows[k][3]))).toBeLessThan(1e-3);
    });
  });

  it('--init continues training from the saved weights and history', async () => {
    const more = join(dir, 'more.json');
    const r = await runCli([
      'train',
      SINE,
      '--init',
      gpuModel,
      '--epochs',
      '2',
      '--lr',
      '0.01',
      '--out',
      more,
    ]);
    const epochLines = expectTrained(r, 2, 'webgpu');
    expect(stderrLines(r.stderr)).toContain(`init: continuing ${gpuModel} after 3 epochs`);
    expect(epochLines[0]).toMatch(/^epoch 4\/5/);
    const before = parseModelFile(readFileSync(gpuModel, 'utf8')).file;
    const after = parseModelFile(readFileSync(more, 'utf8')).file;
    expect(after.history.loss).toHaveLength(5);
    expect(after.history.loss.slice(0, 3)).toEqual(before.history.loss);
    // It went on from trained weights: the first new epoch is better than the very first epoch.
    expect(after.history.loss[3]!).toBeLessThan(before.history.loss[0]!);
    expect(after.preprocessing).toEqual(before.preprocessing);
    expect(after.config.training.optimizer.lr).toBe(0.01);
  });

  it('--init refuses flags that contradict the saved model', async () => {
    const out = join(dir, 'x.json');
    expectOneErrorLine(
      await runCli(['train', SINE, '--init', gpuModel, '--window', '16', '--out', out]),
      2,
      '--window 16 contradicts the model in',
      'window 8',
    );
    expectOneErrorLine(
      await runCli(['train', SINE, '--init', gpuModel, '--layers', '8,4', '--out', out]),
      2,
      '--layers 8,4 contradicts',
    );
    expectOneErrorLine(
      await runCli(['train', SINE, '--init', gpuModel, '--target', 'drive', '--out', out]),
      2,
      '--target drive contradicts',
    );
  });
});

describe('multi-target, multi-step and missing truth (cpu)', () => {
  const dir = tempDir();

  it('--horizon 2 with two targets names the columns @+k and leaves unknown truth empty', async () => {
    const model = join(dir, 'h2.json');
    const t = await runCli([
      'train',
      SINE,
      '--target',
      'wave,drive',
      '--horizon',
      '2',
      '--window',
      '6',
      '--layers',
      '6',
      '--epochs',
      '1',
      '--loss',
      'huber',
      '--backend',
      'cpu',
      '--out',
      model,
    ]);
    expectTrained(t, 1, 'cpu');
    // Each target's scores step by step, beside persistence's, after the pooled line.
    for (const target of ['wave', 'drive'])
      expect(t.stdout).toMatch(
        new RegExp(
          `validation: ${target} RMSE by step: \\+1 \\S+ \\(persistence \\S+\\), \\+2 \\S+ \\(persistence \\S+\\)\n`,
        ),
      );
    const r = await runCli(['predict', model, SINE, '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/score: windows: wave RMSE by step: \+1 /);
    const p = readCsv(r.stdout);
    expect(p.header).toEqual([
      'window_end',
      'target_row',
      'date',
      'wave@+1',
      'wave_true@+1',
      'drive@+1',
      'drive_true@+1',
      'wave@+2',
      'wave_true@+2',
      'drive@+2',
      'drive_true@+2',
    ]);
    expect(p.rows).toHaveLength(SINE_ROWS - 6 + 1);
    const [secondLast, last] = p.rows.slice(-2);
    expect(secondLast[1]).toBe(String(SINE_ROWS));
    expect(secondLast[4]).not.toBe('');
    expect(secondLast[8]).toBe('');
    expect(last[4]).toBe('');
    for (const row of p.rows)
      for (const i of [3, 5, 7, 9]) expect(Number.isFinite(Number(row[i]))).toBe(true);
  });

  it('predicts from a CSV without the target column when the target is not a feature', async () => {
    const model = join(dir, 'drive-only.json');
    expectTrained(
      await runCli([
        'train',
        SINE,
        '--target',
        'wave',
        '--features',
        'drive',
        '--window',
        '6',
        '--layers',
        '4',
        '--epochs',
        '1',
        '--backend',
        'cpu',
        '--out',
        model,
      ]),
      1,
      'cpu',
    );
    const noTarget = join(dir, 'future.csv');
    writeFileSync(
      noTarget,
      `date,drive\n${sine.rows
        .slice(0, 20)
        .map((r) => `${r[0]},${r[2]}`)
        .join('\n')}\n`,
    );
    const r = await runCli(['predict', model, noTarget, '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    const p = readCsv(r.stdout);
    expect(p.header).toEqual(['window_end', 'target_row', 'date', 'wave', 'wave_true']);
    expect(p.rows).toHaveLength(15);
    for (const row of p.rows) {
      expect(Number.isFinite(Number(row[3]))).toBe(true);
      expect(row[4]).toBe('');
    }
  });

  it('--invalid missing says which text cells became gaps, in train and in predict', async () => {
    const model = join(dir, 'stray.json');
    const stray = join(dir, 'stray.csv');
    const body = sine.rows.map((r, i) => `${r[0]},${i === 40 ? 'oops' : r[1]},${r[2]}`);
    writeFileSync(stray, `date,wave,drive\n${body.join('\n')}\n`);
    const note =
      'note: 1 cell of text in "wave" (the first "oops", row 42) is read as missing (invalid: "missing").';
    const t = await runCli(
      ['train', stray, '--target', 'wave', '--window', '6', '--layers', '4', '--epochs', '1'].concat([
        '--invalid',
        'missing',
        '--backend',
        'cpu',
        '--out',
        model,
      ]),
    );
    expect(t.code, t.stderr).toBe(0);
    // The loader's and the data's notes come first, then the backend and the run.
    expect(stderrLines(t.stderr)[0]).toBe(note);
    expect(t.stdout).toMatch(/^wrote: /m);
    const r = await runCli(['predict', model, stray, '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(note);
  });
});

describe('classification', () => {
  const dir = tempDir();
  for (const backend of ['webgpu', 'cpu'] as const) {
    it(`trains and predicts classes with probabilities (${backend})`, async () => {
      const model = join(dir, `cls-${backend}.json`);
      const t = await runCli([
        'train',
        REGIMES,
        '--target',
        'regime',
        '--task',
        'classification',
        '--features',
        'x',
        '--window',
        '6',
        '--layers',
        '12',
        '--epochs',
        '2',
        '--lr',
        '0.01',
        '--backend',
        backend,
        '--out',
        model,
      ]);
      expectTrained(t, 2, backend);
      expect(t.stderr).toContain('3 classes: high, low, mid');
      const m = parseModelFile(readFileSync(model, 'utf8')).file;
      expect(m.preprocessing.classes).toEqual(['high', 'low', 'mid']);
      expect(m.config.data.time).toBe('time');
      const r = await runCli(['predict', model, REGIMES, '--backend', backend]);
      expect(r.code, r.stderr).toBe(0);
      const p = readCsv(r.stdout);
      expect(p.header).toEqual([
        'window_end',
        'target_row',
        'time',
        'class',
        'p_high',
        'p_low',
        'p_mid',
        'regime_true',
      ]);
      expect(p.rows).toHaveLength(240 - 6 + 1);
      for (const row of p.rows) {
        const probs = row.slice(4, 7).map(Number);
        // Float32 softmax written as shortest float32 decimals: the sum is 1 to a few ulps (1e-7); 1e-4 margin.
        expect(Math.abs(probs[0] + probs[1] + probs[2] - 1)).toBeLessThan(1e-4);
        expect(row[3]).toBe(['high', 'low', 'mid'][probs.indexOf(Math.max(...probs))]);
        if (Number(row[1]) < 240) {
          expect(row[2]).toBe(row[1]); // the time column counts rows from 0
          expect(['high', 'low', 'mid']).toContain(row[7]);
        } else expect(row[7]).toBe('');
      }
    });
  }
});

describe('class codes read as labels with --categorical (cpu)', () => {
  // regimes.csv with the labels written as codes 0/1/2: numbers, a classification target only as labels.
  const dir = tempDir();
  const codes = join(dir, 'codes.csv');
  const model = join(dir, 'codes.json');
  const regimes = readCsv(readFileSync(REGIMES, 'utf8'));
  const code: Record<string, string> = { high: '0', low: '1', mid: '2' };
  writeFileSync(
    codes,
    `time,x,regime\n${regimes.rows.map((r) => `${r[0]},${r[1]},${code[r[2]] ?? ''}`).join('\n')}\n`,
  );
  const args = [
    '--target',
    'regime',
    '--features',
    'x',
    '--window',
    '6',
    '--layers',
    '8',
    '--backend',
    'cpu',
  ];

  it('saves the columns in the model, and predict and train --init read the file the same way', async () => {
    const t = await runCli([
      'train',
      codes,
      ...args,
      '--task',
      'classification',
      '--categorical',
      'regime',
      '--epochs',
      '1',
      '--out',
      model,
    ]);
    expectTrained(t, 1, 'cpu');
    const m = parseModelFile(readFileSync(model, 'utf8')).file;
    expect(m.config.data.categorical).toEqual(['regime']);
    expect(m.preprocessing.classes).toEqual(['0', '1', '2']);
    // No --categorical: the model's choice applies (read as numbers, "regime" would be no class column).
    const p = await runCli(['predict', model, codes, '--backend', 'cpu']);
    expect(p.code, p.stderr).toBe(0);
    expect(readCsv(p.stdout).header).toEqual([
      'window_end',
      'target_row',
      'time',
      'class',
      'p_0',
      'p_1',
      'p_2',
      'regime_true',
    ]);
    const more = join(dir, 'codes-more.json');
    const c = await runCli([
      'train',
      codes,
      '--init',
      model,
      '--epochs',
      '1',
      '--backend',
      'cpu',
      '--out',
      more,
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(parseModelFile(readFileSync(more, 'utf8')).file.config.data.categorical).toEqual(['regime']);
  });

  it('a model trained without labels columns writes no categorical field', async () => {
    const plain = join(dir, 'plain.json');
    const t = await runCli([
      'train',
      codes,
      '--target',
      'x',
      '--window',
      '6',
      '--layers',
      '4',
      '--epochs',
      '1',
      '--backend',
      'cpu',
      '--out',
      plain,
    ]);
    expectTrained(t, 1, 'cpu');
    expect(parseModelFile(readFileSync(plain, 'utf8')).file.config.data).not.toHaveProperty('categorical');
  });
});

describe('series choices that do not fit the model (cpu)', () => {
  // Two stations stacked (each timestamp once per station), and the same times with one station alone.
  const dir = tempDir();
  const stacked = join(dir, 'stacked.csv');
  const single = join(dir, 'single.csv');
  const oneModel = join(dir, 'one.json');
  const seriesModel = join(dir, 'series-a.json');
  const hours = 40;
  const stamp = (i: number) => new Date(Date.UTC(2024, 0, 1, i)).toISOString().slice(0, 19);
  const tiny = ['--target', 'temp', '--window', '4', '--layers', '4', '--epochs', '1', '--backend', 'cpu'];

  beforeAll(async () => {
    const rows = ['time,station,temp'];
    const alone = ['time,temp'];
    for (let i = 0; i < hours; i++) {
      rows.push(
        `${stamp(i)},A,${Math.sin(i / 3).toFixed(4)}`,
        `${stamp(i)},B,${(10 + Math.cos(i / 3)).toFixed(4)}`,
      );
      alone.push(`${stamp(i)},${Math.sin(i / 3).toFixed(4)}`);
    }
    writeFileSync(stacked, `${rows.join('\n')}\n`);
    writeFileSync(single, `${alone.join('\n')}\n`);
    await trainCli(single, tiny, oneModel);
    await trainCli(stacked, [...tiny, '--series', 'A'], seriesModel);
  });

  it('--series with a model trained on one series is a usage error, not ignored', async () => {
    const r = await runCli(['predict', oneModel, single, '--series', 'A', '--backend', 'cpu']);
    expectOneErrorLine(r, 2, '--series A: ', 'trained on a single series', 'leave out --series');
    expect(r.stdout).toBe('');
  });

  it('a model trained on a series, over a file without its series column, says which column and why', async () => {
    const r = await runCli(['predict', seriesModel, single, '--backend', 'cpu']);
    expectOneErrorLine(
      r,
      1,
      'The series column "station" is not in the file',
      'was trained on series "A" of column "station"',
      "names each row's series",
    );
  });

  it('a model trained on one series, over a file of stacked series, refuses to mix them', async () => {
    const r = await runCli(['predict', oneModel, stacked, '--backend', 'cpu']);
    expectOneErrorLine(r, 1, 'holds 2 series stacked in column "station"', 'trained on a single series');
  });

  it('the series model predicts the series asked for on the stacked file', async () => {
    const r = await runCli(['predict', seriesModel, stacked, '--series', 'B', '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    // Series B's rows only: one window per row from the 4th on, plus the one past the end.
    const p = readCsv(r.stdout);
    expect(p.rows).toHaveLength(hours - 4 + 1);
    // The truth is B's (10 ± 1), never A's (within ±1).
    const truth = p.rows.map((row) => row[p.header.indexOf('temp_true')]).filter((t) => t !== '');
    expect(truth).toHaveLength(hours - 4);
    for (const t of truth) expect(Number(t)).toBeGreaterThan(8);
  });
});

describe('a model whose time column is a column of labels (cpu)', () => {
  it('predicts on the file it was trained on ("1990-Q1" labels are not dates, and not an error)', async () => {
    const dir = tempDir();
    const data = join(dir, 'quarters.csv');
    const model = join(dir, 'quarters.json');
    const lines = ['quarter,v'];
    for (let i = 0; i < 48; i++)
      lines.push(`${1990 + Math.floor(i / 4)}-Q${(i % 4) + 1},${Math.sin(i / 3).toFixed(3)}`);
    writeFileSync(data, `${lines.join('\n')}\n`);
    await trainCli(
      data,
      ['--target', 'v', '--window', '4', '--layers', '4', '--epochs', '1', '--backend', 'cpu'],
      model,
    );
    expect(parseModelFile(readFileSync(model, 'utf8')).file.config.data.time).toBe('quarter');
    const r = await runCli(['predict', model, data, '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Column "quarter" holds labels, not times: rows are taken in file order/);
    const p = readCsv(r.stdout);
    expect(p.header.slice(0, 3)).toEqual(['window_end', 'target_row', 'quarter']);
    // The window ending at row 3 predicts row 4: the fifth label, in file order.
    expect(p.rows[0].slice(0, 3)).toEqual(['3', '4', '1991-Q1']);
  });
});

describe('a model trained with --time none (cpu)', () => {
  it('predicts on rows in file order, as it was trained, even when the file has a date column', async () => {
    const dir = tempDir();
    const data = join(dir, 'reversed.csv');
    const model = join(dir, 'no-time.json');
    // Dates run backwards: detecting them would sort the rows and change every window.
    const lines = ['date,v'];
    for (let i = 0; i < 40; i++)
      lines.push(`${new Date(Date.UTC(2024, 2, 1) - i * 86_400_000).toISOString().slice(0, 10)},${i}`);
    writeFileSync(data, `${lines.join('\n')}\n`);
    await trainCli(
      data,
      [
        '--target',
        'v',
        '--time',
        'none',
        '--window',
        '4',
        '--layers',
        '4',
        '--epochs',
        '1',
        '--backend',
        'cpu',
      ],
      model,
    );
    expect(parseModelFile(readFileSync(model, 'utf8')).file.config.data.time).toBeNull();
    const r = await runCli(['predict', model, data, '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    const p = readCsv(r.stdout);
    expect(p.header).not.toContain('date');
    // The window ending at row 3 predicts row 4, whose value in file order is 4.
    expect(p.rows[0][p.header.indexOf('v_true')]).toBe('4');
  });
});
