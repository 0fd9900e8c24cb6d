// One WebAssembly memory that holds every float32 buffer of a CPU runtime, so the SIMD matmul kernel
// (simd-gemm.ts) works on them in place: no copies in or out. Sized once, up front (growing a memory
// detaches the views handed out before). Where WebAssembly SIMD is missing or the memory cannot be had,
// `createSimdHeap` returns null and the runtime uses ordinary Float32Arrays and the TypeScript kernels.
import { gemmModuleBytes } from './simd-gemm.ts';

export type GemmFn = (
  a: number,
  b: number,
  c: number,
  rows: number,
  cols: number,
  k: number,
  aRow: number,
  aK: number,
  ldb: number,
  ldc: number,
) => void;

/** The gemm of the heap a buffer lives on; matmul() looks its operands up here. */
const gemmByBuffer = new WeakMap<ArrayBufferLike, GemmFn>();

export function heapGemm(a: ArrayBufferView, b: ArrayBufferView, c: ArrayBufferView): GemmFn | undefined {
  if (!(a instanceof Float32Array) || a.buffer !== b.buffer || a.buffer !== c.buffer) return undefined;
  return gemmByBuffer.get(a.buffer);
}

let compiled: WebAssembly.Module | null | undefined;

function gemmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  const bytes = gemmModuleBytes();
  // validate() is false where the engine has no SIMD (then we keep the TypeScript kernels).
  compiled =
    typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  return compiled;
}

const PAGE = 65536;
/** Buffers start on 16-byte boundaries. */
const ALIGN = 4;

export interface SimdHeap {
  alloc(n: number): Float32Array;
}

/** A heap for `floats` float32 values handed out by alloc(), or null (no SIMD, or no memory that big). */
export function createSimdHeap(floats: number): SimdHeap | null {
  const mod = gemmModule();
  if (!mod) return null;
  const pages = Math.max(1, Math.ceil((floats * 4) / PAGE));
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages });
  } catch {
    return null; // more than this engine gives one memory: the plain arrays still work
  }
  const gemm = new WebAssembly.Instance(mod, { env: { memory } }).exports.gemm as GemmFn;
  gemmByBuffer.set(memory.buffer, gemm);
  let at = 0;
  return {
    alloc(n: number): Float32Array {
      if (at + heapFloats(n) > floats)
        throw new RangeError(`SIMD heap overflow: ${at} + ${n} of ${floats} floats`);
      const view = new Float32Array(memory.buffer, at * 4, n);
      at += heapFloats(n);
      return view;
    },
  };
}

/** What alloc(n) takes from the heap (n rounded up to the alignment); sum these to size a heap. */
export function heapFloats(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
