// Split reductions (src/shaders/split.ts): on the GPU strategy, a weight-gradient matmul with a long K over
// few output tiles, and a column sum over many rows, run as a split pass into partial sums plus
// reduce_partials.wgsl. Held to float64 sums of the same float32 inputs. Tolerance: atol 1e-4 + rtol 1e-4 —
// K = 3,000 float32 products summed in another order (per part, then across parts) differ from the float64
// sum by up to ~K·2⁻²⁴ of the sum of |terms| (≈ 2e-4 relative in the worst case, far less in practice).
import { describe, expect, it } from 'vitest';
import { BufferArena, readBuffer } from '../src/gpu/arena.ts';
import { encode } from '../src/gpu/kernel.ts';
import { acquireNodeDevice } from '../src/gpu/node-device.ts';
import { Rng } from '../src/model/random.ts';
import { colsumDispatches } from '../src/shaders/colsum.ts';
import { matmulDispatches } from '../src/shaders/matmul.ts';
import { splitsFor } from '../src/shaders/split.ts';
import { tuneKernels } from '../src/shaders/tuning.ts';
import { expectClose } from './helpers/expect-close.ts';
import { expectNoGpuErrors, testDevice } from './helpers/gpu.ts';

const TOL = { atol: 1e-4, rtol: 1e-4 };

function random(n: number, seed: number): Float32Array<ArrayBuffer> {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

async function run(
  device: GPUDevice,
  build: (a: BufferArena) => { ds: ReturnType<typeof matmulDispatches>; out: GPUBuffer },
) {
  const arena = new BufferArena(device);
  try {
    let got: Float32Array = new Float32Array();
    let count = 0;
    await expectNoGpuErrors(device, async () => {
      const { ds, out } = build(arena);
      count = ds.length;
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (const d of ds) encode(pass, d);
      pass.end();
      device.queue.submit([enc.finish()]);
      got = await readBuffer(device, out);
    });
    return { got, dispatches: count };
  } finally {
    arena.dispose();
  }
}

/** dW = Aᵀ·B (A stored K×M) + what C held when accumulating, in float64. */
function reference(
  a: Float32Array,
  b: Float32Array,
  c0: Float32Array,
  M: number,
  N: number,
  K: number,
  acc: boolean,
) {
  const out = Float64Array.from(acc ? c0 : new Float32Array(M * N));
  for (let k = 0; k < K; k++)
    for (let m = 0; m < M; m++) {
      const x = a[k * M + m];
      for (let n = 0; n < N; n++) out[m * N + n] += x * b[k * N + n];
    }
  return out;
}

describe('split reductions (GPU strategy)', () => {
  // dU-like: M 70 × N 90 is 2 × 2 tiles of 64, K 3,000 (not a multiple of the 16-wide K step or of a part).
  const M = 70;
  const N = 90;
  const K = 3000;
  const a = random(K * M, 1);
  const b = random(K * N, 2);
  const c0 = random(M * N, 3);

  for (const accumulate of [false, true]) {
    it(`matmul Aᵀ·B splits K and matches the sum${accumulate ? ', adding to C' : ''}`, async () => {
      const { device } = await testDevice();
      expect(
        splitsFor(device, { tiled: true, groups: 4, length: K, outputs: M * N, step: 16 }),
      ).toBeGreaterThan(1);
      const { got, dispatches } = await run(device, (arena) => {
        const A = arena.storage('a', a.length);
        const B = arena.storage('b', b.length);
        const C = arena.storage('c', 8 + M * N);
        device.queue.writeBuffer(A, 0, a);
        device.queue.writeBuffer(B, 0, b);
        device.queue.writeBuffer(C, 32, c0);
        const ds = matmulDispatches(arena, {
          tiled: true,
          label: 'dW',
          M,
          N,
          K,
          transA: true,
          accumulate,
          a: { buffer: A },
          b: { buffer: B },
          c: { buffer: C, offset: 8 }, // an offset, as gradients sit inside one flat buffer
        });
        return { ds, out: C };
      });
      expect(dispatches).toBe(2);
      expectClose(got.subarray(8), reference(a, b, c0, M, N, K, accumulate), TOL, 'dW');
    });
  }

  it('the direct kernels (CPU emulators) never split', async () => {
    const { device } = await testDevice();
    expect(splitsFor(device, { tiled: false, groups: 1, length: 1e6, outputs: 10 })).toBe(1);
  });

  for (const vec4 of [true, false]) {
    it(`column sum splits its rows and matches the sum (${vec4 ? 'vec4' : 'scalar'} columns), adding to C`, async () => {
      const { device } = await testDevice();
      const cols = vec4 ? 96 : 90;
      const rows = 5001;
      const x = random(rows * cols, 4);
      const { got, dispatches } = await run(device, (arena) => {
        const X = arena.storage('x', x.length);
        const C = arena.storage('c', cols);
        device.queue.writeBuffer(X, 0, x);
        device.queue.writeBuffer(C, 0, c0.slice(0, cols));
        const ds = colsumDispatches(arena, {
          tiled: true,
          label: 'db',
          M: rows,
          N: cols,
          a: { buffer: X },
          c: { buffer: C },
          accumulate: true,
        });
        return { ds, out: C };
      });
      expect(dispatches).toBe(2);
      const want = Float64Array.from(c0.subarray(0, cols));
      for (let m = 0; m < rows; m++) for (let n = 0; n < cols; n++) want[n] += x[m * cols + n];
      expectClose(got, want, TOL, 'db');
    });
  }

  it('bench --splits 1 turns splitting off on its device', async () => {
    const ctx = await acquireNodeDevice();
    try {
      tuneKernels(ctx.device, { splits: 1 });
      expect(splitsFor(ctx.device, { tiled: true, groups: 4, length: K, outputs: M * N, step: 16 })).toBe(1);
      tuneKernels(ctx.device, { splits: 4 });
      expect(splitsFor(ctx.device, { tiled: true, groups: 4, length: K, outputs: M * N, step: 16 })).toBe(4);
    } finally {
      ctx.device.destroy();
    }
  });
});
