// The interface both backends implement. A Backend owns a device (or nothing, for the CPU); a
// ModelRuntime owns every buffer of one model for one training run and frees them in dispose().
import type { ParamLayout } from './layout.ts';
import type { OptimizerConfig } from './optimizer.ts';
import type { ModelSpec } from './spec.ts';

/** A whole (scaled) series, uploaded once. Windows are cut from it by their last row's index. */
export interface SeriesData {
  rows: number;
  /** [rows][features] */
  x: Float32Array;
  /** [rows][targets]: scaled regression targets, or class indices (as floats) for classification. */
  y: Float32Array;
}

export interface RuntimeOptions {
  batchSize: number;
  optimizer: OptimizerConfig;
  /** Global-norm clipping threshold, or null for none. */
  clipNorm: number | null;
  /** Seed of the dropout masks. */
  seed: number;
  /**
   * GPU only: the largest binding of a sequence buffer (gates, c, h, dZ, …) to use; default and upper bound:
   * the device's maxStorageBufferBindingSize. Longer sequences are bound in time chunks; tests set a few KiB
   * to run every chunked path on small models. Other buffers are bound whole under the device's limit.
   */
  maxBindingBytes?: number;
}

export interface TrainStep {
  /** Offset of this batch in the order given to setTrainOrder. */
  start: number;
  /** Windows in this batch (≤ batchSize; the last batch of an epoch may be short). */
  count: number;
  /** Optimizer step, counting from 1 over the whole run. */
  step: number;
  lr: number;
  /** Index of this batch in the epoch (slot of the loss log). */
  batch: number;
}

export interface GradientResult {
  loss: number;
  /** [n][outputSize]: regression values or class probabilities. */
  outputs: Float32Array;
  /** Flat gradients in the parameter layout (unclipped). */
  grads: Float32Array;
}

export interface ModelRuntime {
  readonly spec: ModelSpec;
  readonly layout: ParamLayout;
  readonly batchSize: number;
  /** Most device memory this runtime has held, in bytes (GPU runtimes; undefined on the CPU). */
  readonly peakBytes?: number;
  setSeries(series: SeriesData): void;
  setParams(flat: Float32Array): void;
  readParams(): Promise<Float32Array>;
  /** Optimizer state slots (m, v or momentum buffers), flat in the parameter layout. */
  readOptimizerState(): Promise<Float32Array[]>;
  /** The shuffled window-end rows of this epoch's training windows. */
  setTrainOrder(windowEnds: Int32Array): void;
  /**
   * Enqueue one training step (forward, loss, backward, clip, update); never waits for the device.
   * Returns a promise of this batch's mean loss when a readback slot is free (read a batch or more
   * late, without stalling the queue), or null when all slots are busy.
   */
  trainStep(step: TrainStep): Promise<number> | null;
  /** Mean loss of each batch trained since the last setTrainOrder, in order. Waits for the GPU. */
  readTrainLosses(batches: number): Promise<Float32Array>;
  /** Mean loss over the given windows (no dropout). */
  evaluate(windowEnds: Int32Array): Promise<number>;
  /** Head outputs for the given windows, [n][outputSize] (softmax probabilities for classification). */
  predict(windowEnds: Int32Array): Promise<Float32Array>;
  /** Loss, outputs and unclipped gradients for one batch of windows (n ≤ batchSize), no update. */
  gradients(windowEnds: Int32Array): Promise<GradientResult>;
  dispose(): void;
}

export interface Backend {
  readonly kind: 'webgpu' | 'cpu';
  /** Adapter name, or a description of the CPU path. */
  readonly deviceName: string;
  createRuntime(spec: ModelSpec, opts: RuntimeOptions): ModelRuntime;
  /** Why the device stopped working (lost, or a validation/out-of-memory error), or null while healthy. */
  deviceError(): string | null;
  /**
   * deviceError() for a caller whose operation just failed. A lost device fails the work in flight first
   * (pending mapAsync calls reject) and reports the loss a moment later, so this waits up to `waitMs` for
   * the loss before answering; null then means the failure was not the device's.
   */
  failureAfterError(waitMs?: number): Promise<string | null>;
  dispose(): void;
}
