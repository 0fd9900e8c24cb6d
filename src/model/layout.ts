// The flat parameter layout: every tensor of the model in ONE buffer, each padded to a 64-float (256-byte)
// boundary so any tensor can also be bound on its own. Gradients and optimizer state use the same offsets,
// so clipping and the optimizer are single loops / single dispatches over everything.
import { layerInputSize, type ModelSpec, outputSize } from './spec.ts';

export const PARAM_ALIGN = 64;

export interface ParamEntry {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export interface ParamLayout {
  entries: ParamEntry[];
  /** Padded length of the flat buffer, in floats. */
  total: number;
  /**
   * Trainable parameters occupy [0, trainable); after them come the non-trainable batch-norm moving
   * statistics, which gradients, clipping and the optimizer never touch.
   */
  trainable: number;
  /** Sum of real parameter counts (no padding). */
  count: number;
}

export function lstmParamNames(l: number) {
  return {
    kernel: `lstm${l}.kernel`,
    recurrentKernel: `lstm${l}.recurrentKernel`,
    bias: `lstm${l}.bias`,
  };
}

export function normParamNames(l: number) {
  return {
    gamma: `norm${l}.gamma`,
    beta: `norm${l}.beta`,
    movingMean: `norm${l}.movingMean`,
    movingVariance: `norm${l}.movingVariance`,
  };
}

export const DENSE_KERNEL = 'dense.kernel';
export const DENSE_BIAS = 'dense.bias';

export function buildLayout(spec: ModelSpec): ParamLayout {
  const entries: ParamEntry[] = [];
  let offset = 0;
  let count = 0;
  const add = (name: string, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    entries.push({ name, shape, offset, size });
    offset += Math.ceil(size / PARAM_ALIGN) * PARAM_ALIGN;
    count += size;
  };
  spec.lstm.forEach((layer, l) => {
    const n = lstmParamNames(l);
    const inSize = layerInputSize(spec, l);
    const g = 4 * layer.units;
    add(n.kernel, [inSize, g]);
    add(n.recurrentKernel, [layer.units, g]);
    add(n.bias, [g]);
    if (layer.norm) {
      const m = normParamNames(l);
      add(m.gamma, [layer.units]);
      add(m.beta, [layer.units]);
    }
  });
  const last = spec.lstm[spec.lstm.length - 1].units;
  add(DENSE_KERNEL, [last, outputSize(spec)]);
  add(DENSE_BIAS, [outputSize(spec)]);
  const trainable = offset;
  spec.lstm.forEach((layer, l) => {
    if (layer.norm?.kind !== 'batch') return;
    const m = normParamNames(l);
    add(m.movingMean, [layer.units]);
    add(m.movingVariance, [layer.units]);
  });
  return { entries, total: offset, trainable, count };
}

export function entry(layout: ParamLayout, name: string): ParamEntry {
  const e = layout.entries.find((x) => x.name === name);
  if (!e) throw new Error(`no parameter named ${name}`);
  return e;
}

/** A view of one tensor inside a flat array (no copy). */
export function view<A extends Float32Array | Float64Array>(flat: A, e: ParamEntry): A {
  return flat.subarray(e.offset, e.offset + e.size) as A;
}
