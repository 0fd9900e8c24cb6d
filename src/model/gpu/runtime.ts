// The WebGPU runtime: every buffer of one model's training run, the dispatch lists recorded once at
// construction, and one command encoder + one submit per batch. Nothing is allocated per batch: the batch's
// only changing values go through one small uniform written with queue.writeBuffer before its submit.
// Mirrors src/model/cpu/runtime.ts step by step (the reference).
import { BufferArena, readBuffer } from '../../gpu/arena.ts';
import { type Dispatch, encode } from '../../gpu/kernel.ts';
import { colsumDispatch } from '../../shaders/colsum.ts';
import { dropoutBackwardDispatch, dropoutDispatch } from '../../shaders/dropout.ts';
import { gatherDispatch } from '../../shaders/gather.ts';
import { lossDispatch } from '../../shaders/loss.ts';
import { cellBackwardDispatches, cellForwardDispatches, timestepUniform } from '../../shaders/lstm_cell.ts';
import { matmulDispatch } from '../../shaders/matmul.ts';
import { type NormLayerSpec, normBackwardDispatches, normForwardDispatches } from '../../shaders/norm.ts';
import { NORM_GROUPS, optimizerDispatches } from '../../shaders/optimizer.ts';
import { packStep, STEP_BYTES, type StepValues } from '../../shaders/step.ts';
import type { GradientResult, ModelRuntime, RuntimeOptions, SeriesData, TrainStep } from '../backend.ts';
import { layerDropoutSeed } from '../cpu/dropout.ts';
import {
  buildLayout,
  DENSE_BIAS,
  DENSE_KERNEL,
  entry,
  lstmParamNames,
  normParamNames,
  type ParamLayout,
} from '../layout.ts';
import { optimizerSlots } from '../optimizer.ts';
import { layerInputSize, type ModelSpec, outputSize, targetSize, validateSpec } from '../spec.ts';

interface LayerBuffers {
  H: number;
  I: number;
  gates: GPUBuffer; // (T, B, 4H)
  c: GPUBuffer; // ((T+1), B, H)
  h: GPUBuffer; // ((T+1), B, H)
  normed: GPUBuffer | null; // (T, B, H)
  /** What the norm kernels need (null without normalization). */
  norm: NormLayerSpec | null;
  dropped: GPUBuffer | null; // (T, B, H)
  dz: GPUBuffer; // (T, B, 4H)
  dh: GPUBuffer; // (T, B, H)
  carry: GPUBuffer; // (B, H)
  uT: GPUBuffer; // (4H, H) transposed recurrent kernel for the backward steps
}

/** Where a layer's output sequence (T, B, H) lives: after dropout, after normalization, or h slots 1..T. */
function outputOf(L: LayerBuffers, B: number): { buffer: GPUBuffer; offset: number } {
  const last = L.dropped ?? L.normed;
  return last ? { buffer: last, offset: 0 } : { buffer: L.h, offset: B * L.H };
}

const LOSS_RING = 8;

export interface KernelTime {
  kernel: string;
  label: string;
  dispatches: number;
  /** Device time per training step, summed over this row's dispatches. */
  ms: number;
}

export class GpuRuntime implements ModelRuntime {
  readonly layout: ParamLayout;
  readonly batchSize: number;
  readonly arena: BufferArena;
  private readonly device: GPUDevice;
  private readonly O: number;
  private readonly params: GPUBuffer;
  private readonly grads: GPUBuffer;
  private readonly state: GPUBuffer[];
  private readonly stepBuf: GPUBuffer;
  private readonly stepData = new ArrayBuffer(STEP_BYTES);
  private readonly x0: GPUBuffer;
  private readonly y: GPUBuffer;
  private readonly pred: GPUBuffer;
  private readonly layers: LayerBuffers[];
  private readonly core: Dispatch[]; // LSTM stack + dense head, after gather
  private readonly backward: Dispatch[];
  private readonly update: Dispatch[];
  private readonly lossTrain: Dispatch;
  private readonly lossEval: Dispatch;
  private readonly trainLog: GPUBuffer;
  private readonly evalLog: GPUBuffer;
  private readonly ring: { buf: GPUBuffer; busy: boolean }[];
  private series: { x: GPUBuffer; y: GPUBuffer; rows: number } | null = null;
  private trainOrder: GPUBuffer | null = null;
  private evalOrder: GPUBuffer | null = null;
  private predictOut: GPUBuffer | null = null;
  private gatherTrain: Dispatch | null = null;
  private gatherEval: Dispatch | null = null;
  private disposed = false;

