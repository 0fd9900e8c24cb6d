// `webgpu-lstm bench`: training throughput on the DESIGN.md workloads (W1–W4), synthetic data, on our
// engine in Node (Dawn) or in headless Chromium (--browser), side by side with the peers in the same run:
// TensorFlow.js webgpu (--compare tfjs), PyTorch on the CPU (--torch) and PyTorch cuDNN on an NVIDIA GPU
// (--cudnn). --save keeps the run in
// bench/results and regenerates the table in docs/performance.md; --profile shows where a step's time and
// memory go.
import { isEmulatedAdapter } from '../gpu/device.ts';
import type { Backend } from '../model/backend.ts';
import type { GpuBackend, KernelStrategy } from '../model/gpu-backend.ts';
import { Args, type FlagSpecs } from './args.ts';
import { BACKENDS, checkDeviceErrors, describeBackend, openBackend } from './backend.ts';
import { BrowserBench } from './bench-browser.ts';
import { openProfilingBackend } from './bench-device.ts';
import { PROFILE_METHODS, profileWorkload } from './bench-profile.ts';
import { commandLine, gitCommit, machineFacts, saveRun, updateDocs } from './bench-results.ts';
import { type BenchResult, runWorkload } from './bench-run.ts';
import { runTfjsWorkload } from './bench-tfjs.ts';
import { runTorchWorkload, TORCH_PEER, type TorchDevice, torchAdapter } from './bench-torch.ts';
import { WORKLOADS, type Workload } from './bench-workloads.ts';
import { CliError, UsageError } from './errors.ts';
import { thousands } from './io.ts';

export const BENCH_FLAGS: FlagSpecs = {
  workload: { value: true },
  json: { value: false },
  backend: { value: true },
  epochs: { value: true },
  n: { value: true },
  profile: { value: false },
  'profile-method': { value: true },
  kernels: { value: true },
  'cell-rows': { value: true },
  splits: { value: true },
  textures: { value: true },
  compare: { value: true },
  torch: { value: false },
  cudnn: { value: false },
  browser: { value: false },
  save: { value: false },
  'update-docs': { value: false },
};

export const BENCH_HELP = `Usage: webgpu-lstm bench [--workload W1,W2,W3,W4] [--compare tfjs] [--torch] [--cudnn] [--browser] [--save]

Measures training throughput on the benchmark workloads (synthetic, seeded data; Adam lr 1e-3, no
clipping, shuffled, no validation):
  W1  F 8,  T 32,  LSTM 128 → 64 → 32, Dense 4 softmax, cross-entropy, batch 256, N 4096
  W2  F 1,  T 64,  LSTM 64,             Dense 1, MSE,                  batch 64,  N 2048
  W3  F 16, T 128, LSTM 256,            Dense 1, MSE,                  batch 128, N 1024
  W4  F 32, T 256, LSTM 512 → 512,      Dense 1, MSE,                  batch 256, N 8192
Reported per workload and peer: samples_per_s and epoch_ms, medians over the timed epochs after one
warm-up epoch; first_epoch_ms and first_batch_ms, the wall time from creating the model on the device
(pipeline compilation, upload) to the end of the first epoch and to the first batch's loss on the host;
our engine's peak GPU bytes and their ratio to what the model needs (parameters, gradients, Adam state,
the activations BPTT keeps). Progress goes to stderr.

  --workload W1,W2       which workloads, comma-separated (default: all four)
  --json                 one JSON object per line: {workload, peer, adapter, samples_per_s, epoch_ms,
                         first_epoch_ms, first_batch_ms, peak_gpu_bytes, memory_ratio}
  --backend webgpu       webgpu (Dawn) | cpu (our CPU backend, peer webgpu-lstm-cpu)
  --epochs 3             timed epochs after the warm-up epoch
  --compare tfjs         also run TensorFlow.js 4.22 (tf.layers.lstm + model.fit, webgpu backend) on the
                         same adapter in the same run (a child process; in the page with --browser)
  --torch                also run PyTorch on the CPU (bench/peers/torch_lstm.py, /usr/bin/python3)
  --cudnn                also run PyTorch with cuDNN on the NVIDIA GPU (fp32, TF32 off; the interpreter
                         is $WEBGPU_LSTM_PYTHON, default /usr/bin/python3)
  --browser              run in headless Chromium (/usr/bin/chromium; SwiftShader without a GPU) instead of
                         Node: peers webgpu-lstm@chromium and, with --compare tfjs, tfjs-webgpu@chromium
  --save                 write the run to bench/results/<date>-<adapter>.json and regenerate the table in
                         docs/performance.md (without it nothing is written)
  --update-docs          only regenerate that table from bench/results, run nothing
  --kernels auto         tiled (workgroup-memory tiles) | direct (plain loads, faster on CPU emulators)
                         | auto (direct on lavapipe/SwiftShader, tiled elsewhere)
  --cell-rows 4|8|16     tiled kernels (GPUs): thread rows per workgroup of the fused cell kernels, each
                         tile 4× that many batch rows (default by batch: 16 from 48 rows, 8 from 24, else
                         4); for sweeping tile sizes on a GPU (scripts/nvidia-bench.sh), Node only
  --splits auto          tiled kernels (GPUs): parts the weight and bias gradients' sums over T·B rows are
                         split into (1, 2, 4, 8, 16; auto: enough workgroups to fill a large GPU); Node only
  --textures on          off: lavapipe's 8-lane kernels read Uᵀ from a buffer instead of a storage texture
                         (the fallback for very wide layers), to compare the two; Node only
  --profile              instead of timing epochs, print where one training step's device time goes,
                         kernel by kernel, and which buffers hold the GPU memory (webgpu only; in the
                         Chromium page with --browser)
  --profile-method auto  timestamp (timestamp queries around each dispatch) | wall (each dispatch
                         submitted alone and waited on) | auto (timestamp where the adapter has it)
  --n N                  training windows per epoch instead of the workload's N (smoke tests, slow
                         emulators; such numbers are not comparable with full-size runs)`;

