// The WebGPU backend: owns one device (its context) and creates runtimes on it.
import type { GpuContext } from '../gpu/device.ts';
import type { Backend, RuntimeOptions } from './backend.ts';
import { GpuRuntime } from './gpu/runtime.ts';
import type { ModelSpec } from './spec.ts';

export class GpuBackend implements Backend {
  readonly kind = 'webgpu' as const;

  constructor(readonly ctx: GpuContext) {}

  get deviceName(): string {
    return this.ctx.adapterName;
  }

  createRuntime(spec: ModelSpec, opts: RuntimeOptions): GpuRuntime {
    return new GpuRuntime(this.ctx.device, spec, opts);
  }

  deviceError(): string | null {
    return this.ctx.failure();
  }

  dispose(): void {
    this.ctx.destroy();
  }
}
