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
      const hp = (t * B + b) * H; // h[t-1] in slot t
      const z = gates.subarray(zo, zo + G);
      const so = ((t + 1) * B + b) * H;
      for (let j = 0; j < H; j++) {
        const ig = sigmoid(z[j]);
        const fg = sigmoid(z[H + j]);
        const gg = Math.tanh(z[2 * H + j]);
        const og = sigmoid(z[3 * H + j]);
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

/** BPTT: fused per-step backward into dZ, then the weight gradients as big matmuls over all steps. */
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
  out: LstmGrads,
): void {
  const G = 4 * H;
  const { gates, c, h } = cache;
  const dcCarry = new Float64Array(B * H);
  const dh = new Float64Array(H);
  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      const ho = (t * B + b) * H;
      for (let j = 0; j < H; j++) dh[j] = dhOut[ho + j];
      if (t < T - 1) {
        const no = ((t + 1) * B + b) * G;
        for (let j = 0; j < H; j++) {
          // Four independent sums: the additions need not wait on each other.
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          const uo = j * G;
          let k = 0;
          for (; k + 4 <= G; k += 4) {
            s0 += dz[no + k] * recurrent[uo + k];
            s1 += dz[no + k + 1] * recurrent[uo + k + 1];
            s2 += dz[no + k + 2] * recurrent[uo + k + 2];
            s3 += dz[no + k + 3] * recurrent[uo + k + 3];
          }
          for (; k < G; k++) s0 += dz[no + k] * recurrent[uo + k];
          dh[j] += s0 + s1 + s2 + s3;
        }
      }
      const go = (t * B + b) * G;
      const cNow = ((t + 1) * B + b) * H;
      const cPrev = (t * B + b) * H;
      for (let j = 0; j < H; j++) {
        const ig = gates[go + j];
        const fg = gates[go + H + j];
        const gg = gates[go + 2 * H + j];
        const og = gates[go + 3 * H + j];
        const tc = Math.tanh(c[cNow + j]);
        const dc = dh[j] * og * (1 - tc * tc) + dcCarry[b * H + j];
        dz[go + j] = dc * gg * ig * (1 - ig);
        dz[go + H + j] = dc * c[cPrev + j] * fg * (1 - fg);
        dz[go + 2 * H + j] = dc * ig * (1 - gg * gg);
        dz[go + 3 * H + j] = dh[j] * tc * og * (1 - og);
        dcCarry[b * H + j] = dc * fg;
      }
    }
  }
  // dW = Xᵀ·dZ, dU = H₋₁ᵀ·dZ (h slots 0..T-1 are h[t-1]), db = Σ dZ, dX = dZ·Wᵀ.
  matmul(x, dz, out.kernel, { M: I, N: G, K: T * B, transA: true });
  matmul(h, dz, out.recurrent, { M: H, N: G, K: T * B, transA: true });
  colSum(dz, T * B, G, out.bias);
  if (out.dx) matmul(dz, kernel, out.dx, { M: T * B, N: I, K: G, transB: true });
}
