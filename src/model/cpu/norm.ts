// CPU twins of src/shaders/batch_norm*.wgsl and layer_norm*.wgsl. Input/output are (T, B, H) time-major
// sequences; rows = T·B. Rows whose batch index b ≥ count are batch padding: they take no part in batch
// statistics and get zero gradient.
import type { Arr } from './arrays.ts';

export interface NormDims {
  T: number;
  B: number;
  H: number;
  count: number;
  epsilon: number;
}

// ---- Batch normalization (Keras BatchNormalization over batch and time, axis = -1) ----
// Training: per-feature mean/variance (biased) over the valid rows; moving statistics updated as
//   moving = momentum·moving + (1 − momentum)·batch. Inference: the moving statistics.
//   stats (2H): mean[H], rstd[H] of the forward pass, kept for backward.

export function batchNormForward(
  x: Arr,
  y: Arr,
  gamma: Arr,
  beta: Arr,
  movingMean: Arr,
  movingVar: Arr,
  stats: Arr,
  d: NormDims & { momentum: number; training: boolean },
): void {
  const { T, B, H, count, epsilon } = d;
  const n = T * count;
  for (let j = 0; j < H; j++) {
    let mean: number;
    let variance: number;
    if (d.training) {
      let s = 0;
      for (let t = 0; t < T; t++) for (let b = 0; b < count; b++) s += x[(t * B + b) * H + j];
      mean = s / n;
      let q = 0;
      for (let t = 0; t < T; t++) for (let b = 0; b < count; b++) q += (x[(t * B + b) * H + j] - mean) ** 2;
      variance = q / n;
      movingMean[j] = d.momentum * movingMean[j] + (1 - d.momentum) * mean;
      movingVar[j] = d.momentum * movingVar[j] + (1 - d.momentum) * variance;
    } else {
      mean = movingMean[j];
      variance = movingVar[j];
    }
    const rstd = 1 / Math.sqrt(variance + epsilon);
    stats[j] = mean;
    stats[H + j] = rstd;
    for (let r = 0; r < T * B; r++) y[r * H + j] = gamma[j] * (x[r * H + j] - mean) * rstd + beta[j];
  }
}

/**
 * In place: dy (grad on the output) becomes dx. Writes dGamma, dBeta. In training mode the statistics
 * depend on x (the full batch-norm gradient); in inference mode they are constants (an affine map).
 */
export function batchNormBackward(
  x: Arr,
  dy: Arr,
  gamma: Arr,
  stats: Arr,
  dGamma: Arr,
  dBeta: Arr,
  d: NormDims & { training: boolean },
): void {
  const { T, B, H, count } = d;
  const n = T * count;
  const k = d.training ? 1 / n : 0;
  for (let j = 0; j < H; j++) {
    const mean = stats[j];
    const rstd = stats[H + j];
    let sdy = 0;
    let sdyx = 0;
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < count; b++) {
        const i = (t * B + b) * H + j;
        sdy += dy[i];
        sdyx += dy[i] * (x[i] - mean) * rstd;
      }
    }
    dBeta[j] = sdy;
    dGamma[j] = sdyx;
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const i = (t * B + b) * H + j;
        const xh = (x[i] - mean) * rstd;
        dy[i] = b < count ? gamma[j] * rstd * (dy[i] - sdy * k - xh * sdyx * k) : 0;
      }
    }
  }
}

// ---- Layer normalization (Keras LayerNormalization, axis = -1): per row over its H features ----
//   stats (2·T·B): mean and rstd per row, kept for backward.

export function layerNormForward(x: Arr, y: Arr, gamma: Arr, beta: Arr, stats: Arr, d: NormDims): void {
  const { T, B, H, epsilon } = d;
  const rows = T * B;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < H; j++) s += x[r * H + j];
    const mean = s / H;
    let q = 0;
    for (let j = 0; j < H; j++) q += (x[r * H + j] - mean) ** 2;
    const rstd = 1 / Math.sqrt(q / H + epsilon);
    stats[r] = mean;
    stats[rows + r] = rstd;
    for (let j = 0; j < H; j++) y[r * H + j] = gamma[j] * (x[r * H + j] - mean) * rstd + beta[j];
  }
}

/** In place: dy becomes dx. Writes dGamma, dBeta (sums over rows; padding rows have dy = 0). */
export function layerNormBackward(
  x: Arr,
  dy: Arr,
  gamma: Arr,
  stats: Arr,
  dGamma: Arr,
  dBeta: Arr,
  d: NormDims,
): void {
  const { T, B, H } = d;
  const rows = T * B;
  dGamma.fill(0);
  dBeta.fill(0);
  for (let r = 0; r < rows; r++) {
    const mean = stats[r];
    const rstd = stats[rows + r];
    let sg = 0;
    let sgx = 0;
    for (let j = 0; j < H; j++) {
      const i = r * H + j;
      const xh = (x[i] - mean) * rstd;
      dGamma[j] += dy[i] * xh;
      dBeta[j] += dy[i];
      const g = dy[i] * gamma[j];
      sg += g;
      sgx += g * xh;
    }
    for (let j = 0; j < H; j++) {
      const i = r * H + j;
      const xh = (x[i] - mean) * rstd;
      dy[i] = rstd * (dy[i] * gamma[j] - sg / H - (xh * sgx) / H);
    }
  }
}