const rate = (x: number) => (x < 100 ? x.toFixed(1) : thousands(x));
const COLUMNS = [
  'workload',
  'peer',
  'samples/s',
  'epoch ms',
  'first epoch ms',
  'first batch ms',
  'ratio',
  'peak MiB',
  'memory',
];
const WIDTHS = [8, 20, 11, 10, 15, 15, 7, 9, 7];

function tableRow(cells: string[]): string {
  return cells
    .map((c, i) => (i < 2 ? c.padEnd(WIDTHS[i]) : c.padStart(WIDTHS[i])))
    .join('  ')
    .trimEnd();
}

function formatRow(x: BenchResult, ours: BenchResult): string {
  return tableRow([
    x.workload,
    x.peer,
    rate(x.samples_per_s),
    thousands(x.epoch_ms),
    thousands(x.first_epoch_ms),
    x.first_batch_ms === null || x.first_batch_ms === undefined ? '' : thousands(x.first_batch_ms),
    x === ours ? '' : `${(ours.samples_per_s / x.samples_per_s).toFixed(1)}×`,
    x.peak_gpu_bytes === null ? '' : (x.peak_gpu_bytes / 2 ** 20).toFixed(1),
    x.memory_ratio === null ? '' : `${x.memory_ratio.toFixed(2)}×`,
  ]);
}

interface Plan {
  chosen: Workload[];
  timed: number;
  n: number | undefined;
  tfjs: boolean;
  torch: boolean;
  cudnn: boolean;
  kernels: KernelStrategy;
  log: (s: string) => void;
  /** What each failed peer said: the run goes on without its row and exits 1 at the end. */
  failures: string[];
}

function parseWorkloads(args: Args): Workload[] {
  const ids = args.list('workload')?.map((s) => s.toUpperCase()) ?? WORKLOADS.map((w) => w.id);
  return ids.map((id) => {
    const w = WORKLOADS.find((x) => x.id === id);
    if (!w)
      throw new UsageError(
        `--workload ${id} is not one of ${WORKLOADS.map((x) => x.id).join(', ')}`,
        'bench',
      );
    return w;
  });
}

function describe(w: Workload, samples: number, timed: number): string {
  return (
    `${w.id}: F ${w.features}, T ${w.window}, LSTM ${w.layers.join(' → ')}, ` +
    `${w.classes > 0 ? `Dense ${w.classes} softmax` : 'Dense 1 MSE'}, batch ${w.batch}, N ${samples}; ` +
    `1 warm-up + ${timed} timed epochs`
  );
}

/**
 * The peers that run as child processes, after our engine's row for `w`. A peer that fails (TF.js 4.22
 * segfaults inside Dawn on some workloads) is reported and left out, so the rows measured stay.
 */
