// `webgpu-lstm bench`: training throughput on the DESIGN.md workloads (W1–W4), synthetic data.
// samples_per_s and epoch_ms are medians over the timed epochs after one warm-up epoch; first_epoch_ms is
// the wall time from before the runtime is created (buffers, pipeline compilation, upload) to the end of
// the first epoch.
import { isEmulatedAdapter } from '../gpu/device.ts';
import type { Backend } from '../model/backend.ts';
import { trainSeries } from '../model/trainer.ts';
import { Args, type FlagSpecs } from './args.ts';
import { BACKENDS, checkDeviceErrors, describeBackend, openBackend } from './backend.ts';
import { profileWorkload } from './bench-profile.ts';
import { median } from './bench-stats.ts';
import { runTfjsWorkload } from './bench-tfjs.ts';
import { WORKLOADS, type Workload, workloadData, workloadSpec, workloadTraining } from './bench-workloads.ts';
import { UsageError } from './errors.ts';
import { thousands } from './io.ts';

export const BENCH_FLAGS: FlagSpecs = {
  workload: { value: true },
  json: { value: false },
  backend: { value: true },
  epochs: { value: true },
  n: { value: true },
  profile: { value: false },
  kernels: { value: true },
  compare: { value: true },
};

export const BENCH_HELP = `Usage: webgpu-lstm bench [--workload W1,W2,W3,W4] [--json] [--backend webgpu|cpu] [--epochs 3]

Measures training throughput on the benchmark workloads (synthetic, seeded data; Adam lr 1e-3, no
clipping, shuffled, no validation):
  W1  F 8,  T 32,  LSTM 128 → 64 → 32, Dense 4 softmax, cross-entropy, batch 256, N 4096
  W2  F 1,  T 64,  LSTM 64,             Dense 1, MSE,                  batch 64,  N 2048
  W3  F 16, T 128, LSTM 256,            Dense 1, MSE,                  batch 128, N 1024
  W4  F 32, T 256, LSTM 512 → 512,      Dense 1, MSE,                  batch 256, N 8192
Reported per workload: samples_per_s and epoch_ms, medians over the timed epochs after one warm-up
epoch, and first_epoch_ms, the wall time from creating the model on the device (pipeline compilation,
upload) to the end of the first epoch. Progress goes to stderr (W4 takes very long on a CPU emulating a
GPU, such as lavapipe).

  --workload W1,W2       which workloads, comma-separated (default: all four)
  --json                 one JSON object per line: {workload, peer, adapter, samples_per_s, epoch_ms,
                         first_epoch_ms, peak_gpu_bytes}; peer is webgpu-lstm (webgpu) or webgpu-lstm-cpu (cpu)
  --backend webgpu       webgpu (Dawn) | cpu
  --epochs 3             timed epochs after the warm-up epoch
  --compare tfjs         also run each workload on TensorFlow.js 4.22 (tf.layers.lstm + model.fit, webgpu
                         backend) on the same adapter, in the same process, and print the ratio
  --kernels auto         tiled (workgroup-memory tiles) | direct (plain loads, faster on CPU emulators)
                         | auto (direct on lavapipe/SwiftShader, tiled elsewhere)
  --profile              instead of timing epochs, print where one training step's device time goes,
                         kernel by kernel (each dispatch timed alone; webgpu only)
  --n N                  training windows per epoch instead of the workload's N (smoke tests only;
                         such numbers are not comparable with the peers')`;

