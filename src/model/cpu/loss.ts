// CPU twin of src/shaders/loss.wgsl: fused loss forward + gradient on the head outputs.
// Rows ≥ `count` are batch padding: they get zero gradient and add nothing to the loss.
import type { LossKind } from '../spec.ts';
import type { Arr } from './arrays.ts';

export interface LossArgs {
  kind: LossKind;
  huberDelta: number;
  /** Head units per row (O). */
  outputs: number;
  /** Classification: classes per softmax group (K); regression: 0. */
  classes: number;
  count: number;
}

/**
 * pred (B, O) → returns the mean loss over valid rows; writes dPred (B, O) and, for classification,
 * replaces pred with the softmax probabilities. target: (B, O) values or (B, O / K) class indices.
 */
export function lossForwardBackward(pred: Arr, target: Arr, dPred: Arr, B: number, a: LossArgs): number {
  const O = a.outputs;
  dPred.fill(0);
  let total = 0;
  if (a.kind === 'crossentropy') {
    const K = a.classes;
    const steps = O / K;
    const scale = 1 / (a.count * steps);
    for (let b = 0; b < a.count; b++) {
      for (let s = 0; s < steps; s++) {
        const o = b * O + s * K;
        let mx = -Infinity;
        for (let k = 0; k < K; k++) mx = Math.max(mx, pred[o + k]);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += Math.exp(pred[o + k] - mx);
        const label = target[b * steps + s];
        total += Math.log(sum) + mx - pred[o + label];
        for (let k = 0; k < K; k++) {
          const p = Math.exp(pred[o + k] - mx) / sum;
          pred[o + k] = p;
          dPred[o + k] = (p - (k === label ? 1 : 0)) * scale;
        }
      }
    }
    // Padding rows still get probabilities so predict() can read them.
    for (let b = a.count; b < B; b++) softmaxRows(pred, b * O, steps, K);
    return total * scale;
  }
  const scale = 1 / (a.count * O);
  const d = a.huberDelta;
  for (let i = 0; i < a.count * O; i++) {
    const x = pred[i] - target[i];
    const ax = Math.abs(x);
    if (a.kind === 'mse') {
      total += x * x;
      dPred[i] = 2 * x * scale;
    } else if (a.kind === 'mae') {
      total += ax;
      dPred[i] = Math.sign(x) * scale;
    } else {
      total += ax <= d ? 0.5 * x * x : d * (ax - 0.5 * d);
      dPred[i] = (ax <= d ? x : d * Math.sign(x)) * scale;
    }
  }
  return total * scale;
}

function softmaxRows(p: Arr, off: number, steps: number, K: number): void {
  for (let s = 0; s < steps; s++) {
    const o = off + s * K;
    let mx = -Infinity;
    for (let k = 0; k < K; k++) mx = Math.max(mx, p[o + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(p[o + k] - mx);
    for (let k = 0; k < K; k++) p[o + k] = Math.exp(p[o + k] - mx) / sum;
  }
}
