// A model that `webgpu-lstm train` just produced, loaded into PyTorch by examples/pytorch_load.py, predicts
// what `webgpu-lstm predict` predicts. Needs Debian's python3-torch (bash .ci/install-system-deps installs
// it); a missing torch fails the test with that hint, it never skips.
// Tolerance: both run float32 from the same weights; only summation order differs (~1e-6 on values of
// O(1) after un-scaling), so 1e-4·(1 + |v|) is tight enough to catch a wrong gate order, transpose or
// scaler (errors of O(0.1)).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Preprocessing } from '../src/data/prepare.ts';
import { parseRunConfig } from '../src/model/config.ts';
import { initParams } from '../src/model/init.ts';
import { buildLayout } from '../src/model/layout.ts';
import { buildModelFile, serializeModelFile } from '../src/model/model-file.ts';
import { specFromConfig } from '../src/model/trainer.ts';
import { REGIMES, ROOT, readCsv, runCli, SINE, tempDir, trainCli } from './cli-run.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

async function torchPredict(model: string, data: string, out: string): Promise<void> {
  try {
    await run(PYTHON, [join(ROOT, 'examples', 'pytorch_load.py'), model, data, '--out', out], {
      timeout: 120_000,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(
      `examples/pytorch_load.py failed: ${err.stderr || err.message}\n` +
        'It needs Debian python3-torch: run `bash .ci/install-system-deps` (apt-get install python3-torch).',
    );
  }
}

function compare(ours: string, theirs: string, numericFrom: number) {
  const a = readCsv(ours);
  const b = readCsv(theirs);
  expect(b.header).toEqual(a.header);
  expect(b.rows).toHaveLength(a.rows.length);
  a.rows.forEach((row, k) => {
    row.forEach((cell, c) => {
      const other = b.rows[k][c];
      if (c < numericFrom || cell === '' || Number.isNaN(Number(cell))) {
        if (cell !== '' && Number.isFinite(Number(cell))) expect(Number(other)).toBe(Number(cell));
        else expect(other).toBe(cell);
        return;
      }
      expect(Math.abs(Number(other) - Number(cell)), `row ${k} ${a.header[c]}`).toBeLessThan(
        1e-4 * (1 + Math.abs(Number(cell))),
      );
    });
  });
}

/** `webgpu-lstm predict` and examples/pytorch_load.py on the same model and data write the same CSV. */
async function expectTorchAgrees(model: string, data: string, dir: string): Promise<void> {
  const ours = await runCli(['predict', model, data]);
  expect(ours.code, ours.stderr).toBe(0);
  const out = join(dir, 'torch.csv');
  await torchPredict(model, data, out);
  compare(ours.stdout, readFileSync(out, 'utf8'), 3);
}

describe('PyTorch loads our model files', () => {
  it('regression with two LSTM layers: same predictions', async () => {
    const dir = tempDir();
    const model = join(dir, 'm.json');
    await trainCli(SINE, ['--target', 'wave', '--window', '8', '--layers', '6,4', '--epochs', '2'], model);
    await expectTorchAgrees(model, SINE, dir);
  });

  it('batch and layer normalization between LSTM layers (a built model file): same predictions', async () => {
    // The CLI has no flag for normalization yet, so build the file from a config, with non-trivial
    // normalization weights and moving statistics.
    const config = parseRunConfig({
      data: { features: ['wave', 'drive'], targets: ['wave'], window: 8, time: 'date' },
      model: { layers: [{ units: 6, norm: 'batch' }, { units: 5, norm: 'layer' }, { units: 4 }] },
    });
    const pre: Preprocessing = {
      features: ['wave', 'drive'],
      targets: ['wave'],
      window: 8,
      horizon: 1,
      scaler: { kind: 'standard', columns: ['wave', 'drive'], mean: [0.1, -0.2], std: [0.7, 0.9] },
    };
    const spec = specFromConfig(config, pre);
    const params = initParams(spec, 5);
    const layout = buildLayout(spec);
    for (const e of layout.entries) {
      if (e.name.startsWith('norm'))
        for (let i = 0; i < e.size; i++) params[e.offset + i] = Math.fround(0.5 + 0.1 * ((i * 7) % 5));
    }
    const history = { loss: [], valLoss: [], lr: [], epochMs: [] };
    const dir = tempDir();
    const model = join(dir, 'n.json');
    writeFileSync(
      model,
      serializeModelFile(buildModelFile({ config, preprocessing: pre, spec, params, history })),
    );
    await expectTorchAgrees(model, SINE, dir);
  });

  it.each([
    ['target', '2'],
    ['all', '3'],
  ])('differences %s, horizon %s: the same levels (changes summed onto the last row)', async (mode, h) => {
    const dir = tempDir();
    const model = join(dir, `d-${mode}.json`);
    await trainCli(
      SINE,
      [
        '--target',
        'wave',
        '--window',
        '8',
        '--horizon',
        h,
        '--layers',
        '6',
        '--epochs',
        '2',
        '--differences',
        mode,
      ],
      model,
    );
    await expectTorchAgrees(model, SINE, dir);
  });

  it('classification with horizon 2: same classes and probabilities', async () => {
    const dir = tempDir();
    const model = join(dir, 'c.json');
    await trainCli(
      REGIMES,
      [
        '--target',
        'regime',
        '--task',
        'classification',
        '--window',
        '6',
        '--horizon',
        '2',
        '--layers',
        '8',
        '--epochs',
        '2',
      ],
      model,
    );
    await expectTorchAgrees(model, REGIMES, dir);
  });

  it('a model trained in PyTorch (examples/pytorch_export.py) predicts the same here and keeps training', async () => {
    const dir = tempDir();
    const model = join(dir, 'torch-model.json');
    const own = join(dir, 'torch-own.csv');
    try {
      await run(
        PYTHON,
        [
          join(ROOT, 'examples', 'pytorch_export.py'),
          SINE,
          '--target',
          'wave',
          '--window',
          '8',
          '--layers',
          '6,4',
          '--epochs',
          '5',
          '--out',
          model,
          '--predictions',
          own,
        ],
        { timeout: 120_000 },
      );
    } catch (e) {
      throw new Error(`examples/pytorch_export.py failed (needs python3-torch): ${(e as Error).message}`);
    }
    const ours = await runCli(['predict', model, SINE]);
    expect(ours.code, ours.stderr).toBe(0);
    const a = readCsv(ours.stdout);
    const b = readCsv(readFileSync(own, 'utf8'));
    expect(a.rows).toHaveLength(b.rows.length);
    const col = a.header.indexOf('wave');
    a.rows.forEach((row, k) => {
      expect(row[0]).toBe(b.rows[k][0]);
      expect(Math.abs(Number(row[col]) - Number(b.rows[k][1]))).toBeLessThan(
        1e-4 * (1 + Math.abs(Number(row[col]))),
      );
    });
    const cont = join(dir, 'continued.json');
    const trained = await runCli(['train', SINE, '--init', model, '--epochs', '2', '--out', cont]);
    expect(trained.code, trained.stderr).toBe(0);
    const history = JSON.parse(readFileSync(cont, 'utf8')).history;
    expect(history.loss).toHaveLength(7); // PyTorch's 5 epochs, then 2 more here
  });

  it('round trip through DistributedDataParallel: export → one epoch in PyTorch (2 processes) → import → predict', async () => {
    const dir = tempDir();
    const model = join(dir, 'm.json');
    await trainCli(SINE, ['--target', 'wave', '--window', '8', '--layers', '6', '--epochs', '2'], model);
    const next = join(dir, 'ddp.json');
    try {
      await run(
        PYTHON,
        [
          join(ROOT, 'examples', 'pytorch_train_ddp.py'),
          model,
          SINE,
          '--nproc',
          '2',
          '--epochs',
          '1',
          '--out',
          next,
        ],
        {
          timeout: 180_000,
        },
      );
    } catch (e) {
      throw new Error(`examples/pytorch_train_ddp.py failed (needs python3-torch): ${(e as Error).message}`);
    }
    const before = JSON.parse(readFileSync(model, 'utf8'));
    const after = JSON.parse(readFileSync(next, 'utf8'));
    expect(after.history.loss).toHaveLength(before.history.loss.length + 1);
    expect(after.layers[0].kernel.data).not.toEqual(before.layers[0].kernel.data);
    await expectTorchAgrees(next, SINE, dir);
  });
});