async function peerRows(p: Plan, w: Workload, adapter: string): Promise<BenchResult[]> {
  const samples = p.n ?? w.samples;
  const rows: BenchResult[] = [];
  const row = (peer: string, a: string, r: Awaited<ReturnType<typeof runTorchWorkload>>): BenchResult => ({
    workload: w.id,
    peer,
    adapter: r.adapter ?? a,
    samples_per_s: r.samples_per_s,
    epoch_ms: r.epoch_ms,
    first_epoch_ms: r.first_epoch_ms,
    first_batch_ms: r.first_batch_ms ?? null,
    peak_gpu_bytes: null,
    memory_ratio: null,
  });
  const attempt = async (peer: string, run: () => ReturnType<typeof runTorchWorkload>, a: string) => {
    try {
      rows.push(row(peer, a, await run()));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      p.failures.push(`${w.id} ${peer}: ${e.message}`);
      p.log(`${e.message} (${w.id}: its ${peer} row is left out)`);
    }
  };
  if (p.tfjs) await attempt('tfjs-webgpu', () => runTfjsWorkload(w, p.timed, samples, p.log), adapter);
  const torch = (['cpu', 'cuda'] as const).filter((d: TorchDevice) => (d === 'cpu' ? p.torch : p.cudnn));
  for (const device of torch)
    await attempt(
      TORCH_PEER[device],
      () => runTorchWorkload(w, p.timed, samples, p.log, device),
      torchAdapter(),
    );
  return rows;
}

/**
 * Runs every workload in Node, each on a device of its own (`first`, not used yet, then one from `open`;
 * each is disposed after its workload), so no workload starts with another's pipelines cached
 * (first_batch_ms and first_epoch_ms include its own compilation) or on a device that already ran one: on
 * lavapipe the readbacks of a reused device's first batches were reported together at the end of the
 * epoch (docs/performance.md, "Time to first batch"). Hands each workload's rows (ours first) to `emit`.
 */
async function runInNode(
  first: Backend,
  open: () => Promise<Backend>,
  p: Plan,
  emit: (rows: BenchResult[]) => void,
): Promise<void> {
  let unused: Backend | null = first;
  for (const w of p.chosen) {
    const samples = p.n ?? w.samples;
    const backend = unused ?? (await open());
    unused = null;
    let ours: BenchResult;
    try {
      p.log(describe(w, samples, p.timed));
      ours = await runWorkload(backend, w, p.timed, samples, p.log);
      checkDeviceErrors(backend);
    } finally {
      backend.dispose();
    }
    emit([ours, ...(await peerRows(p, w, ours.adapter))]);
  }
}

async function runInBrowser(p: Plan, emit: (rows: BenchResult[]) => void): Promise<string> {
  const browser = await BrowserBench.start(p.log);
  try {
    for (const w of p.chosen) {
      const samples = p.n ?? w.samples;
      p.log(`${describe(w, samples, p.timed)} (Chromium)`);
      const ours = await browser.run('webgpu-lstm', w, p.timed, samples, p.kernels);
      const rows = [ours];
      if (p.tfjs) rows.push(await browser.run('tfjs-webgpu', w, p.timed, samples, p.kernels));
      rows.push(...(await peerRows({ ...p, tfjs: false }, w, ours.adapter)));
      emit(rows);
    }
    return browser.adapter;
  } finally {
    await browser.close();
  }
}

