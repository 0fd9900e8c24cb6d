// Time chunks for BPTT storage. Each layer keeps whole-sequence buffers (gates and dZ: T·B·4H floats;
// c and h: (T+1)·B·H; ...), and one storage binding may cover at most maxStorageBufferBindingSize bytes
// (128 MiB on many adapters: DESIGN.md's W4 has 512 MiB of gates per layer). So a buffer stays one
// GPUBuffer, but every kernel that walks the sequence is dispatched per chunk of Tc timesteps and binds only
// that chunk's window of it. When every sequence buffer fits one binding there is one chunk and every
// buffer is bound whole, exactly as before chunking existed.
import type { Operand } from '../../gpu/kernel.ts';
import { ConfigError } from '../config.ts';

export interface BindingLimits {
  /** Largest storage binding (maxStorageBufferBindingSize, or a smaller test override). */
  maxBindingBytes: number;
  /** Largest buffer (maxBufferSize). */
  maxBufferBytes: number;
  /** minStorageBufferOffsetAlignment: a window starts at a multiple of it. */
  alignment: number;
}

/** A buffer that spans the sequence: `steps` timesteps (T, or T + 1 with the initial state) of `stepFloats`. */
export interface SequenceTensor {
  name: string;
  steps: number;
  stepFloats: number;
  /** How one timestep is made, for messages: "batch × 4·units". */
  perStep: string;
}

/**
 * A model too large for this GPU's buffers: names the tensor, the bytes and what to reduce. A ConfigError,
 * so the CLI and the app show it as the user's to fix.
 */
export class GpuLimitError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'GpuLimitError';
  }
}

/** A window of a buffer to bind, with where its wanted first element lies. */
export interface Window extends Operand {
  offset: number;
  /** Element index (in the whole buffer) of the binding's first element; 0 when bound whole. */
  base: number;
}

export interface Chunk {
  /** First timestep. */
  t0: number;
  /** Timesteps in this chunk. */
  n: number;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 3 : 1)} MiB`;
}

export class ChunkPlan {
  /** Timesteps per chunk (the last chunk may be shorter). */
  readonly Tc: number;
  readonly chunks: Chunk[];
  /** One chunk: every buffer is bound whole. */
  readonly whole: boolean;

  constructor(
    readonly T: number,
    tensors: SequenceTensor[],
    readonly limits: BindingLimits,
  ) {
    const { maxBindingBytes, maxBufferBytes } = limits;
    for (const s of tensors) {
      const bytes = s.steps * s.stepFloats * 4;
      if (bytes > maxBufferBytes) {
        throw new GpuLimitError(
          `${s.name} needs ${mib(bytes)} (${s.steps} timesteps × ${s.perStep} × 4 bytes), more than this GPU's ` +
            `largest buffer (${mib(maxBufferBytes)}, maxBufferSize). Reduce the batch size, the window or the units.`,
        );
      }
    }
    this.whole = tensors.every((s) => s.steps * s.stepFloats * 4 <= maxBindingBytes);
    if (this.whole) {
      this.Tc = T;
    } else {
      // A window holds Tc + 1 steps (c/h carry the state slot before the chunk, the backward step reads dZ
      // of the step after it) and may start up to `alignment` bytes early.
      const widest = tensors.reduce((a, s) => (s.stepFloats > a.stepFloats ? s : a));
      const stepBytes = widest.stepFloats * 4;
      const fit = Math.floor((maxBindingBytes - limits.alignment) / stepBytes) - 1;
      if (fit < 1) {
        throw new GpuLimitError(
          `One timestep of ${widest.name} is ${mib(stepBytes)} (${widest.perStep} × 4 bytes); the sequence is ` +
            `bound in chunks of at least 2 timesteps, and this GPU binds at most ${mib(maxBindingBytes)} at once ` +
            '(maxStorageBufferBindingSize). Reduce the batch size or the units.',
        );
      }
      // As few chunks as fit, of even length (no short tail chunk of tiny dispatches).
      this.Tc = Math.ceil(T / Math.ceil(T / fit));
    }
    this.chunks = [];
    for (let t0 = 0; t0 < T; t0 += this.Tc) this.chunks.push({ t0, n: Math.min(this.Tc, T - t0) });
  }

  /**
   * `floats` elements of `buffer` from element `start`: the whole buffer with `offset = start` when there is
   * one chunk, else the byte range from `start` rounded down to the offset alignment.
   */
  window(buffer: GPUBuffer, start: number, floats: number): Window {
    if (this.whole) return { buffer, offset: start, base: 0 };
    const a = this.limits.alignment;
    const from = Math.floor((start * 4) / a) * a;
    const size = (start + floats) * 4 - from;
    if (size > this.limits.maxBindingBytes || from + size > buffer.size) {
      throw new Error(
        `internal: window of ${buffer.label} [${from}, +${size}) exceeds the binding limit or buffer`,
      );
    }
    return { buffer, offset: start - from / 4, base: from / 4, range: { offset: from, size } };
  }
}

/** A binding that must cover a whole buffer (not time-chunked): fails with what to reduce when it cannot. */
export function checkWholeBinding(
  name: string,
  bytes: number,
  maxBindingBytes: number,
  reduce: string,
): void {
  if (bytes > maxBindingBytes) {
    throw new GpuLimitError(
      `${name} needs ${mib(bytes)} in one binding; this GPU binds at most ${mib(maxBindingBytes)} ` +
        `(maxStorageBufferBindingSize). Reduce ${reduce}.`,
    );
  }
}
