// A rough estimate of the GPU memory one training run takes, for the app's Model panel: the flat
// parameter, gradient and optimizer-state buffers, the uploaded series, and the per-batch activations
// BPTT keeps for every timestep. It is an estimate (the runtime adds alignment and small buffers).
import { buildLayout } from './layout.ts';
import { type OptimizerKind, optimizerSlots } from './optimizer.ts';
import { layerInputSize, type ModelSpec, outputSize } from './spec.ts';

export interface MemoryEstimate {
  params: number;
  optimizer: number;
  activations: number;
  data: number;
  total: number;
}

export function estimateTrainingBytes(
  spec: ModelSpec,
  batchSize: number,
  rows: number,
  optimizer: OptimizerKind,
): MemoryEstimate {
  const f = 4;
  const layout = buildLayout(spec);
  const params = layout.total * f * 2; // weights + gradients
  const optimizerBytes = layout.trainable * f * optimizerSlots(optimizer);
  const T = spec.window;
  const B = batchSize;
  let act = 0;
  spec.lstm.forEach((l, i) => {
    const H = l.units;
    // Z (input projection), gate activations and dZ: 4H each; c, tanh(c), h: H each; dX to the layer below.
    act += T * B * (12 * H + 3 * H + layerInputSize(spec, i));
    if (l.norm) act += 3 * T * B * H;
    if (l.dropout > 0) act += T * B * H;
  });
  act += 4 * B * outputSize(spec);
  const activations = act * f;
  const data = rows * (spec.inputSize + spec.targets) * f;
  return {
    params,
    optimizer: optimizerBytes,
    activations,
    data,
    total: params + optimizerBytes + activations + data,
  };
}

/** "1.2 MB" */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
