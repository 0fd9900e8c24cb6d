// Device acquisition for the browser (navigator.gpu) and for Node (Dawn through the `webgpu` package).
// Nothing here imports the DOM or React, so the CLI, tests and the worker share it.

export interface GpuContext {
  device: GPUDevice;
  adapterName: string;
  /** Resolves when the device is lost (destroyed on purpose or by the driver). */
  lost: Promise<GPUDeviceLostInfo>;
  /** Uncaptured GPU errors so far (validation, out-of-memory, internal). */
  errors: string[];
  /** Why the device is unusable (lost, or an uncaptured error), or null while it is healthy. */
  failure(): string | null;
  destroy(): void;
}

export class NoWebGpuError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoWebGpuError';
  }
}

export { isEmulatedAdapter } from './emulated-adapter.mjs';

/** Human-readable adapter name from GPUAdapterInfo (fields differ between implementations). */
export function describeAdapter(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  if (info.description) return info.description;
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  const unique = [...new Set(parts)];
  return unique.length > 0 ? unique.join(' / ') : 'unknown adapter';
}

/** Limits we ask for: as much storage as the adapter allows, since BPTT keeps every timestep. */
function requiredLimits(adapter: GPUAdapter): Record<string, number> {
  const a = adapter.limits;
  return {
    maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
    maxBufferSize: a.maxBufferSize,
    maxStorageBuffersPerShaderStage: Math.min(a.maxStorageBuffersPerShaderStage, 10),
    maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
  };
}

export interface DeviceOptions {
  /**
   * Optional features to enable where the adapter has them (others are left out, never an error).
   * Only `bench --profile` (Node and the Chromium bench page) asks (for `timestamp-query`), so training devices do not pay for timestamps.
   */
  optionalFeatures?: GPUFeatureName[];
  /** false: leave `subgroups` off, so emulators run the plain direct kernels (tests hold both to the CPU). */
  subgroups?: boolean;
}

export async function acquireDevice(
  gpu: GPU | undefined,
  howToFix: string,
  options: DeviceOptions = {},
): Promise<GpuContext> {
  if (!gpu) throw new NoWebGpuError(`WebGPU is not available. ${howToFix}`);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoWebGpuError(`No WebGPU adapter was found. ${howToFix}`);
  const device = await adapter.requestDevice({
    label: 'webgpu-lstm',
    requiredLimits: requiredLimits(adapter),
    // Subgroup operations let the CPU-emulator kernels share loaded values across SIMD lanes (see
    // src/shaders/subgroup.ts): asked for whenever the adapter has them, used only where they pay.
    requiredFeatures: [
      ...(options.subgroups === false ? [] : ['subgroups' as GPUFeatureName]),
      ...(options.optionalFeatures ?? []),
    ].filter((f) => adapter.features.has(f)),
  });
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (ev) => {
    const e = (ev as GPUUncapturedErrorEvent).error;
    errors.push(e.message);
  });
  let destroyed = false;
  let lostReason: string | null = null;
  device.lost.then((info) => {
    if (!destroyed) lostReason = `device lost: ${info.message || info.reason}`;
  });
  return {
    device,
    adapterName: describeAdapter(adapter.info),
    lost: device.lost,
    errors,
    failure() {
      return lostReason ?? (errors.length > 0 ? `GPU error: ${errors[0]}` : null);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      device.destroy();
    },
  };
}

/** Browser or worker: navigator.gpu. */
export function acquireBrowserDevice(options: DeviceOptions = {}): Promise<GpuContext> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  return acquireDevice(
    gpu,
    'Use a browser with WebGPU (Chrome or Edge 113+, Safari 26+, Firefox 141+); training falls back to the CPU.',
    options,
  );
}
