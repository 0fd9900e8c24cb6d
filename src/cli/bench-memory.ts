// The memory a training step cannot do without, from the model spec alone, to judge `peak_gpu_bytes` by
// (issue 6: peak ≤ 1.5× of it). Counted in float32:
//   parameters, gradients, optimizer state (Adam: m and v), each the size of the flat parameter vector;
//   the activations BPTT must keep for the backward sweep: the input window (T, B, F), and per LSTM layer
//   and timestep the four gate activations (4H), the cell state (H) and the hidden state (H); the head's
//   outputs (B, O). Everything else (gradient workspaces, data, loss logs) is overhead the ratio exposes.
import { buildLayout } from '../model/layout.ts';
import { optimizerSlots } from '../model/optimizer.ts';
import { outputSize } from '../model/spec.ts';
import { type Workload, workloadSpec } from './bench-workloads.ts';

export interface MemoryNeed {
  params: number;
  grads: number;
  optimizer: number;
  activations: number;
  /** Bytes, all four together. */
  total: number;
}

/** `batch`: the batch the runtime was built for (the trainer uses min(batch, windows) when --n is small). */
export function memoryNeed(w: Workload, batch = w.batch): MemoryNeed {
  const spec = workloadSpec(w);
  const P = buildLayout(spec).count * 4; // real parameters, not the 256-byte alignment padding
  const B = batch;
  const T = w.window;
  const perStep = w.layers.reduce((s, H) => s + 6 * H, w.features);
  const activations = 4 * (T * B * perStep + B * outputSize(spec));
  const optimizer = optimizerSlots('adam') * P;
  return { params: P, grads: P, optimizer, activations, total: 2 * P + optimizer + activations };
}

/** peak ÷ need, two decimals; null where the peak is unknown (CPU backend, peers). */
export function memoryRatio(w: Workload, peakBytes: number | null, batch = w.batch): number | null {
  if (peakBytes === null) return null;
  return Math.round((100 * peakBytes) / memoryNeed(w, batch).total) / 100;
}
