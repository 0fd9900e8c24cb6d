// GPU tests run on Dawn (the `webgpu` package) in Node, on lavapipe where there is no GPU. No adapter is a
// failure with instructions, never a skip.
import type { GpuContext } from '../../src/gpu/device.ts';
import { acquireNodeDevice } from '../../src/gpu/node-device.ts';
import { GpuBackend, type KernelStrategy } from '../../src/model/gpu-backend.ts';
import { forceSubgroups4, subgroupFamily } from '../../src/shaders/subgroup.ts';
import { type KernelTuning, tuneKernels } from '../../src/shaders/tuning.ts';

let ctx: Promise<GpuContext> | null = null;

export function testDevice(): Promise<GpuContext> {
  ctx ??= acquireNodeDevice();
  return ctx;
}

/** A backend on the shared test device; `kernels` picks the tiled or direct kernel variants. */
export async function testGpuBackend(kernels: KernelStrategy = 'auto'): Promise<GpuBackend> {
  return new GpuBackend(await testDevice(), kernels);
}

let plainCtx: Promise<GpuContext> | null = null;

/**
 * Direct kernels on a second device without `subgroups`: where the adapter has 8-lane subgroups
 * (lavapipe), the direct strategy runs the *_sg.wgsl kernels, so this is how the plain direct kernels
 * (what an emulator without subgroups gets) stay held to the reference too. Dispose it on its own.
 */
export async function testPlainDirectBackend(): Promise<GpuBackend> {
  plainCtx ??= acquireNodeDevice({ subgroups: false });
  return new GpuBackend(await plainCtx, 'direct');
}

let sg4Ctx: Promise<GpuContext> | null = null;

/**
 * Direct kernels of the 4-lane family (*_sg4.wgsl, what SwiftShader runs) on a third device whose 8-lane
 * subgroups (lavapipe) are told to run them: each of their workgroups is 4 invocations, one partial
 * subgroup with lanes 0 … 3, so the 4-lane broadcasts are as valid there. Fails where the device has no
 * subgroups of 4 or more lanes. Dispose it on its own.
 */
export async function testSubgroups4Backend(): Promise<GpuBackend> {
  sg4Ctx ??= acquireNodeDevice().then((ctx) => {
    forceSubgroups4(ctx.device);
    return ctx;
  });
  const ctx = await sg4Ctx;
  if (subgroupFamily(ctx.device) !== 4)
    throw new Error(`the test device (${ctx.adapterName}) cannot run the 4-lane subgroup kernels`);
  return new GpuBackend(ctx, 'direct');
}

/**
 * `run` on a backend of its own device with the kernel parameters a bench sweep would fix (`bench
 * --cell-rows`, `--splits`, `--textures`), so no other test's kernels change; the device is destroyed after.
 */
export async function withTunedBackend(
  kernels: KernelStrategy,
  tuning: KernelTuning,
  run: (backend: GpuBackend) => Promise<void>,
): Promise<void> {
  const ctx = await acquireNodeDevice();
  tuneKernels(ctx.device, tuning);
  const backend = new GpuBackend(ctx, kernels);
  try {
    await run(backend);
  } finally {
    backend.dispose();
  }
}

/** Fails the test if the device reported a validation or out-of-memory error. */
export async function expectNoGpuErrors(device: GPUDevice, run: () => Promise<void>): Promise<void> {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  let failure: unknown = null;
  try {
    await run();
  } catch (e) {
    failure = e;
  }
  const oom = await device.popErrorScope();
  const val = await device.popErrorScope();
  if (oom) throw new Error(`GPU out-of-memory error: ${oom.message}`);
  if (val) throw new Error(`GPU validation error: ${val.message}`);
  if (failure) throw failure;
}