  constructor(
    device: GPUDevice,
    readonly spec: ModelSpec,
    private readonly opts: RuntimeOptions,
    /** Kernel strategy: workgroup-memory tiles (GPUs) or direct loads (CPU emulators); see kernels.ts. */
    private readonly tiled = true,
    private readonly maxBatchesPerEpoch = 4096,
  ) {
    validateSpec(spec);
    this.device = device;
    this.arena = new BufferArena(device);
    const a = this.arena;
    this.layout = buildLayout(spec);
    const B = (this.batchSize = opts.batchSize);
    const T = spec.window;
    const total = this.layout.total;
    const O = (this.O = outputSize(spec));
    this.params = a.storage('params', total);
    this.grads = a.storage('grads', total);
    this.state = Array.from({ length: optimizerSlots(opts.optimizer.kind) }, (_, i) =>
      a.storage(`opt.s${i}`, total),
    );
    const partials = a.storage('grad_norm.partials', NORM_GROUPS);
    this.stepBuf = a.create('step', STEP_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const timesteps = timestepUniform(a, T);
    this.x0 = a.storage('x0', T * B * spec.inputSize);
    this.y = a.storage('y', B * targetSize(spec));
    this.pred = a.storage('pred', B * O);
    const dPred = a.storage('dPred', B * O);
    this.trainLog = a.storage('loss.train', maxBatchesPerEpoch);
    this.evalLog = a.storage('loss.eval', maxBatchesPerEpoch);
    this.ring = Array.from({ length: LOSS_RING }, (_, i) => ({
      buf: a.create(`loss.readback${i}`, 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),
      busy: false,
    }));

    const off = (name: string) => entry(this.layout, name).offset;
    this.layers = spec.lstm.map((l, i) => {
      const H = l.units;
      const h = a.storage(`lstm${i}.h`, (T + 1) * B * H);
      const m = normParamNames(i);
      const norm: NormLayerSpec | null = l.norm
        ? {
            label: `norm${i}`,
            norm: l.norm,
            T,
            B,
            H,
            x: h,
            xOff: B * H,
            gammaOff: off(m.gamma),
            betaOff: off(m.beta),
            meanOff: l.norm.kind === 'batch' ? off(m.movingMean) : 0,
            varOff: l.norm.kind === 'batch' ? off(m.movingVariance) : 0,
            params: this.params,
            step: this.stepBuf,
            stats: a.storage(`norm${i}.stats`, 2 * (l.norm.kind === 'batch' ? H : T * B)),
          }
        : null;
      return {
        H,
        I: layerInputSize(spec, i),
        gates: a.storage(`lstm${i}.gates`, T * B * 4 * H),
        c: a.storage(`lstm${i}.c`, (T + 1) * B * H),
        h,
        normed: l.norm ? a.storage(`norm${i}.out`, T * B * H) : null,
        norm,
        dropped: l.dropout > 0 ? a.storage(`lstm${i}.dropped`, T * B * H) : null,
        dz: a.storage(`lstm${i}.dz`, T * B * 4 * H),
        dh: a.storage(`lstm${i}.dh`, T * B * H),
        carry: a.storage(`lstm${i}.carry`, B * H),
        uT: a.storage(`lstm${i}.uT`, 4 * H * H),
      };
    });

    const p = (name: string) => ({ buffer: this.params, offset: off(name) });
    const g = (name: string) => ({ buffer: this.grads, offset: off(name) });

    // Forward: per layer one input projection for all timesteps, T fused cell steps, optional dropout.
    this.core = [];
    this.layers.forEach((L, l) => {
      const n = lstmParamNames(l);
      const input = l === 0 ? { buffer: this.x0, offset: 0 } : outputOf(this.layers[l - 1], B);
      this.core.push(
        matmulDispatch(a, {
          tiled: this.tiled,
          label: `lstm${l}.inproj`,
          M: T * B,
          N: 4 * L.H,
          K: L.I,
          a: input,
          b: p(n.kernel),
          bias: p(n.bias),
          c: { buffer: L.gates },
        }),
      );
      this.core.push(
        ...cellForwardDispatches(a, {
          label: `lstm${l}`,
          T,
          B,
          H: L.H,
          uOff: off(n.recurrentKernel),
          params: this.params,
          timesteps,
          tiled: this.tiled,
          gates: L.gates,
          c: L.c,
          h: L.h,
        }),
      );
      if (L.norm && L.normed) this.core.push(...normForwardDispatches(a, { ...L.norm, y: L.normed }));
      if (L.dropped) {
        const source = L.normed ? { buffer: L.normed, offset: 0 } : { buffer: L.h, offset: B * L.H };
        this.core.push(
          dropoutDispatch(a, {
            label: `lstm${l}.dropout`,
            n: T * B * L.H,
            rate: spec.lstm[l].dropout,
            seed: layerDropoutSeed(opts.seed, l),
            step: this.stepBuf,
            x: source.buffer,
            xOff: source.offset,
            y: L.dropped,
          }),
        );
      }
    });
    const last = this.layers[this.layers.length - 1];
    const lastOut = outputOf(last, B);
    const headIn = { buffer: lastOut.buffer, offset: lastOut.offset + (T - 1) * B * last.H };
    this.core.push(
      matmulDispatch(a, {
        tiled: this.tiled,
        label: 'dense.forward',
        M: B,
        N: O,
        K: last.H,
        a: headIn,
        b: p(DENSE_KERNEL),
        bias: p(DENSE_BIAS),
        c: { buffer: this.pred },
      }),
    );
    const lossSpec = {
      kind: spec.loss,
      B,
      O,
      classes: spec.classes,
      huberDelta: spec.huberDelta,
      step: this.stepBuf,
      pred: this.pred,
      target: this.y,
      dPred,
    };
    this.lossTrain = lossDispatch(a, { ...lossSpec, log: this.trainLog, label: 'loss.train' });
    this.lossEval = lossDispatch(a, { ...lossSpec, log: this.evalLog, label: 'loss.eval' });

    // Backward: the head, then each layer from the top, "in the reverse order of the forward pass".
    this.backward = [
      matmulDispatch(a, {
        tiled: this.tiled,
        label: 'dense.dW',
        M: last.H,
        N: O,
        K: B,
        transA: true,
        a: headIn,
        b: { buffer: dPred },
        c: g(DENSE_KERNEL),
      }),
      colsumDispatch(a, {
        label: 'dense.db',
        M: B,
        N: O,
        a: dPred,
        aOff: 0,
        c: this.grads,
        cOff: off(DENSE_BIAS),
      }),
      // Only the last timestep feeds the head; dh of the other steps stays zero from creation.
      matmulDispatch(a, {
        tiled: this.tiled,
        label: 'dense.dX',
        M: B,
        N: last.H,
        K: O,
        transB: true,
        a: { buffer: dPred },
        b: p(DENSE_KERNEL),
        c: { buffer: last.dh, offset: (T - 1) * B * last.H },
      }),
    ];
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const L = this.layers[l];
      const n = lstmParamNames(l);
      if (L.dropped) {
        this.backward.push(
          dropoutBackwardDispatch(a, {
            label: `lstm${l}.dropout.bwd`,
            n: T * B * L.H,
            rate: spec.lstm[l].dropout,
            seed: layerDropoutSeed(opts.seed, l),
            step: this.stepBuf,
            grad: L.dh,
          }),
        );
      }
      if (L.norm)
        this.backward.push(...normBackwardDispatches(a, { ...L.norm, grad: L.dh, grads: this.grads }));
      this.backward.push(
        ...cellBackwardDispatches(a, {
          label: `lstm${l}`,
          T,
          B,
          H: L.H,
          uOff: off(n.recurrentKernel),
          params: this.params,
          timesteps,
          tiled: this.tiled,
          gates: L.gates,
          c: L.c,
          dhOut: L.dh,
          dz: L.dz,
          carry: L.carry,
          uT: L.uT,
        }),
      );
      const input = l === 0 ? { buffer: this.x0, offset: 0 } : outputOf(this.layers[l - 1], B);
      const G = 4 * L.H;
      this.backward.push(
        matmulDispatch(a, {
          tiled: this.tiled,
          label: `lstm${l}.dW`,
          M: L.I,
          N: G,
          K: T * B,
          transA: true,
          a: input,
          b: { buffer: L.dz },
          c: g(n.kernel),
        }),
        // h slots 0..T-1 are h[t-1] for t = 0..T-1.
        matmulDispatch(a, {
          tiled: this.tiled,
          label: `lstm${l}.dU`,
          M: L.H,
          N: G,
          K: T * B,
          transA: true,
          a: { buffer: L.h },
          b: { buffer: L.dz },
          c: g(n.recurrentKernel),
        }),
        colsumDispatch(a, {
          label: `lstm${l}.db`,
          M: T * B,
          N: G,
          a: L.dz,
          aOff: 0,
          c: this.grads,
          cOff: off(n.bias),
        }),
      );
      if (l > 0) {
        this.backward.push(
          matmulDispatch(a, {
            tiled: this.tiled,
            label: `lstm${l}.dX`,
            M: T * B,
            N: L.I,
            K: G,
            transB: true,
            a: { buffer: L.dz },
            b: p(n.kernel),
            c: { buffer: this.layers[l - 1].dh },
          }),
        );
      }
    }
    const dummy = a.storage('opt.unused', 4);
    // Gradients, clipping and the optimizer cover the trainable prefix only (not batch-norm statistics).
    this.update = optimizerDispatches(a, {
      total: this.layout.trainable,
      cfg: opts.optimizer,
      clipNorm: opts.clipNorm,
      step: this.stepBuf,
      params: this.params,
      grads: this.grads,
      partials,
      s0: this.state[0] ?? dummy,
      s1: this.state[1] ?? dummy,
    });
  }

