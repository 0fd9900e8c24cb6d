// CPU twin of src/shaders/matmul.wgsl: C[M,N] (=|+=) op(A)·op(B) (+ bias), row-major, with element offsets.
import type { Arr } from './arrays.ts';
import { MR, NC } from './simd-gemm.ts';
import { type GemmFn, heapGemm } from './simd-heap.ts';

export interface MatmulArgs {
  M: number;
  N: number;
  K: number;
  /** A is stored [K][M] and used transposed. */
  transA?: boolean;
  /** B is stored [N][K] and used transposed. */
  transB?: boolean;
  accumulate?: boolean;
  bias?: Arr;
}

export function matmul(a: Arr, b: Arr, c: Arr, args: MatmulArgs): void {
  const { M, N, K, transA = false, transB = false, accumulate = false, bias } = args;
  const gemm = transB ? undefined : heapGemm(a, b, c);
  if (gemm) {
    simdMatmul(gemm, a, b, c, args);
    return;
  }
  const at = transA ? (m: number, k: number) => a[k * M + m] : (m: number, k: number) => a[m * K + k];
  const r0 = new Float64Array(N);
  const r1 = new Float64Array(N);
  for (let m = 0; m < M; m += 2) {
    // Two output rows at a time, each pass over B reading four of its rows: every B value loaded feeds
    // eight multiply-adds (the CPU backend's hot loop; plain JS has no SIMD).
    const two = m + 1 < M;
    if (bias) {
      r0.set(bias.subarray(0, N));
      r1.set(bias.subarray(0, N));
    } else {
      r0.fill(0);
      r1.fill(0);
    }
    let k = 0;
    if (!transB) {
      for (; k + 4 <= K; k += 4) {
        const a00 = at(m, k);
        const a01 = at(m, k + 1);
        const a02 = at(m, k + 2);
        const a03 = at(m, k + 3);
        const a10 = two ? at(m + 1, k) : 0;
        const a11 = two ? at(m + 1, k + 1) : 0;
        const a12 = two ? at(m + 1, k + 2) : 0;
        const a13 = two ? at(m + 1, k + 3) : 0;
        const b0 = k * N;
        const b1 = b0 + N;
        const b2 = b1 + N;
        const b3 = b2 + N;
        for (let n = 0; n < N; n++) {
          const x0 = b[b0 + n];
          const x1 = b[b1 + n];
          const x2 = b[b2 + n];
          const x3 = b[b3 + n];
          r0[n] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
          r1[n] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
        }
      }
    }
    for (; k < K; k++) {
      const a0 = at(m, k);
      const a1 = two ? at(m + 1, k) : 0;
      for (let n = 0; n < N; n++) {
        const x = transB ? b[n * K + k] : b[k * N + n];
        r0[n] += a0 * x;
        r1[n] += a1 * x;
      }
    }
    store(c, m * N, r0, N, accumulate);
    if (two) store(c, (m + 1) * N, r1, N, accumulate);
  }
}

/**
 * Float32 operands on a SIMD heap: C is set to 0 or the bias first (unless accumulating), then the wasm
 * kernel adds the whole MR × NC blocks and the rows and columns left over are added here.
 */
function simdMatmul(gemm: GemmFn, a: Arr, b: Arr, c: Arr, args: MatmulArgs): void {
  const { M, N, K, transA = false, accumulate = false, bias } = args;
  if (!accumulate) {
    const row = bias?.subarray(0, N);
    if (row) for (let m = 0; m < M; m++) c.set(row, m * N);
    else c.fill(0, 0, M * N);
  } else if (bias) {
    for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) c[m * N + n] += bias[n];
  }
  // Element strides of A between rows and between k.
  const aRow = transA ? 1 : K;
  const aK = transA ? M : 1;
  const rows = M - (M % MR);
  const cols = N - (N % NC);
  if (rows > 0 && cols > 0 && K > 0) {
    gemm(a.byteOffset, b.byteOffset, c.byteOffset, rows, cols, K, aRow * 4, aK * 4, N * 4, N * 4);
  }
  addEdge(a, b, c, 0, rows, cols, N, K, N, aRow, aK);
  addEdge(a, b, c, rows, M, 0, N, K, N, aRow, aK);
}

/** Row scratch of addEdge, kept between calls (grown, never shrunk: no allocation per batch). */
let edgeRow = new Float64Array(64);

/**
 * c[m][n] += Σ_k A(m,k)·b[k][n] for m in [m0, m1), n in [n0, n1), summed in float64; k outside n so b is
 * read row by row (dW = Xᵀ·dZ with one input column is all edge and walks all of dZ once per row).
 */
function addEdge(
  a: Arr,
  b: Arr,
  c: Arr,
  m0: number,
  m1: number,
  n0: number,
  n1: number,
  K: number,
  N: number,
  aRow: number,
  aK: number,
): void {
  const w = n1 - n0;
  if (w <= 0) return;
  if (edgeRow.length < w) edgeRow = new Float64Array(w);
  const acc = edgeRow;
  for (let m = m0; m < m1; m++) {
    acc.fill(0, 0, w);
    for (let k = 0; k < K; k++) {
      const av = a[m * aRow + k * aK];
      const bo = k * N + n0;
      for (let n = 0; n < w; n++) acc[n] += av * b[bo + n];
    }
    for (let n = 0; n < w; n++) c[m * N + n0 + n] += acc[n];
  }
}

function store(c: Arr, at: number, row: Float64Array, N: number, accumulate: boolean): void {
  if (accumulate) for (let n = 0; n < N; n++) c[at + n] += row[n];
  else for (let n = 0; n < N; n++) c[at + n] = row[n];
}

/** out[n] = Σ_m a[m][n] (bias gradients). */
export function colSum(a: Arr, M: number, N: number, out: Arr): void {
  const acc = new Float64Array(N);
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) acc[n] += a[m * N + n];
  for (let n = 0; n < N; n++) out[n] = acc[n];
}
