// Warm-up: create the compute pipelines a training run of `spec` will use, before the run, without its
// buffers. Compiling them is most of a run's time to its first batch (the app on SwiftShader: 2.3–3.8 s
// of 2.4–3.9 s for 14 pipelines, docs/performance.md); getKernel caches pipelines per device, so a run
// that finds them cached starts at once.
//
// Which kernels a run uses is decided while GpuRuntime's constructor records its dispatches (matmul tiles
// and split parts by shape, the cell kernel's entry point by units and batch, Uᵀ in a texture or a buffer,
// the loss by kind, the optimizer by kind, …), spread over the shader wrappers. Rather than repeat those
// choices here, the warm-up runs that constructor itself (plus setSeries/setTrainOrder, which make the
// gather kernel) on the real device, with the calls that would create resources stubbed out for the
// duration: createBuffer, createTexture, createBindGroup and queue.writeBuffer return inert stand-ins.
// Shader modules, bind-group layouts and pipelines go to the device as usual, into getKernel's cache of
// that device (and its tuning and subgroup family apply, as they are keyed by the device object).
// The constructor is synchronous, so no other code can reach the device while the stubs are in place.

import type { RuntimeOptions } from '../backend.ts';
import type { ModelSpec } from '../spec.ts';
import { GpuRuntime } from './runtime.ts';

export interface WarmUpResult {
  /** Pipelines created now (0 when every kernel was already cached on the device). */
  created: number;
  /** Their labels (`name|entryPoint|constants`, getKernel's cache key), in creation order. */
  labels: string[];
  /** Wall time of the warm-up's JavaScript (on Dawn in Node it includes the compile). */
  ms: number;
}

/** Stand-ins for the resources a runtime's constructor creates: never bound, never submitted. */
function standInBuffer(d: GPUBufferDescriptor): GPUBuffer {
  return {
    label: d.label ?? '',
    size: d.size,
    usage: d.usage,
    mapState: 'unmapped',
    destroy() {},
    unmap() {},
  } as unknown as GPUBuffer;
}

function standInTexture(d: GPUTextureDescriptor): GPUTexture {
  return {
    label: d.label ?? '',
    destroy() {},
    createView: (v?: GPUTextureViewDescriptor) => ({ label: v?.label ?? '' }) as GPUTextureView,
  } as unknown as GPUTexture;
}

/** Replace `key` on `obj` by an own property for a while; the returned function puts back what was there. */
function shadow<T extends object>(obj: T, key: PropertyKey, value: unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(obj, key);
  Object.defineProperty(obj, key, { value, configurable: true, writable: true });
  return () => {
    if (own) Object.defineProperty(obj, key, own);
    else delete (obj as Record<PropertyKey, unknown>)[key];
  };
}

/**
 * Create (and cache on `device`) every compute pipeline a GpuRuntime of this spec and these options
 * creates, allocating no GPU memory. `tiled` is the backend's kernel strategy (GpuBackend.tiled).
 * Synchronous from start to end, so a run on the same device (which only ever uses the device between its
 * own awaits) never meets the stand-ins. Throws what the runtime's constructor throws (a model too large
 * for the device), with the device's own methods back in place.
 */
export function warmUpKernels(
  device: GPUDevice,
  spec: ModelSpec,
  opts: RuntimeOptions,
  tiled: boolean,
): WarmUpResult {
  const t0 = performance.now();
  const labels: string[] = [];
  const createPipeline = device.createComputePipeline;
  const queue = device.queue;
  const restore = [
    shadow(device, 'createBuffer', standInBuffer),
    shadow(device, 'createTexture', standInTexture),
    shadow(device, 'createBindGroup', (d: GPUBindGroupDescriptor) => ({ label: d.label ?? '' })),
    shadow(queue, 'writeBuffer', () => {}),
    shadow(device, 'createComputePipeline', (d: GPUComputePipelineDescriptor) => {
      labels.push(d.label ?? '');
      return createPipeline.call(device, d);
    }),
  ];
  try {
    const rt = new GpuRuntime(device, spec, opts, tiled);
    // The gather kernel is made with the series and the window order; its shape does not depend on them.
    const rows = spec.window + spec.horizon;
    rt.setSeries({
      rows,
      x: new Float32Array(rows * spec.inputSize),
      y: new Float32Array(rows * spec.targets),
    });
    rt.setTrainOrder(new Int32Array(1));
    rt.dispose();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return { created: labels.length, labels, ms: performance.now() - t0 };
}