  setSeries(series: SeriesData): void {
    const a = this.arena;
    if (this.series) {
      a.destroy(this.series.x);
      a.destroy(this.series.y);
    }
    const x = a.storage('series.x', series.x.length);
    const y = a.storage('series.y', series.y.length);
    this.device.queue.writeBuffer(x, 0, series.x as Float32Array<ArrayBuffer>);
    this.device.queue.writeBuffer(y, 0, series.y as Float32Array<ArrayBuffer>);
    this.series = { x, y, rows: series.rows };
    this.gatherTrain = this.trainOrder ? this.makeGather(this.trainOrder) : null;
    this.gatherEval = this.evalOrder ? this.makeGather(this.evalOrder) : null;
  }

  setParams(flat: Float32Array): void {
    if (flat.length !== this.layout.total) {
      throw new RangeError(`expected ${this.layout.total} parameters, got ${flat.length}`);
    }
    this.device.queue.writeBuffer(this.params, 0, flat as Float32Array<ArrayBuffer>);
  }

  readParams(): Promise<Float32Array> {
    return readBuffer(this.device, this.params);
  }

  readOptimizerState(): Promise<Float32Array[]> {
    return Promise.all(this.state.map((s) => readBuffer(this.device, s)));
  }

  setTrainOrder(windowEnds: Int32Array): void {
    if (Math.ceil(windowEnds.length / this.batchSize) > this.maxBatchesPerEpoch) {
      throw new RangeError(`more than ${this.maxBatchesPerEpoch} batches per epoch; raise the batch size`);
    }
    if (!this.trainOrder || this.trainOrder.size < windowEnds.byteLength) {
      if (this.trainOrder) this.arena.destroy(this.trainOrder);
      this.trainOrder = this.arena.storage('order.train', windowEnds.length);
      this.gatherTrain = this.makeGather(this.trainOrder);
    }
    this.device.queue.writeBuffer(this.trainOrder, 0, windowEnds as Int32Array<ArrayBuffer>);
  }