export interface BenchResult {
  workload: string;
  peer: 'webgpu-lstm' | 'webgpu-lstm-cpu' | 'tfjs-webgpu';
  adapter: string;
  samples_per_s: number;
  epoch_ms: number;
  first_epoch_ms: number;
  /** Most GPU memory the run held (our engine's own count); null where unknown (CPU, peers). */
  peak_gpu_bytes: number | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const PROGRESS_EVERY_MS = 5000;
/** Adapters that are a CPU emulating a GPU. */

export async function runWorkload(
  backend: Backend,
  w: Workload,
  timedEpochs: number,
  samples: number,
  log: (s: string) => void,
): Promise<BenchResult> {
  const epochs = timedEpochs + 1;
  const spec = workloadSpec(w);
  const data = workloadData(w, samples, 42);
  const training = workloadTraining(w, epochs, 42);
  let firstEpochMs = 0;
  let lastProgress = performance.now();
  let epochStart = performance.now();
  const t0 = performance.now();
  const r = await trainSeries(backend, spec, training, data, {
    onBatch: (b) => {
      const now = performance.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      const s = Math.round((now - epochStart) / 1000);
      log(`${w.id} epoch ${b.epoch}/${epochs}: batch ${b.batch + 1}/${b.batches} after ${s} s`);
    },
    onEpoch: (m) => {
      if (m.epoch === 1) firstEpochMs = performance.now() - t0;
      lastProgress = epochStart = performance.now();
      log(
        `${w.id} epoch ${m.epoch}/${epochs}${m.epoch === 1 ? ' (warm-up)' : ''}: ${thousands(m.ms)} ms, ` +
          `${thousands(m.samplesPerSec)} samples/s, loss ${m.loss.toPrecision(4)}`,
      );
    },
  });
  checkDeviceErrors(backend);
  const timedMs = r.history.epochMs.slice(1);
  const epochMs = median(timedMs);
  return {
    workload: w.id,
    peer: backend.kind === 'cpu' ? 'webgpu-lstm-cpu' : 'webgpu-lstm',
    adapter: backend.deviceName,
    samples_per_s: round1((samples * 1000) / epochMs),
    epoch_ms: round1(epochMs),
    first_epoch_ms: round1(firstEpochMs),
    peak_gpu_bytes: r.peakDeviceBytes,
  };
}

const rate = (x: number) => (x < 100 ? x.toFixed(1) : thousands(x));

function tableRow(cells: string[]): string {
  const widths = [8, 15, 11, 10, 15, 7];
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
    .join('  ')
    .trimEnd();
}

export async function benchCommand(argv: string[]): Promise<number> {
  const args = Args.parse(argv, BENCH_FLAGS, 'bench');
  if (args.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`bench takes no file, got ${args.positionals.join(' ')}`, 'bench');
  const ids = args.list('workload')?.map((s) => s.toUpperCase()) ?? WORKLOADS.map((w) => w.id);
  const chosen = ids.map((id) => {
    const w = WORKLOADS.find((x) => x.id === id);
    if (!w)
      throw new UsageError(
        `--workload ${id} is not one of ${WORKLOADS.map((x) => x.id).join(', ')}`,
        'bench',
      );
    return w;
  });
  const json = args.switch('json');
  const backendKind = args.oneOf('backend', BACKENDS) ?? 'webgpu';
  const timed = args.int('epochs', { min: 1 }) ?? 3;
  const n = args.int('n', { min: 1 });
  const profile = args.switch('profile');
  const compare = args.oneOf('compare', ['tfjs'] as const);
  if (compare && backendKind !== 'webgpu')
    throw new UsageError('--compare tfjs runs on WebGPU: leave out --backend cpu', 'bench');

  const log = (s: string) => process.stderr.write(`${s}\n`);
  const kernels = args.oneOf('kernels', ['auto', 'tiled', 'direct'] as const) ?? 'auto';
  const backend = await openBackend(backendKind, kernels);
  try {
    log(`backend: ${describeBackend(backend)}`);
    if (n !== undefined) log(`--n ${n}: smoke-test sample count, not comparable with the peers`);
    if (profile) {
      for (const w of chosen)
        process.stdout.write(`${(await profileWorkload(backend, w, n ?? w.samples)).join('\n')}\n\n`);
      return 0;
    }
    if (!json) {
      process.stdout.write(`adapter: ${backend.deviceName} (${backend.kind})\n`);
      process.stdout.write(
        `${tableRow(['workload', 'peer', 'samples/s', 'epoch ms', 'first epoch ms', 'ratio'])}\n`,
      );
    }
    if (
      backend.kind === 'webgpu' &&
      isEmulatedAdapter(backend.deviceName) &&
      chosen.some((w) => w.id === 'W4')
    ) {
      log('note: W4 takes many hours on a CPU that emulates a GPU; --workload W1,W2,W3 leaves it out');
    }
    for (const w of chosen) {
      const samples = n ?? w.samples;
      log(
        `${w.id}: F ${w.features}, T ${w.window}, LSTM ${w.layers.join(' → ')}, ` +
          `${w.classes > 0 ? `Dense ${w.classes} softmax` : 'Dense 1 MSE'}, batch ${w.batch}, N ${samples}; ` +
          `1 warm-up + ${timed} timed epochs`,
      );
      const r = await runWorkload(backend, w, timed, samples, log);
      const results: BenchResult[] = [r];
      if (compare === 'tfjs') {
        const t = await runTfjsWorkload(w, timed, samples, log);
        results.push({
          workload: w.id,
          peer: 'tfjs-webgpu',
          adapter: backend.deviceName,
          ...t,
          peak_gpu_bytes: null,
        });
      }
      for (const x of results) {
        const ratio = x === r ? '' : `${(r.samples_per_s / x.samples_per_s).toFixed(1)}×`;
        process.stdout.write(
          json
            ? `${JSON.stringify(x)}\n`
            : `${tableRow([x.workload, x.peer, rate(x.samples_per_s), thousands(x.epoch_ms), thousands(x.first_epoch_ms), ratio])}\n`,
        );
      }
    }
    return 0;
  } finally {
    backend.dispose();
  }
}
