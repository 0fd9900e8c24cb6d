// `webgpu-lstm bench --profile`: where one training step's device time and GPU memory go.
// Time, two methods:
//   timestamp  where the adapter has `timestamp-query`: a real training step (GpuRuntime.trainStep) with
//              every dispatch split into its own compute pass between two timestamps (bench-tap.ts), and
//              the unsplit step timed as one pass; the median of 5 steps per dispatch.
// No Node or DOM imports: `bench --browser --profile` runs this in the Chromium bench page too.
//   wall       otherwise: GpuRuntime.profileStep, each dispatch submitted alone and waited on, an empty
//              submit's round trip subtracted (coarser: it includes each submit's fixed cost).
// Both after one warm-up step that compiles everything, on a throwaway runtime (steps change the weights).
// Memory: every buffer the runtime created, against the spec's need (bench-memory.ts).

import { GpuRuntime, type KernelTime } from '../model/gpu/runtime.ts';
import type { GpuBackend } from '../model/gpu-backend.ts';
import { memoryNeed } from './bench-memory.ts';
import { median } from './bench-stats.ts';
import { DeviceTap, type TimedDispatch } from './bench-tap.ts';
import { type Workload, workloadData, workloadSpec, workloadTraining } from './bench-workloads.ts';
import { CliError } from './errors.ts';

export const PROFILE_METHODS = ['auto', 'timestamp', 'wall'] as const;
export type ProfileMethod = (typeof PROFILE_METHODS)[number];

const STEPS = 5;
const MiB = (b: number) => (b / 2 ** 20).toFixed(2);
// Not io.ts's thousands: that module reads files, and the Chromium bench page runs this one too.
const thousands = (x: number) => Math.round(x).toLocaleString('en-US');

export async function profileWorkload(
  backend: GpuBackend,
  w: Workload,
  samples: number,
  method: ProfileMethod,
): Promise<string[]> {
  const device = backend.ctx.device;
  const hasTimestamps = device.features.has('timestamp-query');
  if (method === 'timestamp' && !hasTimestamps)
    throw new CliError(
      `--profile-method timestamp: the adapter (${backend.deviceName}) has no timestamp-query; use wall`,
    );
  const useTimestamps = method === 'timestamp' || (method === 'auto' && hasTimestamps);
  const spec = workloadSpec(w);
  const data = workloadData(w, samples, 42);
  const cfg = workloadTraining(w, 1, 42);
  const tap = new DeviceTap(device);
  const rt = new GpuRuntime(
    tap.device,
    spec,
    { batchSize: w.batch, optimizer: cfg.optimizer, clipNorm: null, seed: 42 },
    backend.tiled,
  );
  try {
    rt.setSeries(data.series);
    rt.setTrainOrder(data.train);
    const step = { start: 0, count: Math.min(w.batch, data.train.length), step: 1, lr: 1e-3, batch: 0 };
    let rows: KernelTime[];
    let header: string;
    if (useTimestamps) {
      await rt.trainStep(step); // compile and warm every pipeline
      await device.queue.onSubmittedWorkDone();
      const whole: number[] = [];
      const split: TimedDispatch[][] = [];
      for (let r = 0; r < STEPS; r++) {
        tap.arm('pass');
        await rt.trainStep(step);
        whole.push((await tap.collect()).reduce((s, t) => s + t.ns, 0) / 1e6);
        tap.arm('dispatch');
        await rt.trainStep(step);
        split.push(await tap.collect());
      }
      rows = kernelRows(split);
      header =
        `method: timestamp-query (each dispatch in a pass of its own, median of ${STEPS} steps; ` +
        `Dawn timestamp quantization off); the unsplit step as one pass: ${median(whole).toFixed(2)} ms`;
    } else {
      await rt.profileStep(step, 1);
      rows = await rt.profileStep(step, 3);
      header =
        'method: wall clock (each dispatch submitted alone, 3 times, and waited on; an empty submit subtracted)' +
        (hasTimestamps ? '' : ` — ${backend.deviceName} has no timestamp-query`);
    }
    rows.sort((a, b) => b.ms - a.ms);
    const total = rows.reduce((s, r) => s + r.ms, 0);
    const lines = [
      `${w.id}: one training step of ${step.count} windows, ${total.toFixed(2)} ms of kernel time`,
      header,
      `${'kernel'.padEnd(22)}${'label'.padEnd(18)}${'dispatches'.padStart(10)}${'ms/step'.padStart(10)}${'share'.padStart(8)}`,
    ];
    for (const r of rows) {
      lines.push(
        `${r.kernel.padEnd(22)}${r.label.padEnd(18)}${String(r.dispatches).padStart(10)}` +
          `${r.ms.toFixed(3).padStart(10)}${`${((100 * r.ms) / total).toFixed(1)}%`.padStart(8)}`,
      );
    }
    lines.push('', ...memoryLines(w, tap, rt.peakBytes));
    return lines;
  } finally {
    rt.dispose();
  }
}

/** Per kernel and label: dispatches per step, and the sum over them of each dispatch's median time. */
function kernelRows(steps: TimedDispatch[][]): KernelTime[] {
  const rows = new Map<string, KernelTime>();
  const n = steps[0].length;
  if (steps.some((s) => s.length !== n)) throw new Error('profile: steps differ in their dispatches');
  for (let i = 0; i < n; i++) {
    const { kernel, label } = steps[0][i];
    const ms = median(steps.map((s) => s[i].ns)) / 1e6;
    const key = `${kernel}|${label}`;
    const row = rows.get(key) ?? { kernel, label, dispatches: 0, ms: 0 };
    row.dispatches++;
    row.ms += ms;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/** The runtime's buffers, largest first, against what the spec needs (bench-memory.ts). */
function memoryLines(w: Workload, tap: DeviceTap, peak: number): string[] {
  const need = memoryNeed(w);
  const created = tap.buffers.reduce((s, b) => s + b.bytes, 0);
  const lines = [
    `GPU memory: peak ${MiB(peak)} MiB = ${(peak / need.total).toFixed(2)}× the need of ` +
      `${MiB(need.total)} MiB (parameters ${MiB(need.params)}, gradients ${MiB(need.grads)}, ` +
      `Adam state ${MiB(need.optimizer)}, activations BPTT keeps ${MiB(need.activations)})`,
    `${'buffer'.padEnd(24)}${'MiB'.padStart(10)}${'of peak'.padStart(9)}`,
  ];
  if (created !== peak) lines.push(`(buffers created: ${thousands(created)} bytes; some were replaced)`);
  const sorted = [...tap.buffers].sort((a, b) => b.bytes - a.bytes);
  const big = sorted.filter((b) => b.bytes >= 0.01 * peak);
  for (const b of big)
    lines.push(
      `${b.label.padEnd(24)}${MiB(b.bytes).padStart(10)}${`${((100 * b.bytes) / peak).toFixed(1)}%`.padStart(9)}`,
    );
  const rest = sorted.slice(big.length);
  const restBytes = rest.reduce((s, b) => s + b.bytes, 0);
  if (rest.length > 0)
    lines.push(
      `${`${rest.length} others`.padEnd(24)}${MiB(restBytes).padStart(10)}${`${((100 * restBytes) / peak).toFixed(1)}%`.padStart(9)}`,
    );
  return lines;
}