  trainStep(s: TrainStep): Promise<number> | null {
    const gather = this.gatherTrain;
    if (!gather) throw new Error('setSeries and setTrainOrder come before trainStep');
    this.writeStep(this.trainingStep(s));
    const enc = this.device.createCommandEncoder({ label: 'train-step' });
    const pass = enc.beginComputePass({ label: 'train-step' });
    encode(pass, gather);
    for (const d of this.core) encode(pass, d);
    encode(pass, this.lossTrain);
    for (const d of this.backward) encode(pass, d);
    for (const d of this.update) encode(pass, d);
    pass.end();
    const slot = this.ring.find((r) => !r.busy);
    if (slot) enc.copyBufferToBuffer(this.trainLog, s.batch * 4, slot.buf, 0, 4);
    this.device.queue.submit([enc.finish()]);
    if (!slot) return null;
    slot.busy = true;
    return slot.buf.mapAsync(GPUMapMode.READ).then(
      () => {
        const v = new Float32Array(slot.buf.getMappedRange())[0];
        slot.buf.unmap();
        slot.busy = false;
        return v;
      },
      (e) => {
        slot.busy = false;
        throw e;
      },
    );
  }

  async readTrainLosses(batches: number): Promise<Float32Array> {
    if (batches === 0) return new Float32Array(0);
    return readBuffer(this.device, this.trainLog, 0, batches * 4);
  }

