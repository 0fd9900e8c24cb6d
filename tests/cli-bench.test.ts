// `bench` smoke test: a shrunken W2 (--n) on both backends, in both output formats.
import { describe, expect, it } from 'vitest';
import { runCli, stderrLines } from './cli-run.ts';

describe('cli bench', () => {
  for (const backend of ['webgpu', 'cpu'] as const) {
    it(`--json prints one result object per workload (${backend})`, async () => {
      const r = await runCli([
        'bench',
        '--workload',
        'W2',
        '--json',
        '--epochs',
        '1',
        '--n',
        '64',
        '--backend',
        backend,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      const o = JSON.parse(lines[0]);
      expect(Object.keys(o).sort()).toEqual(
        [
          'adapter',
          'epoch_ms',
          'first_epoch_ms',
          'peak_gpu_bytes',
          'peer',
          'samples_per_s',
          'workload',
        ].sort(),
      );
      expect(o.workload).toBe('W2');
      expect(o.peer).toBe(backend === 'cpu' ? 'webgpu-lstm-cpu' : 'webgpu-lstm');
      expect(typeof o.adapter).toBe('string');
      expect(o.samples_per_s).toBeGreaterThan(0);
      expect(o.epoch_ms).toBeGreaterThan(0);
      expect(o.first_epoch_ms).toBeGreaterThan(0);
      if (backend === 'cpu') expect(o.peak_gpu_bytes).toBeNull();
      else expect(o.peak_gpu_bytes).toBeGreaterThan(0);
      const progress = stderrLines(r.stderr);
      expect(progress.some((l) => /^W2 epoch 1\/2 \(warm-up\)/.test(l))).toBe(true);
      expect(progress.some((l) => /^W2 epoch 2\/2/.test(l))).toBe(true);
    });
  }

  it('prints a table by default', async () => {
    const r = await runCli([
      'bench',
      '--workload',
      'w2,W1',
      '--epochs',
      '1',
      '--n',
      '32',
      '--backend',
      'cpu',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^adapter: /);
    expect(lines[1]).toMatch(/^workload\s+peer\s+samples\/s\s+epoch ms\s+first epoch ms\s+ratio$/);
    expect(lines[2]).toMatch(/^W2\s+webgpu-lstm-cpu\s+[\d,.]+\s+[\d,]+\s+[\d,]+$/);
    expect(lines[3]).toMatch(/^W1\s+webgpu-lstm-cpu\s+[\d,.]+\s+[\d,]+\s+[\d,]+$/);
  });

  it('--compare tfjs runs TensorFlow.js on the same adapter and prints both, with the ratio', async () => {
    const r = await runCli(['bench', '--workload', 'W2', '--epochs', '1', '--n', '64', '--compare', 'tfjs']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[2]).toMatch(/^W2\s+webgpu-lstm\s+[\d,.]+\s+[\d,]+\s+[\d,]+$/);
    expect(lines[3]).toMatch(/^W2\s+tfjs-webgpu\s+[\d,.]+\s+[\d,]+\s+[\d,]+\s+[\d.]+×$/);
    expect(stderrLines(r.stderr).some((l) => /^W2 tfjs-webgpu epoch 2\/2/.test(l))).toBe(true);
  });
});
