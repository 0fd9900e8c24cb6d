// One owner for a run's GPU buffers (and the few textures): every one is created here, counted, and destroyed
// in dispose().
export class BufferArena {
  private readonly buffers = new Set<GPUBuffer>();
  private readonly textures = new Map<GPUTexture, number>(); // → its bytes
  private bytes = 0;
  private peak = 0;

  constructor(readonly device: GPUDevice) {}

  create(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    // Zero-sized bindings are invalid; 16 bytes also keeps uniform/vec4 alignment.
    const bytes = Math.max(16, Math.ceil(size / 4) * 4);
    const buf = this.device.createBuffer({ label, size: bytes, usage });
    this.buffers.add(buf);
    this.bytes += bytes;
    this.peak = Math.max(this.peak, this.bytes);
    return buf;
  }

  /** Storage buffer of `floats` f32 values, zero-initialised by WebGPU. */
  storage(label: string, floats: number, extraUsage: GPUBufferUsageFlags = 0): GPUBuffer {
    return this.create(
      label,
      floats * 4,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
    );
  }

  uniform(label: string, data: ArrayBuffer | ArrayBufferView): GPUBuffer {
    const size = data.byteLength;
    const buf = this.create(label, size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.device.queue.writeBuffer(buf, 0, data as ArrayBuffer);
    return buf;
  }

  /**
   * A 2D rgba32float texture of width × height texels, bound as a storage texture (written by one kernel,
   * read by others). Its bytes count like a buffer's, so the peak stays honest.
   */
  storageTexture(label: string, width: number, height: number): GPUTexture {
    const tex = this.device.createTexture({
      label,
      size: { width, height },
      format: 'rgba32float',
      usage: GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.COPY_SRC,
    });
    const bytes = width * height * 16;
    this.textures.set(tex, bytes);
    this.bytes += bytes;
    this.peak = Math.max(this.peak, this.bytes);
    return tex;
  }

  destroyTexture(tex: GPUTexture): void {
    const bytes = this.textures.get(tex);
    if (bytes === undefined) return;
    this.textures.delete(tex);
    this.bytes -= bytes;
    tex.destroy();
  }

  destroy(buf: GPUBuffer): void {
    if (!this.buffers.delete(buf)) return;
    this.bytes -= buf.size;
    buf.destroy();
  }

  get allocatedBytes(): number {
    return this.bytes;
  }

  get peakBytes(): number {
    return this.peak;
  }

  dispose(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers.clear();
    for (const t of this.textures.keys()) t.destroy();
    this.textures.clear();
    this.bytes = 0;
  }
}

/** Read a buffer (or a byte range of it) back to the CPU through a temporary staging buffer. */
export async function readBuffer(
  device: GPUDevice,
  src: GPUBuffer,
  byteOffset = 0,
  byteLength = src.size,
): Promise<Float32Array> {
  const staging = device.createBuffer({
    label: `readback:${src.label}`,
    size: byteLength,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const enc = device.createCommandEncoder({ label: 'readback' });
    enc.copyBufferToBuffer(src, byteOffset, staging, 0, byteLength);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    return new Float32Array(staging.getMappedRange().slice(0));
  } finally {
    staging.destroy();
  }
}
