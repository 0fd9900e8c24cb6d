// CPU twin of the LSTM kernels. B = batch, T = timesteps, H = units, I = input size.
// Gate order i, f, g, o (Keras). Activations are time-major.
//   gates (T, B, 4H): activated i, f, g, o      c, h ((T+1), B, H): slot 0 is the zero initial state
import type { Arr } from './arrays.ts';
import { colSum, matmul } from './matmul.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface LstmCache {
  gates: Arr;
  c: Arr;
  h: Arr;
}

/** Per-layer scratch of the backward pass, allocated once by the runtime (nothing allocates per batch). */
export interface LstmScratch {
  /** (4H, H): the recurrent kernel transposed, so dh = dZ·Uᵀ is a plain row-major matmul. */
  uT: Arr;
  /** (4H, I): the input kernel transposed, for dX = dZ·Wᵀ. */
  wT: Arr;
  /** (B, H): the gradient on h[t] of the step being worked on. */
  dh: Arr;
  /** (B, H): the gradient on c[t] carried to step t-1. */
  dc: Arr;
}

/** Forward over all timesteps: one input projection, then the fused cell per step. */
export function lstmForward(
  x: Arr, // (T, B, I)
  kernel: Arr, // (I, 4H)
  recurrent: Arr, // (H, 4H)
  bias: Arr, // (4H)
  T: number,
  B: number,
  I: number,
  H: number,
  cache: LstmCache,
): void {
  const G = 4 * H;
  const { gates, c, h } = cache;
  // Z = X·W + b for every timestep at once, written straight into `gates`.
  matmul(x, kernel, gates, { M: T * B, N: G, K: I, bias });
  c.fill(0, 0, B * H);
  h.fill(0, 0, B * H);
  for (let t = 0; t < T; t++) {
    // z[t] += h[t-1]·U for the whole batch at once (h slot t holds h[t-1]; zero at t = 0).
    if (t > 0) {
      matmul(h.subarray(t * B * H, (t + 1) * B * H), recurrent, gates.subarray(t * B * G, (t + 1) * B * G), {
        M: B,
        N: G,
        K: H,
        accumulate: true,
      });
    }
    for (let b = 0; b < B; b++) {
      const zo = (t * B + b) * G;
      const hp = (t * B + b) * H; // c[t-1] in slot t
      const so = hp + B * H; // slot t+1
      for (let j = 0; j < H; j++) {
        const ig = sigmoid(gates[zo + j]);
        const fg = sigmoid(gates[zo + H + j]);
        const gg = Math.tanh(gates[zo + 2 * H + j]);
        const og = sigmoid(gates[zo + 3 * H + j]);
        const cv = fg * c[hp + j] + ig * gg;
        gates[zo + j] = ig;
        gates[zo + H + j] = fg;
        gates[zo + 2 * H + j] = gg;
        gates[zo + 3 * H + j] = og;
        c[so + j] = cv;
        h[so + j] = og * Math.tanh(cv);
      }
    }
  }
}

export interface LstmGrads {
  kernel: Arr;
  recurrent: Arr;
  bias: Arr;
  /** (T, B, I) gradient to the layer below, or null for the first layer. */
  dx: Arr | null;
}

/** BPTT: per step dh = dhOut[t] + dZ[t+1]·Uᵀ and the cell derivatives into dZ[t]; then the weight
 * gradients as big matmuls over all steps. */
export function lstmBackward(
  x: Arr, // (T, B, I) the layer's input
  kernel: Arr,
  recurrent: Arr,
  dhOut: Arr, // (T, B, H) gradient on this layer's outputs
  cache: LstmCache,
  T: number,
  B: number,
  I: number,
  H: number,
  dz: Arr, // (T, B, 4H) scratch
  scratch: LstmScratch,
  out: LstmGrads,
): void {
  const G = 4 * H;
  const { gates, c, h } = cache;
  const { uT, dh, dc } = scratch;
  transpose(recurrent, H, G, uT);
  dc.fill(0, 0, B * H);
  for (let t = T - 1; t >= 0; t--) {
    dh.set(dhOut.subarray(t * B * H, (t + 1) * B * H));
    if (t < T - 1) {
      matmul(dz.subarray((t + 1) * B * G, (t + 2) * B * G), uT, dh, { M: B, N: H, K: G, accumulate: true });
    }
    for (let b = 0; b < B; b++) {
      const go = (t * B + b) * G;
      const cPrev = (t * B + b) * H;
      const cNow = cPrev + B * H;
      const r = b * H;
      for (let j = 0; j < H; j++) {
        const ig = gates[go + j];
        const fg = gates[go + H + j];
        const gg = gates[go + 2 * H + j];
        const og = gates[go + 3 * H + j];
        const tc = Math.tanh(c[cNow + j]);
        const dhj = dh[r + j];
        const dcj = dhj * og * (1 - tc * tc) + dc[r + j];
        dz[go + j] = dcj * gg * ig * (1 - ig);
        dz[go + H + j] = dcj * c[cPrev + j] * fg * (1 - fg);
        dz[go + 2 * H + j] = dcj * ig * (1 - gg * gg);
        dz[go + 3 * H + j] = dhj * tc * og * (1 - og);
        dc[r + j] = dcj * fg;
      }
    }
  }
  // dW = Xᵀ·dZ, dU = H₋₁ᵀ·dZ, db = Σ dZ, dX = dZ·Wᵀ. h slot t is h[t-1]; slot 0 (h[-1] = 0) adds nothing.
  matmul(x, dz, out.kernel, { M: I, N: G, K: T * B, transA: true });
  matmul(h.subarray(B * H, T * B * H), dz.subarray(B * G, T * B * G), out.recurrent, {
    M: H,
    N: G,
    K: (T - 1) * B,
    transA: true,
  });
  colSum(dz, T * B, G, out.bias);
  if (out.dx) {
    transpose(kernel, I, G, scratch.wT);
    matmul(dz, scratch.wT, out.dx, { M: T * B, N: I, K: G });
  }
}

/** out (cols, rows) = aᵀ for a (rows, cols), row-major. */
function transpose(a: Arr, rows: number, cols: number, out: Arr): void {
  for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) out[k * rows + r] = a[r * cols + k];
}
