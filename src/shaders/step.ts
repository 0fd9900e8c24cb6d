// The per-batch uniform: the only values that change between batches. Written with queue.writeBuffer
// right before each batch's single submit (queue order makes it visible to that submit only).
// WGSL twin: `struct Step` in gather.wgsl, loss.wgsl, dropout.wgsl and optimizer.wgsl.

export const STEP_BYTES = 32;

export interface StepValues {
  /** Offset of the batch in the bound window-order buffer. */
  start: number;
  /** Valid windows in the batch. */
  count: number;
  /** Optimizer step (from 1); also the dropout mask counter. */
  step: number;
  /** Loss-log slot to write this batch's mean loss to. */
  slot: number;
  lr: number;
  /** Adam: lr / (1 - β1^t). */
  lrOverBc1: number;
  /** Adam: 1 / sqrt(1 - β2^t). */
  invSqrtBc2: number;
  /** 1 when dropout is active (training), 0 for inference. */
  training: number;
}

export function packStep(v: StepValues, out: ArrayBuffer = new ArrayBuffer(STEP_BYTES)): ArrayBuffer {
  const u = new Uint32Array(out);
  const f = new Float32Array(out);
  u[0] = v.start;
  u[1] = v.count;
  u[2] = v.step;
  u[3] = v.slot;
  f[4] = v.lr;
  f[5] = v.lrOverBc1;
  f[6] = v.invSqrtBc2;
  u[7] = v.training;
  return out;
}
