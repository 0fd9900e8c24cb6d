// The Chromium side of `webgpu-lstm bench --browser` (src/cli/bench-browser.ts drives it): one workload on
// our engine (the same runWorkload as in Node) or on TensorFlow.js 4.22 webgpu (the same fitWorkload as the
// Node peer), on the page's navigator.gpu; or `--profile`: where one step's device time goes, kernel by
// kernel (the same profileWorkload as in Node). Progress lines go to the console with a `bench:` prefix.
import { type ProfileMethod, profileWorkload } from '../../src/cli/bench-profile.ts';
import { type BenchResult, runWorkload } from '../../src/cli/bench-run.ts';
import { WORKLOADS } from '../../src/cli/bench-workloads.ts';
import { acquireBrowserDevice, describeAdapter } from '../../src/gpu/device.ts';
import { GpuBackend, type KernelStrategy } from '../../src/model/gpu-backend.ts';
import { fitWorkload } from '../peers/tfjs-fit.mjs';

export interface PageRequest {
  engine: 'webgpu-lstm' | 'tfjs-webgpu';
  workload: string;
  samples: number;
  timedEpochs: number;
  kernels: KernelStrategy;
}

export interface ProfileRequest {
  workload: string;
  samples: number;
  kernels: KernelStrategy;
  method: ProfileMethod;
}

const log = (s: string) => console.log(`bench: ${s}`);

function workload(id: string) {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) throw new Error(`no workload ${id}`);
  return w;
}

async function benchProfile(req: ProfileRequest): Promise<string[]> {
  const ctx = await acquireBrowserDevice({ optionalFeatures: ['timestamp-query'] });
  const backend = new GpuBackend(ctx, req.kernels);
  try {
    const lines = await profileWorkload(backend, workload(req.workload), req.samples, req.method);
    const failure = backend.deviceError();
    if (failure) throw new Error(failure);
    return [`adapter: ${backend.deviceName}, kernels ${backend.tiled ? 'tiled' : 'direct'}`, ...lines];
  } finally {
    backend.dispose();
  }
}

async function benchRun(req: PageRequest): Promise<BenchResult> {
  const w = workload(req.workload);
  if (req.engine === 'webgpu-lstm') {
    const backend = new GpuBackend(await acquireBrowserDevice(), req.kernels);
    try {
      const r = await runWorkload(backend, w, req.timedEpochs, req.samples, log, '@chromium');
      const failure = backend.deviceError();
      if (failure) throw new Error(failure);
      return r;
    } finally {
      backend.dispose();
    }
  }
  const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('TensorFlow.js: this page has no WebGPU adapter');
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('TensorFlow.js could not start its webgpu backend');
  const r = await fitWorkload(
    tf,
    { ...w, samples: req.samples, timedEpochs: req.timedEpochs },
    log,
    'tfjs-webgpu@chromium',
  );
  return {
    workload: w.id,
    peer: 'tfjs-webgpu@chromium',
    adapter: describeAdapter(adapter.info),
    ...r,
    peak_gpu_bytes: null,
    memory_ratio: null,
  };
}

(globalThis as unknown as { benchRun: typeof benchRun }).benchRun = benchRun;
(globalThis as unknown as { benchProfile: typeof benchProfile }).benchProfile = benchProfile;
(globalThis as unknown as { benchReady: boolean }).benchReady = true;
