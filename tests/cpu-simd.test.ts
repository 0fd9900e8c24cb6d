// The float32 CPU backend's WebAssembly SIMD matmul (src/model/cpu/simd-*.ts) against float64 sums, and
// the float32 runtime that uses it against the float64 runtime (plain TypeScript kernels).
import { describe, expect, it } from 'vitest';
import { matmul } from '../src/model/cpu/matmul.ts';
import { MR, NC } from '../src/model/cpu/simd-gemm.ts';
import { createSimdHeap, heapFloats, heapGemm } from '../src/model/cpu/simd-heap.ts';
import { CpuBackend } from '../src/model/cpu-backend.ts';
import { initParams } from '../src/model/init.ts';
import { Rng } from '../src/model/random.ts';
import { expectClose, maxAbs } from './helpers/expect-close.ts';
import { makeOptions, makeSeries, makeSpec, windowEnds } from './helpers/fixtures.ts';

function fill(a: Float32Array, rng: Rng): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

describe('SIMD matmul on the float32 heap', () => {
  // Shapes with whole blocks only, with rows and columns left over (the TypeScript edge), smaller than
  // one block, and K = 0; A plain and transposed; with and without bias and accumulation.
  const shapes = [
    [MR * 2, NC * 2, 7],
    [MR * 3 + 3, NC + 5, 13],
    [64, 256, 64],
    [3, 5, 9],
    [MR, NC, 0],
  ];
  for (const [M, N, K] of shapes) {
    for (const transA of [false, true]) {
      it(`${M}×${N}×${K}${transA ? ', A transposed' : ''}`, () => {
        const heap = createSimdHeap(
          heapFloats(M * K) + heapFloats(K * N) + heapFloats(M * N) + heapFloats(N),
        );
        expect(heap).not.toBeNull();
        if (!heap) return;
        const rng = new Rng(M * 1000 + N * 10 + K);
        const a = fill(heap.alloc(M * K), rng);
        const b = fill(heap.alloc(K * N), rng);
        const c = heap.alloc(M * N);
        const bias = fill(heap.alloc(N), rng);
        // The kernel is the one that runs: all three operands are on the heap.
        expect(heapGemm(a, b, c)).toBeDefined();
        const A = (m: number, k: number) => (transA ? a[k * M + m] : a[m * K + k]);
        for (const mode of ['set', 'bias', 'accumulate', 'accumulate+bias'] as const) {
          const start = fill(new Float32Array(M * N), rng);
          c.set(start);
          const accumulate = mode.startsWith('accumulate');
          const withBias = mode.endsWith('bias');
          matmul(a, b, c, { M, N, K, transA, accumulate, bias: withBias ? bias : undefined });
          const want = new Float64Array(M * N);
          for (let m = 0; m < M; m++) {
            for (let n = 0; n < N; n++) {
              let s = (accumulate ? start[m * N + n] : 0) + (withBias ? bias[n] : 0);
              for (let k = 0; k < K; k++) s += A(m, k) * b[k * N + n];
              want[m * N + n] = s;
            }
          }
          // Float32 sums of K products of values in [-1, 1]: each of the ≤ K + 2 additions rounds by at
          // most 2⁻²⁴ of a partial sum bounded by K + 2, so |error| ≤ (K + 2)²·6e-8 (2.6e-4 at K = 64);
          // a wrong index or stride is off by O(0.1) or more.
          const atol = (K + 2) ** 2 * 6e-8;
          expectClose(c, want, { atol, rtol: 0 }, `${mode}`);
        }
      });
    }
  }

  it('falls back to plain arrays (null) when no memory that large can be had', () => {
    // 2³¹ floats = 8 GiB, past the 4 GiB a 32-bit WebAssembly memory can address.
    expect(createSimdHeap(2 ** 31)).toBeNull();
  });
});

describe('float32 runtime (SIMD heap) against the float64 runtime', () => {
  it('W2-like layer with leftover rows and columns: outputs, loss, every gradient', async () => {
    // H = 10: 4H = 40 is not a multiple of the 8-column block, B = 6 not of the 4-row block.
    const spec = makeSpec({ units: [10, 6], inputSize: 1, window: 9 });
    const opts = makeOptions('adam', { batchSize: 6 });
    const backend = new CpuBackend();
    const f32 = backend.createRuntime(spec, opts);
    const f64 = backend.createRuntime64(spec, opts);
    expect(heapGemm(f32.params, f32.grads, f32.params)).toBeDefined();
    expect(heapGemm(f64.params, f64.grads, f64.params)).toBeUndefined();
    const rows = spec.window + spec.horizon + 20;
    const series = makeSeries(spec, rows, 5);
    const p = initParams(spec, 9);
    for (const rt of [f32, f64]) {
      rt.setSeries(series);
      rt.setParams(p);
    }
    const ends = windowEnds(spec, rows, 5);
    const got = await f32.gradients(ends);
    const want = await f64.gradients(ends);
    // Float32 storage and sums against float64: values O(1), T = 9 steps of ≤ 40-term dot products,
    // ~1e-6 expected; the tolerances of tests/helpers/compare-backends.ts (GPU against this CPU code).
    expectClose([got.loss], [want.loss], { atol: 2e-5, rtol: 1e-4 }, 'loss');
    expectClose(got.outputs, want.outputs, { atol: 2e-5, rtol: 1e-4 }, 'outputs');
    for (const e of f32.layout.entries) {
      const w = want.grads.subarray(e.offset, e.offset + e.size);
      const atol = 2e-4 * Math.max(1e-3, maxAbs(w));
      expectClose(got.grads.subarray(e.offset, e.offset + e.size), w, { atol, rtol: 2e-3 }, e.name);
    }
    expect(maxAbs(want.grads)).toBeGreaterThan(1e-4);
  });
});