  async evaluate(windowEnds: Int32Array): Promise<number> {
    const n = windowEnds.length;
    if (n === 0) return Number.NaN;
    const chunks = this.runChunks(windowEnds, false);
    const losses = await readBuffer(this.device, this.evalLog, 0, chunks * 4);
    let total = 0;
    for (let c = 0; c < chunks; c++) total += losses[c] * Math.min(this.batchSize, n - c * this.batchSize);
    return total / n;
  }

  async predict(windowEnds: Int32Array): Promise<Float32Array> {
    if (windowEnds.length === 0) return new Float32Array(0);
    this.runChunks(windowEnds, true);
    return readBuffer(this.device, this.predictOut!, 0, windowEnds.length * this.O * 4);
  }

  async gradients(windowEnds: Int32Array, dropoutStep: number | null = null): Promise<GradientResult> {
    const n = windowEnds.length;
    if (n > this.batchSize) throw new RangeError('more windows than the batch size');
    const gather = this.prepareEval(windowEnds);
    this.writeStep({
      start: 0,
      count: n,
      step: dropoutStep ?? 0,
      slot: 0,
      lr: 0,
      lrOverBc1: 0,
      invSqrtBc2: 0,
      training: dropoutStep === null ? 0 : 1,
    });
    const enc = this.device.createCommandEncoder({ label: 'gradients' });
    const pass = enc.beginComputePass();
    encode(pass, gather);
    for (const d of this.core) encode(pass, d);
    encode(pass, this.lossEval);
    for (const d of this.backward) encode(pass, d);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    const [loss, outputs, grads] = await Promise.all([
      readBuffer(this.device, this.evalLog, 0, 4),
      readBuffer(this.device, this.pred, 0, n * this.O * 4),
      readBuffer(this.device, this.grads),
    ]);
    return { loss: loss[0], outputs, grads };
  }

  /**
   * Device time of each kernel in one training step. Every dispatch runs alone (`repeats` times in one
   * pass, then a wait), so kernels do not overlap and the total is a little above a real step's time;
   * an empty submit's round trip is subtracted. Dispatches with the same kernel and label (the T steps
   * of one layer's cell kernel) are summed into one row. Changes the parameters: use a throwaway runtime.
   */
  async profileStep(s: TrainStep, repeats = 3): Promise<KernelTime[]> {
    const gather = this.gatherTrain;
    if (!gather) throw new Error('setSeries and setTrainOrder come before profileStep');
    this.writeStep(this.trainingStep(s));
    const time = async (ds: Dispatch[]): Promise<number> => {
      const t0 = performance.now();
      const enc = this.device.createCommandEncoder({ label: 'profile' });
      const pass = enc.beginComputePass();
      for (let r = 0; r < repeats; r++) for (const d of ds) encode(pass, d);
      pass.end();
      this.device.queue.submit([enc.finish()]);
      await this.device.queue.onSubmittedWorkDone();
      return (performance.now() - t0) / repeats;
    };
    const empty = Math.min(await time([]), await time([]), await time([]));
    const rows = new Map<string, KernelTime>();
    const all = [gather, ...this.core, this.lossTrain, ...this.backward, ...this.update];
    for (const d of all) {
      const ms = Math.max(0, (await time([d])) - empty / repeats);
      const key = `${d.kernel.name}|${d.group.label}`;
      const row = rows.get(key) ?? { kernel: d.kernel.name, label: d.group.label, dispatches: 0, ms: 0 };
      row.dispatches++;
      row.ms += ms;
      rows.set(key, row);
    }
    return [...rows.values()];
  }

