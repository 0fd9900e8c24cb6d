// One workload on our engine, timed: samples_per_s and epoch_ms are medians over the timed epochs after
// one warm-up epoch; first_epoch_ms is the wall time from before the runtime is created (buffers, pipeline
// compilation, upload) to the end of the first epoch, first_batch_ms to the first batch's loss read back
// (what a user waits for after pressing Train before the loss chart moves). No Node or DOM imports: the Chromium bench page
// (bench/browser) runs this same function. Callers check backend.deviceError() afterwards.
import type { Backend } from '../model/backend.ts';
import { trainSeries } from '../model/trainer.ts';
import { memoryRatio } from './bench-memory.ts';
import { median } from './bench-stats.ts';
import { type Workload, workloadData, workloadSpec, workloadTraining } from './bench-workloads.ts';

/** One line of `bench --json` and of a bench/results file. */
export interface BenchResult {
  workload: string;
  /** webgpu-lstm, webgpu-lstm-cpu, tfjs-webgpu, torch-cpu; `@chromium` when measured in the browser. */
  peer: string;
  adapter: string;
  samples_per_s: number;
  epoch_ms: number;
  first_epoch_ms: number;
  /**
   * From the same start to the first batch's loss on the host: compile, upload and one training step.
   * null in rows of peers that do not report it (results files written before it existed lack it).
   */
  first_batch_ms?: number | null;
  /** Most GPU memory the run held (our engine's own count); null where unknown (CPU, peers). */
  peak_gpu_bytes: number | null;
  /** peak_gpu_bytes ÷ what the spec needs (bench-memory.ts); null where the peak is unknown. */
  memory_ratio: number | null;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
const PROGRESS_EVERY_MS = 5000;
const whole = (x: number) => Math.round(x).toLocaleString('en-US');

export async function runWorkload(
  backend: Backend,
  w: Workload,
  timedEpochs: number,
  samples: number,
  log: (s: string) => void,
  peerSuffix = '',
): Promise<BenchResult> {
  const epochs = timedEpochs + 1;
  const spec = workloadSpec(w);
  const data = workloadData(w, samples, 42);
  const training = workloadTraining(w, epochs, 42);
  let firstEpochMs = 0;
  let firstBatchMs = 0;
  let lastProgress = performance.now();
  let epochStart = performance.now();
  const t0 = performance.now();
  const r = await trainSeries(backend, spec, training, data, {
    onBatch: (b) => {
      const now = performance.now();
      if (firstBatchMs === 0) firstBatchMs = now - t0;
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      const s = Math.round((now - epochStart) / 1000);
      log(`${w.id} epoch ${b.epoch}/${epochs}: batch ${b.batch + 1}/${b.batches} after ${s} s`);
    },
    onEpoch: (m) => {
      if (m.epoch === 1) firstEpochMs = performance.now() - t0;
      lastProgress = epochStart = performance.now();
      log(
        `${w.id} epoch ${m.epoch}/${epochs}${m.epoch === 1 ? ' (warm-up)' : ''}: ${whole(m.ms)} ms, ` +
          `${whole(m.samplesPerSec)} samples/s, loss ${m.loss.toPrecision(4)}`,
      );
    },
  });
  const epochMs = median(r.history.epochMs.slice(1));
  return {
    workload: w.id,
    peer: `${backend.kind === 'cpu' ? 'webgpu-lstm-cpu' : 'webgpu-lstm'}${peerSuffix}`,
    adapter: backend.deviceName,
    samples_per_s: round1((samples * 1000) / epochMs),
    epoch_ms: round1(epochMs),
    first_epoch_ms: round1(firstEpochMs),
    first_batch_ms: round1(firstBatchMs),
    peak_gpu_bytes: r.peakDeviceBytes,
    memory_ratio: memoryRatio(w, r.peakDeviceBytes, Math.min(w.batch, samples)),
  };
}