export async function benchCommand(argv: string[]): Promise<number> {
  const args = Args.parse(argv, BENCH_FLAGS, 'bench');
  if (args.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`bench takes no file, got ${args.positionals.join(' ')}`, 'bench');
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (args.switch('update-docs')) {
    const runs = updateDocs();
    log(`docs/performance.md: table regenerated from ${runs} file(s) in bench/results`);
    return 0;
  }
  const chosen = parseWorkloads(args);
  const json = args.switch('json');
  const backendKind = args.oneOf('backend', BACKENDS) ?? 'webgpu';
  const timed = args.int('epochs', { min: 1 }) ?? 3;
  const n = args.int('n', { min: 1 });
  const profile = args.switch('profile');
  const method = args.oneOf('profile-method', PROFILE_METHODS) ?? 'auto';
  const tfjs = args.oneOf('compare', ['tfjs'] as const) === 'tfjs';
  const torch = args.switch('torch');
  const cudnn = args.switch('cudnn');
  const browser = args.switch('browser');
  const save = args.switch('save');
  const kernels = args.oneOf('kernels', ['auto', 'tiled', 'direct'] as const) ?? 'auto';
  const cellRows = args.oneOf('cell-rows', ['4', '8', '16'] as const);
  const splits = args.oneOf('splits', ['auto', '1', '2', '4', '8', '16'] as const) ?? 'auto';
  const textures = args.oneOf('textures', ['on', 'off'] as const) ?? 'on';
  if ((cellRows || splits !== 'auto' || textures === 'off') && (browser || backendKind !== 'webgpu'))
    throw new UsageError(
      '--cell-rows, --splits and --textures tune the WebGPU kernels in Node: leave out --browser and --backend',
      'bench',
    );
  if (tfjs && backendKind !== 'webgpu')
    throw new UsageError('--compare tfjs runs on WebGPU: leave out --backend cpu', 'bench');
  if (browser && backendKind !== 'webgpu')
    throw new UsageError('--browser runs the webgpu backend as the app does: leave out --backend', 'bench');
  if (profile && (tfjs || torch || cudnn || save))
    throw new UsageError(
      '--profile times our kernels alone: leave out --compare, --torch, --cudnn and --save',
      'bench',
    );

  if (n !== undefined) log(`--n ${n}: reduced sample count, not comparable with full-size runs`);
  const plan: Plan = { chosen, timed, n, tfjs, torch, cudnn, kernels, log, failures: [] };
  const all: BenchResult[] = [];
  const started = new Date().toISOString();
  const machine = machineFacts();
  let adapterName = '';
  let header = true;
  const emit = (rows: BenchResult[]) => {
    all.push(...rows);
    if (!json && header) {
      process.stdout.write(`${tableRow(COLUMNS)}\n`);
      header = false;
    }
    for (const x of rows)
      process.stdout.write(json ? `${JSON.stringify(x)}\n` : `${formatRow(x, rows[0])}\n`);
  };

  if (browser && profile) {
    const page = await BrowserBench.start(log, true);
    try {
      for (const w of chosen)
        process.stdout.write(`${(await page.profile(w, n ?? w.samples, kernels, method)).join('\n')}\n\n`);
    } finally {
      await page.close();
    }
    return 0;
  }
  if (browser) {
    adapterName = await runInBrowser(plan, emit);
  } else {
    if (profile && backendKind === 'cpu')
      throw new UsageError('--profile times GPU kernels; use it with --backend webgpu', 'bench');
    const open = async (): Promise<Backend> => {
      const backend = profile ? await openProfilingBackend(kernels) : await openBackend(backendKind, kernels);
      if (cellRows || splits !== 'auto' || textures === 'off') {
        const { tuneKernels } = await import('../shaders/tuning.ts');
        tuneKernels((backend as GpuBackend).ctx.device, {
          cellRows: cellRows ? (Number(cellRows) as 4 | 8 | 16) : undefined,
          splits: splits === 'auto' ? undefined : Number(splits),
          textures: textures === 'off' ? false : undefined,
        });
      }
      return backend;
    };
    const first = await open();
    adapterName = first.deviceName;
    log(`backend: ${describeBackend(first)}`);
    if (
      !profile &&
      first.kind === 'webgpu' &&
      isEmulatedAdapter(first.deviceName) &&
      chosen.some((w) => w.id === 'W4')
    )
      log('note: W4 takes many hours on a CPU that emulates a GPU; --workload W1,W2,W3 leaves it out');
    if (profile) {
      try {
        for (const w of chosen)
          process.stdout.write(
            `${(await profileWorkload(first as GpuBackend, w, n ?? w.samples, method)).join('\n')}\n\n`,
          );
      } finally {
        first.dispose();
      }
      return 0;
    }
    if (!json) process.stdout.write(`adapter: ${first.deviceName} (${first.kind})\n`);
    await runInNode(first, open, plan, emit);
  }
  if (save) {
    const path = saveRun({
      command: commandLine(argv),
      date: started,
      adapter: adapterName,
      commit: gitCommit(),
      machine,
      rows: all,
    });
    const runs = updateDocs();
    log(`saved ${path}; docs/performance.md table regenerated from ${runs} file(s)`);
  }
  if (plan.failures.length > 0) {
    log(`${plan.failures.length} peer run(s) failed; the other rows are complete:`);
    for (const f of plan.failures) log(`  ${f}`);
    return 1;
  }
  return 0;
}
