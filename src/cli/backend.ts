// Opening the compute backend named by --backend. Dawn is imported only for webgpu, so `--backend cpu`
// never loads the native module (and works where it is missing).
import { NoWebGpuError } from '../gpu/device.ts';
import type { Backend } from '../model/backend.ts';
import { CpuBackend } from '../model/cpu-backend.ts';
import type { KernelStrategy } from '../model/gpu-backend.ts';
import { CliError } from './errors.ts';

export const BACKENDS = ['webgpu', 'cpu'] as const;
export type BackendKind = (typeof BACKENDS)[number];

export async function openBackend(kind: BackendKind, kernels: KernelStrategy = 'auto'): Promise<Backend> {
  if (kind === 'cpu') return new CpuBackend();
  let ctx: Awaited<ReturnType<typeof import('../gpu/node-device.ts').acquireNodeDevice>>;
  try {
    const { acquireNodeDevice } = await import('../gpu/node-device.ts');
    ctx = await acquireNodeDevice();
  } catch (e) {
    if (e instanceof NoWebGpuError) throw e;
    throw new NoWebGpuError(`WebGPU (Dawn) could not start: ${(e as Error).message ?? String(e)}.`);
  }
  const { GpuBackend } = await import('../model/gpu-backend.ts');
  return new GpuBackend(ctx, kernels);
}

/** Uncaptured device errors (validation, out-of-memory, loss) would otherwise pass silently: fail on them. */
export function checkDeviceErrors(backend: Backend): void {
  const failure = backend.deviceError();
  if (failure) {
    throw new CliError(`${failure.split('\n')[0]}. Try a smaller model or batch, or --backend cpu.`);
  }
}

/** "webgpu on llvmpipe (LLVM 15.0.6, 256 bits)" */
export function describeBackend(backend: Backend): string {
  return backend.kind === 'cpu' ? 'cpu (reference backend, no WebGPU)' : `webgpu on ${backend.deviceName}`;
}
