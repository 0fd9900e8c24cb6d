// A window into what a GpuRuntime asks of its device, for `bench --profile`, without touching the runtime:
// a Proxy around the GPUDevice that (1) records every buffer created (label and size: where the GPU memory
// goes) and (2) while a timing is armed, puts timestamp queries around the runtime's compute work, either
// around each whole pass or, by splitting every pass into one pass per dispatch, around each dispatch.
// Splitting changes nothing the kernels compute: within a pass WebGPU already orders every dispatch after
// the one before (storage writes are visible), which is what pass boundaries give too.
import { kernelTuning, tuneKernels } from '../shaders/tuning.ts';

export interface BufferRecord {
  label: string;
  bytes: number;
}

export interface TimedDispatch {
  kernel: string;
  label: string;
  ns: number;
}

type Mode = 'pass' | 'dispatch';
/** WebGPU caps a query set at 4096 queries: 2048 begin/end pairs. */
const PAIRS_PER_SET = 2048;

interface QueryBlock {
  set: GPUQuerySet;
  resolve: GPUBuffer;
  read: GPUBuffer;
  used: number;
}

/** Pipelines are labelled `name|entry|constants` by getKernel: the kernel's name is the first part. */
const kernelName = (p: GPUComputePipeline | null) => (p?.label ?? '?').split('|')[0];

class Timing {
  readonly names: { kernel: string; label: string }[] = [];
  readonly blocks: QueryBlock[] = [];

  constructor(
    private readonly device: GPUDevice,
    readonly mode: Mode,
  ) {}

  /** Query indices for the next timed span. */
  slot(kernel: string, label: string): GPUComputePassTimestampWrites {
    let b = this.blocks.at(-1);
    if (!b || b.used === PAIRS_PER_SET) {
      const bytes = PAIRS_PER_SET * 2 * 8;
      b = {
        set: this.device.createQuerySet({ label: 'profile', type: 'timestamp', count: 2 * PAIRS_PER_SET }),
        resolve: this.device.createBuffer({
          label: 'profile.resolve',
          size: bytes,
          usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
        }),
        read: this.device.createBuffer({
          label: 'profile.read',
          size: bytes,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        }),
        used: 0,
      };
      this.blocks.push(b);
    }
    this.names.push({ kernel, label });
    const i = 2 * b.used++;
    return { querySet: b.set, beginningOfPassWriteIndex: i, endOfPassWriteIndex: i + 1 };
  }

  /** Appended to the encoder before it is finished: copy the timestamps where the CPU can map them. */
  resolveInto(enc: GPUCommandEncoder): void {
    for (const b of this.blocks) {
      if (b.used === 0) continue;
      enc.resolveQuerySet(b.set, 0, 2 * b.used, b.resolve, 0);
      enc.copyBufferToBuffer(b.resolve, 0, b.read, 0, 2 * b.used * 8);
    }
  }

  async read(): Promise<TimedDispatch[]> {
    const out: TimedDispatch[] = [];
    let k = 0;
    for (const b of this.blocks) {
      await b.read.mapAsync(GPUMapMode.READ);
      const t = new BigUint64Array(b.read.getMappedRange().slice(0, 2 * b.used * 8));
      b.read.unmap();
      for (let i = 0; i < b.used; i++) {
        const ns = Number(t[2 * i + 1] - t[2 * i]);
        out.push({ ...this.names[k++], ns });
      }
    }
    return out;
  }

  destroy(): void {
    for (const b of this.blocks) {
      b.set.destroy();
      b.resolve.destroy();
      b.read.destroy();
    }
  }
}

/** Records a pass's state and replays each dispatch into a pass of its own, between two timestamps. */
class SplitPass {
  private pipeline: GPUComputePipeline | null = null;
  private readonly groups = new Map<number, [GPUBindGroup | null, number[] | undefined]>();

  constructor(
    private readonly enc: GPUCommandEncoder,
    private readonly timing: Timing,
  ) {}

  setPipeline(p: GPUComputePipeline): void {
    this.pipeline = p;
  }

  setBindGroup(index: number, group: GPUBindGroup | null, offsets?: Iterable<number>): void {
    this.groups.set(index, [group, offsets ? [...offsets] : undefined]);
  }

  dispatchWorkgroups(x: number, y = 1, z = 1): void {
    if (!this.pipeline) throw new Error('profile: a dispatch came before its pipeline');
    const group0 = this.groups.get(0)?.[0];
    const pass = this.enc.beginComputePass({
      timestampWrites: this.timing.slot(kernelName(this.pipeline), group0?.label ?? ''),
    });
    pass.setPipeline(this.pipeline);
    for (const [i, [g, offsets]] of this.groups) {
      if (offsets) pass.setBindGroup(i, g, offsets);
      else pass.setBindGroup(i, g);
    }
    pass.dispatchWorkgroups(x, y, z);
    pass.end();
  }

  end(): void {}
}

export class DeviceTap {
  /** Hand this to the code under test instead of the real device. */
  readonly device: GPUDevice;
  readonly buffers: BufferRecord[] = [];
  private timing: Timing | null = null;

  constructor(private readonly real: GPUDevice) {
    const bound = (target: GPUDevice, prop: PropertyKey) => {
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    };
    this.device = new Proxy(real, {
      get: (target, prop) => {
        if (prop === 'createBuffer')
          return (d: GPUBufferDescriptor) => {
            this.buffers.push({ label: d.label ?? '', bytes: d.size });
            return target.createBuffer(d);
          };
        if (prop === 'createCommandEncoder')
          return (d?: GPUCommandEncoderDescriptor) => this.wrapEncoder(target.createCommandEncoder(d));
        return bound(target, prop);
      },
    });
    // The proxy is another object: the sweep's kernel parameters must follow the device to it.
    tuneKernels(this.device, kernelTuning(real));
  }

  /** Time the compute work submitted from now until `collect()`, around each pass or each dispatch. */
  arm(mode: Mode): void {
    if (this.timing) throw new Error('profile: a timing is already armed');
    this.timing = new Timing(this.real, mode);
  }

  async collect(): Promise<TimedDispatch[]> {
    const t = this.timing;
    if (!t) throw new Error('profile: nothing was armed');
    this.timing = null;
    await this.real.queue.onSubmittedWorkDone();
    try {
      return await t.read();
    } finally {
      t.destroy();
    }
  }

  private wrapEncoder(enc: GPUCommandEncoder): GPUCommandEncoder {
    const timing = this.timing;
    if (!timing) return enc;
    return new Proxy(enc, {
      get: (target, prop) => {
        if (prop === 'beginComputePass')
          return (d?: GPUComputePassDescriptor) =>
            timing.mode === 'dispatch'
              ? (new SplitPass(target, timing) as unknown as GPUComputePassEncoder)
              : target.beginComputePass({ ...d, timestampWrites: timing.slot('pass', d?.label ?? '') });
        if (prop === 'finish')
          return (d?: GPUCommandBufferDescriptor) => {
            timing.resolveInto(target);
            return target.finish(d);
          };
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }
}
