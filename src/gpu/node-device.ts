// Dawn in Node through the `webgpu` npm package. Kept apart from device.ts so the browser bundle never
// pulls in the native module.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { throttleDawnPolling } from './dawn-polling.mjs';
import { acquireDevice, type DeviceOptions, type GpuContext, isEmulatedAdapter } from './device.ts';

const INSTALL_HINT =
  'On Debian 12 install Mesa 25 lavapipe: add bookworm-backports to apt, then ' +
  '`apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1` (or run `bash .ci/install-system-deps`).';

let dawn: Promise<GPU> | null = null;

async function loadDawn(): Promise<GPU> {
  // Vulkan loaders and lavapipe want a writable runtime dir; a missing one prints warnings or fails.
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `webgpu-lstm-xdg-${process.getuid?.() ?? 0}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  const mod = await import('webgpu');
  Object.assign(globalThis, mod.globals);
  return mod.create([]);
}

/** The process's one Dawn instance (for peers such as TensorFlow.js that want a `navigator.gpu`). */
export function nodeGpu(): Promise<GPU> {
  dawn ??= loadDawn();
  return dawn;
}

export async function acquireNodeDevice(options: DeviceOptions = {}): Promise<GpuContext> {
  const ctx = await acquireDevice(await nodeGpu(), INSTALL_HINT, options);
  pollGently(ctx.adapterName);
  return ctx;
}

/** On a CPU adapter, Dawn's busy polling would take a core from the emulator (dawn-polling.mjs). */
export function pollGently(adapterName: string): void {
  if (isEmulatedAdapter(adapterName)) throttleDawnPolling();
}
