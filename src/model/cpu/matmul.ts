// CPU twin of src/shaders/matmul.wgsl: C[M,N] (=|+=) op(A)·op(B) (+ bias), row-major, with element offsets.
import type { Arr } from './arrays.ts';

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
  const row = new Float64Array(N);
  for (let m = 0; m < M; m++) {
    if (bias) for (let n = 0; n < N; n++) row[n] = bias[n];
    else row.fill(0);
    for (let k = 0; k < K; k++) {
      const av = transA ? a[k * M + m] : a[m * K + k];
      if (av === 0) continue;
      if (transB) for (let n = 0; n < N; n++) row[n] += av * b[n * K + k];
      else {
        const bo = k * N;
        for (let n = 0; n < N; n++) row[n] += av * b[bo + n];
      }
    }
    const co = m * N;
    if (accumulate) for (let n = 0; n < N; n++) c[co + n] += row[n];
    else for (let n = 0; n < N; n++) c[co + n] = row[n];
  }
}

/** out[n] = Σ_m a[m][n] (bias gradients). */
export function colSum(a: Arr, M: number, N: number, out: Arr): void {
  const acc = new Float64Array(N);
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) acc[n] += a[m * N + n];
  for (let n = 0; n < N; n++) out[n] = acc[n];
}
