// Keras default initialisers: Glorot-uniform kernels, orthogonal recurrent kernels, zero bias with the
// forget-gate block set to 1 (unit_forget_bias). One Rng draws everything in a fixed order.
import { buildLayout, DENSE_KERNEL, entry, lstmParamNames, normParamNames, view } from './layout.ts';
import { Rng } from './random.ts';
import type { ModelSpec } from './spec.ts';

function glorotUniform(out: Float32Array, fanIn: number, fanOut: number, rng: Rng): void {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-limit, limit);
}

/**
 * Orthogonal [rows, cols] (Keras `Orthogonal`): QR of a normal matrix of the taller orientation, so a
 * recurrent kernel [H, 4H] has orthonormal rows. Modified Gram–Schmidt in float64.
 */
export function orthogonal(out: Float32Array, rows: number, cols: number, rng: Rng): void {
  const tall = Math.max(rows, cols);
  const narrow = Math.min(rows, cols);
  // q: `narrow` column vectors of length `tall`, stored column by column.
  const q = new Float64Array(tall * narrow);
  for (let i = 0; i < q.length; i++) q[i] = rng.normal();
  for (let j = 0; j < narrow; j++) {
    const cj = q.subarray(j * tall, (j + 1) * tall);
    for (let k = 0; k < j; k++) {
      const ck = q.subarray(k * tall, (k + 1) * tall);
      let dot = 0;
      for (let i = 0; i < tall; i++) dot += ck[i] * cj[i];
      for (let i = 0; i < tall; i++) cj[i] -= dot * ck[i];
    }
    let norm = 0;
    for (let i = 0; i < tall; i++) norm += cj[i] * cj[i];
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < tall; i++) cj[i] /= norm;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows >= cols: column c of q is column c of the result; else row r of the result is column r of q.
      out[r * cols + c] = rows >= cols ? q[c * tall + r] : q[r * tall + c];
    }
  }
}

export function initParams(spec: ModelSpec, seed: number): Float32Array {
  const layout = buildLayout(spec);
  const flat = new Float32Array(layout.total);
  const rng = new Rng(seed);
  spec.lstm.forEach((layer, l) => {
    const n = lstmParamNames(l);
    const k = entry(layout, n.kernel);
    glorotUniform(view(flat, k), k.shape[0], k.shape[1], rng);
    orthogonal(view(flat, entry(layout, n.recurrentKernel)), layer.units, 4 * layer.units, rng);
    view(flat, entry(layout, n.bias)).fill(1, layer.units, 2 * layer.units);
    if (layer.norm) {
      const m = normParamNames(l);
      view(flat, entry(layout, m.gamma)).fill(1);
      if (layer.norm.kind === 'batch') view(flat, entry(layout, m.movingVariance)).fill(1);
    }
  });
  const d = entry(layout, DENSE_KERNEL);
  glorotUniform(view(flat, d), d.shape[0], d.shape[1], rng);
  return flat;
}
