// `webgpu-lstm bench --profile`: where one training step's device time goes, kernel by kernel.
// Each dispatch is timed alone (see GpuRuntime.profileStep), after one warm-up step that compiles
// everything, on a throwaway runtime.
import type { Backend } from '../model/backend.ts';
import { GpuRuntime } from '../model/gpu/runtime.ts';
import { type Workload, workloadData, workloadSpec, workloadTraining } from './bench-workloads.ts';
import { CliError } from './errors.ts';

export async function profileWorkload(backend: Backend, w: Workload, samples: number): Promise<string[]> {
  const spec = workloadSpec(w);
  const data = workloadData(w, samples, 42);
  const cfg = workloadTraining(w, 1, 42);
  const rt = backend.createRuntime(spec, {
    batchSize: w.batch,
    optimizer: cfg.optimizer,
    clipNorm: null,
    seed: 42,
  });
  if (!(rt instanceof GpuRuntime)) {
    rt.dispose();
    throw new CliError('--profile times GPU kernels; use it with --backend webgpu');
  }
  try {
    rt.setSeries(data.series);
    rt.setTrainOrder(data.train);
    const step = { start: 0, count: Math.min(w.batch, data.train.length), step: 1, lr: 1e-3, batch: 0 };
    await rt.profileStep(step, 1); // compile and warm every pipeline
    const rows = (await rt.profileStep(step, 3)).sort((a, b) => b.ms - a.ms);
    const total = rows.reduce((s, r) => s + r.ms, 0);
    const lines = [
      `${w.id}: one training step of ${step.count} windows, ${total.toFixed(1)} ms of kernel time`,
      `${'kernel'.padEnd(22)}${'label'.padEnd(18)}${'dispatches'.padStart(10)}${'ms/step'.padStart(10)}${'share'.padStart(8)}`,
    ];
    for (const r of rows) {
      lines.push(
        `${r.kernel.padEnd(22)}${r.label.padEnd(18)}${String(r.dispatches).padStart(10)}` +
          `${r.ms.toFixed(2).padStart(10)}${`${((100 * r.ms) / total).toFixed(1)}%`.padStart(8)}`,
      );
    }
    return lines;
  } finally {
    rt.dispose();
  }
}
