// A compute kernel: WGSL text + an explicit bind-group layout in WGSL binding order + override constants.
// Pipelines are cached per device (WeakMap, so a lost/destroyed device takes its cache with it), keyed by
// kernel name and constants.

/**
 * 'texture-read' / 'texture-write': a 2D rgba32float storage texture, read-only or write-only (core WebGPU).
 * On llvmpipe a textureLoad fetches a vec4 for all lanes at once, where a storage-buffer load goes lane by lane.
 */
export type BindingKind =
  | 'uniform'
  | 'dynamic-uniform'
  | 'read'
  | 'storage'
  | 'texture-read'
  | 'texture-write';

export interface KernelDef {
  name: string;
  code: string;
  /** Binding kinds in @binding order (group 0). */
  bindings: BindingKind[];
  constants?: Record<string, number | boolean>;
  entryPoint?: string;
}

export interface Kernel {
  readonly name: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

interface DeviceCache {
  modules: Map<string, GPUShaderModule>;
  layouts: Map<string, GPUBindGroupLayout>;
  pipelines: Map<string, Kernel>;
}

const caches = new WeakMap<GPUDevice, DeviceCache>();

function cacheFor(device: GPUDevice): DeviceCache {
  let c = caches.get(device);
  if (!c) {
    c = { modules: new Map(), layouts: new Map(), pipelines: new Map() };
    caches.set(device, c);
  }
  return c;
}

function layoutEntry(kind: BindingKind, binding: number): GPUBindGroupLayoutEntry {
  const visibility = GPUShaderStage.COMPUTE;
  switch (kind) {
    case 'uniform':
      return { binding, visibility, buffer: { type: 'uniform' } };
    case 'dynamic-uniform':
      return { binding, visibility, buffer: { type: 'uniform', hasDynamicOffset: true } };
    case 'read':
      return { binding, visibility, buffer: { type: 'read-only-storage' } };
    case 'storage':
      return { binding, visibility, buffer: { type: 'storage' } };
    case 'texture-read':
    case 'texture-write':
      return {
        binding,
        visibility,
        storageTexture: {
          access: kind === 'texture-read' ? 'read-only' : 'write-only',
          format: 'rgba32float',
          viewDimension: '2d',
        },
      };
  }
}

export function getKernel(device: GPUDevice, def: KernelDef): Kernel {
  const cache = cacheFor(device);
  const constants = def.constants ?? {};
  const constKey = Object.keys(constants)
    .sort()
    .map((k) => `${k}=${constants[k]}`)
    .join(',');
  const key = `${def.name}|${def.entryPoint ?? 'main'}|${constKey}`;
  const hit = cache.pipelines.get(key);
  if (hit) return hit;

  let module = cache.modules.get(def.name);
  if (!module) {
    module = device.createShaderModule({ label: def.name, code: def.code });
    cache.modules.set(def.name, module);
  }
  const layoutKey = def.bindings.join(',');
  let layout = cache.layouts.get(layoutKey);
  if (!layout) {
    layout = device.createBindGroupLayout({
      label: `layout(${layoutKey})`,
      entries: def.bindings.map((k, i) => layoutEntry(k, i)),
    });
    cache.layouts.set(layoutKey, layout);
  }
  const pipelineConstants: Record<string, number> = {};
  for (const [k, v] of Object.entries(constants))
    pipelineConstants[k] = typeof v === 'boolean' ? Number(v) : v;
  const pipeline = device.createComputePipeline({
    label: key,
    layout: device.createPipelineLayout({ label: def.name, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: def.entryPoint ?? 'main', constants: pipelineConstants },
  });
  const kernel: Kernel = { name: def.name, pipeline, layout };
  cache.pipelines.set(key, kernel);
  return kernel;
}

/**
 * A buffer operand: bound whole, or only `range` (bytes) of it. `offset` is the element index of the
 * operand's first element inside what is bound (so a kernel that adds it works either way).
 */
export interface Operand {
  buffer: GPUBuffer;
  offset?: number;
  range?: { offset: number; size: number };
}

/** A storage-texture operand (a 'texture-read' / 'texture-write' binding). */
export interface TextureOperand {
  textureView: GPUTextureView;
}

function resource(b: GPUBuffer | Operand | TextureOperand): GPUBufferBinding | GPUTextureView {
  if ('textureView' in b) return b.textureView;
  if (!('buffer' in b)) return { buffer: b };
  // Whole buffers are bound without offset/size, exactly as before ranges existed.
  return b.range ? { buffer: b.buffer, offset: b.range.offset, size: b.range.size } : { buffer: b.buffer };
}

export function bindGroup(
  device: GPUDevice,
  kernel: Kernel,
  buffers: (GPUBuffer | Operand | TextureOperand)[],
  label?: string,
): GPUBindGroup {
  return device.createBindGroup({
    label: label ?? kernel.name,
    layout: kernel.layout,
    entries: buffers.map((b, binding) => ({ binding, resource: resource(b) })),
  });
}

/** Binding for a dynamic-offset uniform: bind `size` bytes at a time out of a larger buffer. */
export function bindGroupSized(
  device: GPUDevice,
  kernel: Kernel,
  resources: ({ buffer: GPUBuffer; size?: number } | Operand | TextureOperand)[],
  label?: string,
): GPUBindGroup {
  return device.createBindGroup({
    label: label ?? kernel.name,
    layout: kernel.layout,
    entries: resources.map((r, binding) => ({
      binding,
      resource:
        'size' in r && r.size ? { buffer: r.buffer, size: r.size } : resource(r as Operand | TextureOperand),
    })),
  });
}

/** A recorded dispatch: everything needed to replay it into a compute pass. */
export interface Dispatch {
  kernel: Kernel;
  group: GPUBindGroup;
  x: number;
  y?: number;
  z?: number;
  dynamicOffsets?: number[];
}

export function encode(pass: GPUComputePassEncoder, d: Dispatch): void {
  pass.setPipeline(d.kernel.pipeline);
  if (d.dynamicOffsets) pass.setBindGroup(0, d.group, d.dynamicOffsets);
  else pass.setBindGroup(0, d.group);
  pass.dispatchWorkgroups(d.x, d.y ?? 1, d.z ?? 1);
}