  /** Bytes of GPU memory this runtime holds now / at most. */
  get allocatedBytes(): number {
    return this.arena.allocatedBytes;
  }

  get peakBytes(): number {
    return this.arena.peakBytes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.arena.dispose();
  }

  /** The per-batch uniform of a training step (Adam's bias corrections folded into two factors). */
  private trainingStep(s: TrainStep): StepValues {
    const { beta1, beta2 } = this.opts.optimizer;
    return {
      start: s.start,
      count: s.count,
      step: s.step,
      slot: s.batch,
      lr: s.lr,
      lrOverBc1: s.lr / (1 - beta1 ** s.step),
      invSqrtBc2: 1 / Math.sqrt(1 - beta2 ** s.step),
      training: 1,
    };
  }

  private writeStep(v: StepValues): void {
    this.device.queue.writeBuffer(this.stepBuf, 0, packStep(v, this.stepData));
  }

  private makeGather(order: GPUBuffer): Dispatch {
    const s = this.series;
    if (!s) throw new Error('setSeries comes first');
    const spec = this.spec;
    return gatherDispatch(this.arena, {
      T: spec.window,
      B: this.batchSize,
      F: spec.inputSize,
      Ty: spec.targets,
      horizon: spec.horizon,
      rows: s.rows,
      step: this.stepBuf,
      seriesX: s.x,
      seriesY: s.y,
      order,
      x: this.x0,
      y: this.y,
    });
  }

  private prepareEval(windowEnds: Int32Array): Dispatch {
    if (!this.series) throw new Error('setSeries comes before evaluate/predict');
    if (!this.evalOrder || this.evalOrder.size < windowEnds.byteLength) {
      if (this.evalOrder) this.arena.destroy(this.evalOrder);
      this.evalOrder = this.arena.storage('order.eval', windowEnds.length);
      this.gatherEval = this.makeGather(this.evalOrder);
    }
    this.device.queue.writeBuffer(this.evalOrder, 0, windowEnds as Int32Array<ArrayBuffer>);
    return this.gatherEval!;
  }

  /** Forward (no dropout) over windows in batch-sized chunks, one submit each; returns the chunk count. */
  private runChunks(windowEnds: Int32Array, keepOutputs: boolean): number {
    const n = windowEnds.length;
    const B = this.batchSize;
    const chunks = Math.ceil(n / B);
    if (chunks > this.maxBatchesPerEpoch)
      throw new RangeError(`more than ${this.maxBatchesPerEpoch} evaluation batches`);
    const gather = this.prepareEval(windowEnds);
    const bytes = n * this.O * 4;
    if (keepOutputs && (!this.predictOut || this.predictOut.size < bytes)) {
      if (this.predictOut) this.arena.destroy(this.predictOut);
      this.predictOut = this.arena.storage('predict.out', n * this.O);
    }
    for (let c = 0; c < chunks; c++) {
      const count = Math.min(B, n - c * B);
      this.writeStep({
        start: c * B,
        count,
        step: 0,
        slot: c,
        lr: 0,
        lrOverBc1: 0,
        invSqrtBc2: 0,
        training: 0,
      });
      const enc = this.device.createCommandEncoder({ label: 'evaluate' });
      const pass = enc.beginComputePass();
      encode(pass, gather);
      for (const d of this.core) encode(pass, d);
      encode(pass, this.lossEval);
      pass.end();
      if (keepOutputs)
        enc.copyBufferToBuffer(this.pred, 0, this.predictOut!, c * B * this.O * 4, count * this.O * 4);
      this.device.queue.submit([enc.finish()]);
    }
    return chunks;
  }
}
