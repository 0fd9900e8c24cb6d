// `bench` smoke tests: shrunken workloads (--n) on both backends, in both output formats, with the peers,
// the profile, and Chromium. Timings are never asserted (shared machines); shapes and counts are.
import { describe, expect, it } from 'vitest';
import { runCli, stderrLines } from './cli-run.ts';

const KEYS = [
  'adapter',
  'epoch_ms',
  'first_batch_ms',
  'first_epoch_ms',
  'memory_ratio',
  'peak_gpu_bytes',
  'peer',
  'samples_per_s',
  'workload',
].sort();

const jsonLines = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

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
      const lines = jsonLines(r.stdout);
      expect(lines).toHaveLength(1);
      const o = lines[0];
      expect(Object.keys(o).sort()).toEqual(KEYS);
      expect(o.workload).toBe('W2');
      expect(o.peer).toBe(backend === 'cpu' ? 'webgpu-lstm-cpu' : 'webgpu-lstm');
      expect(typeof o.adapter).toBe('string');
      expect(o.samples_per_s).toBeGreaterThan(0);
      expect(o.epoch_ms).toBeGreaterThan(0);
      expect(o.first_epoch_ms).toBeGreaterThan(0);
      // The first batch's loss comes back inside the first epoch (issue 6's time to first batch).
      expect(o.first_batch_ms).toBeGreaterThan(0);
      expect(o.first_batch_ms).toBeLessThanOrEqual(o.first_epoch_ms);
      if (backend === 'cpu') {
        expect(o.peak_gpu_bytes).toBeNull();
        expect(o.memory_ratio).toBeNull();
      } else {
        expect(o.peak_gpu_bytes).toBeGreaterThan(0);
        // The peak holds at least parameters, gradients, Adam state and the kept activations (ratio ≥ 1).
        expect(o.memory_ratio).toBeGreaterThanOrEqual(1);
      }
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
    expect(lines[1]).toMatch(
      /^workload\s+peer\s+samples\/s\s+epoch ms\s+first epoch ms\s+first batch ms\s+ratio\s+peak MiB\s+memory$/,
    );
    expect(lines[2]).toMatch(/^W2\s+webgpu-lstm-cpu\s+[\d,.]+\s+[\d,]+\s+[\d,]+\s+[\d,]+$/);
    expect(lines[3]).toMatch(/^W1\s+webgpu-lstm-cpu\s+[\d,.]+\s+[\d,]+\s+[\d,]+\s+[\d,]+$/);
  });

  it('--compare tfjs runs TensorFlow.js on the same adapter and prints both, with the ratio', async () => {
    const r = await runCli(['bench', '--workload', 'W2', '--epochs', '1', '--n', '64', '--compare', 'tfjs']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[2]).toMatch(/^W2\s+webgpu-lstm\s+[\d,.]+\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d.]+\s+[\d.]+×$/);
    expect(lines[3]).toMatch(/^W2\s+tfjs-webgpu\s+[\d,.]+\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d.]+×$/);
    expect(stderrLines(r.stderr).some((l) => /^W2 tfjs-webgpu epoch 2\/2/.test(l))).toBe(true);
  });

  it('--torch runs PyTorch on the CPU on the same workload, side by side', async () => {
    const r = await runCli([
      'bench',
      '--workload',
      'W2',
      '--epochs',
      '1',
      '--n',
      '64',
      '--backend',
      'cpu',
      '--torch',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const [ours, torch] = jsonLines(r.stdout);
    expect(ours.peer).toBe('webgpu-lstm-cpu');
    expect(Object.keys(torch).sort()).toEqual(KEYS);
    expect(torch).toMatchObject({
      workload: 'W2',
      peer: 'torch-cpu',
      peak_gpu_bytes: null,
      memory_ratio: null,
    });
    expect(torch.samples_per_s).toBeGreaterThan(0);
    expect(torch.first_batch_ms).toBeGreaterThan(0);
    expect(stderrLines(r.stderr).some((l) => /^W2 torch-cpu epoch 2\/2/.test(l))).toBe(true);
  });

  it('--cudnn without a CUDA GPU reports the peer’s reason and keeps our row', async () => {
    const r = await runCli(['bench', '--workload', 'W2', '--epochs', '1', '--n', '32', '--cudnn', '--json']);
    expect(r.code).toBe(1);
    const rows = jsonLines(r.stdout);
    expect(rows.map((x) => x.peer)).toEqual(['webgpu-lstm']);
    expect(r.stderr).toMatch(
      /The PyTorch cuDNN peer failed \(exit 2\): torch_lstm: --device cuda: .*sees no CUDA GPU \(W2: its torch-cudnn row is left out\)/,
    );
    expect(r.stderr).toMatch(/1 peer run\(s\) failed; the other rows are complete:\n {2}W2 torch-cudnn: /);
  });

  for (const method of ['timestamp', 'wall'] as const) {
    it(`--profile --profile-method ${method} prints the kernel table and the memory table`, async () => {
      const r = await runCli([
        'bench',
        '--workload',
        'W2',
        '--n',
        '64',
        '--profile',
        '--profile-method',
        method,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const out = r.stdout;
      expect(out).toMatch(method === 'timestamp' ? /^method: timestamp-query/m : /^method: wall clock/m);
      // W2 has one layer of T = 64 steps: 64 forward and 64 backward cell dispatches per step (the _sg
      // kernels where the device has 8-lane subgroups, as lavapipe does).
      expect(out).toMatch(/^lstm_cell_forward(_sg)?\s+lstm0\.fwd\s+64\s+[\d.]+\s+[\d.]+%$/m);
      expect(out).toMatch(/^lstm_cell_backward(_sg)?\s+lstm0\.bwd\s+64\s+[\d.]+\s+[\d.]+%$/m);
      const memory = /^GPU memory: peak [\d.]+ MiB = ([\d.]+)× the need of 6\.27 MiB/m.exec(out);
      expect(memory, out).not.toBeNull();
      // Buffer sizes are deterministic, so issue 6's memory target (≤ 1.5× the BPTT need) can be held here.
      expect(Number(memory![1])).toBeLessThanOrEqual(1.5);
      expect(out).toMatch(/^lstm0\.gates\s+4\.00\s+[\d.]+%$/m);
    });
  }

  it('--browser runs our engine and TensorFlow.js in headless Chromium', async () => {
    const r = await runCli(
      ['bench', '--workload', 'W2', '--epochs', '1', '--n', '64', '--browser', '--compare', 'tfjs', '--json'],
      240_000,
    );
    expect(r.code, r.stderr).toBe(0);
    const [ours, tfjs] = jsonLines(r.stdout);
    expect(Object.keys(ours).sort()).toEqual(KEYS);
    expect(ours).toMatchObject({ workload: 'W2', peer: 'webgpu-lstm@chromium' });
    expect(ours.peak_gpu_bytes).toBeGreaterThan(0);
    expect(tfjs).toMatchObject({ workload: 'W2', peer: 'tfjs-webgpu@chromium', peak_gpu_bytes: null });
    expect(tfjs.adapter).toBe(ours.adapter);
    expect(tfjs.samples_per_s).toBeGreaterThan(0);
    expect(tfjs.first_batch_ms).toBeGreaterThan(0);
    expect(tfjs.first_batch_ms).toBeLessThanOrEqual(tfjs.first_epoch_ms);
  }, 250_000);

  it('refuses --profile with peers or --save, naming the flags', async () => {
    const r = await runCli(['bench', '--workload', 'W2', '--profile', '--torch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--profile times our kernels alone: leave out --compare, --torch, --cudnn and --save/,
    );
  });

  it('takes --cell-rows 4, 8 or 16 for the WebGPU kernels in Node only', async () => {
    const bad = await runCli(['bench', '--workload', 'W2', '--cell-rows', '5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--cell-rows/);
    expect(bad.stderr).toMatch(/4, 8/);
    const cpu = await runCli(['bench', '--workload', 'W2', '--cell-rows', '4', '--backend', 'cpu']);
    expect(cpu.code).toBe(2);
    expect(cpu.stderr).toMatch(
      /--cell-rows, --splits and --textures tune the WebGPU kernels in Node: leave out --browser and --backend/,
    );
  });

  it('--splits reaches the profile’s device: the tiled gradient sums split by default, not with --splits 1', async () => {
    const args = ['bench', '--workload', 'W2', '--n', '64', '--profile', '--kernels', 'tiled'];
    const split = await runCli(args);
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout).toMatch(/^reduce_partials\s+lstm0\.dU\.reduce\s+1\s/m);
    const whole = await runCli([...args, '--splits', '1']);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toMatch(/^matmul\s+lstm0\.dU\s+1\s/m);
    expect(whole.stdout).not.toMatch(/reduce_partials/);
  });
});
