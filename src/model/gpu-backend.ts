// The WebGPU backend: owns one device (its context) and creates runtimes on it.
import { type GpuContext, isEmulatedAdapter } from '../gpu/device.ts';
import type { Backend, RuntimeOptions } from './backend.ts';
import { GpuRuntime } from './gpu/runtime.ts';
import type { ModelSpec } from './spec.ts';

/**
 * How kernels get their operands: staged through workgroup-memory tiles (the GPU way), or loaded directly
 * from the buffers, which CPU emulators run about 3× faster (their barriers are costly and the CPU caches
 * already give the reuse; `bench --profile --kernels direct|tiled` on lavapipe). `auto` picks by adapter.
 */
export type KernelStrategy = 'auto' | 'tiled' | 'direct';

export class GpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly tiled: boolean;

  constructor(
    readonly ctx: GpuContext,
    kernels: KernelStrategy = 'auto',
  ) {
    this.tiled = kernels === 'auto' ? !isEmulatedAdapter(ctx.adapterName) : kernels === 'tiled';
  }

  get deviceName(): string {
    return this.ctx.adapterName;
  }

  createRuntime(spec: ModelSpec, opts: RuntimeOptions): GpuRuntime {
    return new GpuRuntime(this.ctx.device, spec, opts, this.tiled);
  }

  deviceError(): string | null {
    return this.ctx.failure();
  }

  async failureAfterError(waitMs = 1000): Promise<string | null> {
    if (this.ctx.failure() !== null) return this.ctx.failure();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.ctx.lost, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    return this.ctx.failure();
  }

  dispose(): void {
    this.ctx.destroy();
  }
}
