// The device `bench --profile` runs on: its own Dawn instance with timestamp quantization off and the
// `timestamp-query` feature requested where the adapter has it. Dawn rounds timestamps down to multiples
// of 65.5 µs by default (a browser's guard against timing attacks): fine for an epoch, useless for a
// 5 µs kernel on a real GPU. Training devices (node-device.ts) keep Dawn's defaults.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDevice, NoWebGpuError } from '../gpu/device.ts';
import { pollGently } from '../gpu/node-device.ts';
import { GpuBackend, type KernelStrategy } from '../model/gpu-backend.ts';

const DAWN_FLAGS = ['disable-dawn-features=timestamp_quantization'];
/** Held for the process's life: Dawn crashes when the instance is collected while a device lives. */
let instance: GPU | null = null;

export async function openProfilingBackend(kernels: KernelStrategy): Promise<GpuBackend> {
  // Vulkan loaders and lavapipe want a writable runtime dir (as in node-device.ts).
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `webgpu-lstm-xdg-${process.getuid?.() ?? 0}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  let gpu: GPU;
  try {
    const mod = await import('webgpu');
    Object.assign(globalThis, mod.globals);
    instance ??= mod.create(DAWN_FLAGS);
    gpu = instance;
  } catch (e) {
    throw new NoWebGpuError(`WebGPU (Dawn) could not start: ${(e as Error).message ?? String(e)}.`);
  }
  const ctx = await acquireDevice(gpu, 'bench --profile needs a WebGPU adapter (Dawn).', {
    optionalFeatures: ['timestamp-query'],
  });
  pollGently(ctx.adapterName);
  return new GpuBackend(ctx, kernels);
}
