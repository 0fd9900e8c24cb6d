// The CPU backend: the reference for tests and the fallback where a browser has no WebGPU.
import type { Backend, RuntimeOptions } from './backend.ts';
import { CpuRuntime } from './cpu/runtime.ts';
import type { ModelSpec } from './spec.ts';

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  readonly deviceName = 'CPU (reference backend, no WebGPU)';

  createRuntime(spec: ModelSpec, opts: RuntimeOptions): CpuRuntime {
    return new CpuRuntime(spec, opts);
  }

  /** Float64 runtime for finite-difference gradient checks. */
  createRuntime64(spec: ModelSpec, opts: RuntimeOptions): CpuRuntime {
    return new CpuRuntime(spec, opts, Float64Array);
  }

  deviceError(): null {
    return null;
  }

  async failureAfterError(): Promise<null> {
    return null;
  }

  dispose(): void {}
}
