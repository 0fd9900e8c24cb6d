// The WebGPU runtime: every buffer of one model's training run, the dispatch lists recorded once at
// construction, and one command encoder + one submit per batch. Nothing is allocated per batch: the batch's
// only changing values go through one small uniform written with queue.writeBuffer before its submit.
// Mirrors src/model/cpu/runtime.ts step by step (the reference). Sequence buffers longer than one storage
// binding allows are walked in time chunks (chunks.ts); with one chunk every buffer is bound whole.
import { BufferArena, readBuffer } from '../../gpu/arena.ts';
import { type Dispatch, encode } from '../../gpu/kernel.ts';
import { colsumDispatch, colsumDispatches } from '../../shaders/colsum.ts';
import { dropoutBackwardDispatch, dropoutDispatch } from '../../shaders/dropout.ts';
import { gatherDispatches } from '../../shaders/gather.ts';
import { lossDispatch } from '../../shaders/loss.ts';
import {
  cellBackwardDispatches,
  cellForwardDispatches,
  createTransposed,
  forwardTransposesU,
  fusesInputProjection,
  type TransposedStore,
  timestepUniform,
} from '../../shaders/lstm_cell.ts';
import { matmulDispatch, matmulDispatches } from '../../shaders/matmul.ts';
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
import { ChunkPlan, checkWholeBinding, type SequenceTensor } from './chunks.ts';

interface LayerBuffers {
  H: number;
  I: number;
  gates: GPUBuffer; // (T, B, 4H): Z, then the activated gates (forward), then dZ (backward, in place)
  c: GPUBuffer; // ((T+1), B, H)
  h: GPUBuffer; // ((T+1), B, H)
  normed: GPUBuffer | null; // (T, B, H)
  /** What the norm kernels need (null without normalization). */
  norm: NormLayerSpec | null;
  dropped: GPUBuffer | null; // (T, B, H)
  dh: GPUBuffer; // (T, B, H)
  carry: GPUBuffer; // (B, H)
  /** Uᵀ (4H, H) (and Wᵀ where the forward fuses the input projection), and h[t-1]'s textures, for the cell steps. */
  uT: TransposedStore;
}

/** The sequence buffers of one run, for the chunk plan: their timesteps and floats per timestep. */
function sequenceTensors(spec: ModelSpec, B: number): SequenceTensor[] {
  const T = spec.window;
  const F = spec.inputSize;
  const list: SequenceTensor[] = [
    { name: 'x0 (the input windows)', steps: T, stepFloats: B * F, perStep: `batch ${B} × features ${F}` },
  ];
  spec.lstm.forEach((l, i) => {
    const H = l.units;
    const gates = { steps: T, stepFloats: B * 4 * H, perStep: `batch ${B} × 4·units ${4 * H}` };
    const state = { stepFloats: B * H, perStep: `batch ${B} × units ${H}` };
    list.push(
      { name: `lstm${i}.gates (LSTM layer ${i + 1})`, ...gates },
      { name: `lstm${i}.c (LSTM layer ${i + 1})`, steps: T + 1, ...state },
      { name: `lstm${i}.h (LSTM layer ${i + 1})`, steps: T + 1, ...state },
      { name: `lstm${i}.dh (LSTM layer ${i + 1})`, steps: T, ...state },
    );
    if (l.norm) list.push({ name: `norm${i}.out (LSTM layer ${i + 1})`, steps: T, ...state });
    if (l.dropout > 0) list.push({ name: `lstm${i}.dropped (LSTM layer ${i + 1})`, steps: T, ...state });
  });
  return list;
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
  /** How the sequence buffers are bound: in one piece, or in time chunks. */
  readonly plan: ChunkPlan;
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
  private gatherTrain: Dispatch[] | null = null;
  private gatherEval: Dispatch[] | null = null;
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
    const B = (this.batchSize = opts.batchSize);
    const T = spec.window;
    const limit = device.limits.maxStorageBufferBindingSize;
    // Checked before anything is allocated: a model too large for this GPU fails with what to reduce.
    const plan = (this.plan = new ChunkPlan(T, sequenceTensors(spec, B), {
      maxBindingBytes: Math.min(opts.maxBindingBytes ?? limit, limit),
      maxBufferBytes: device.limits.maxBufferSize,
      alignment: device.limits.minStorageBufferOffsetAlignment,
    }));
    spec.lstm.forEach((l, i) => {
      if (l.norm?.kind === 'layer') {
        checkWholeBinding(
          `norm${i}.stats (layer norm statistics)`,
          2 * T * B * 4,
          limit,
          'the batch size or the window',
        );
      }
    });
    const win = (buffer: GPUBuffer, start: number, floats: number) => plan.window(buffer, start, floats);
    this.arena = new BufferArena(device);
    const a = this.arena;
    this.layout = buildLayout(spec);
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
            gammaOff: off(m.gamma),
            betaOff: off(m.beta),
            meanOff: l.norm.kind === 'batch' ? off(m.movingMean) : 0,
            varOff: l.norm.kind === 'batch' ? off(m.movingVariance) : 0,
            params: this.params,
            step: this.stepBuf,
            stats: a.storage(`norm${i}.stats`, 2 * (l.norm.kind === 'batch' ? H : T * B)),
          }
        : null;
      const I = layerInputSize(spec, i);
      return {
        H,
        I,
        gates: a.storage(`lstm${i}.gates`, T * B * 4 * H),
        c: a.storage(`lstm${i}.c`, (T + 1) * B * H),
        h,
        normed: l.norm ? a.storage(`norm${i}.out`, T * B * H) : null,
        norm,
        dropped: l.dropout > 0 ? a.storage(`lstm${i}.dropped`, T * B * H) : null,
        dh: a.storage(`lstm${i}.dh`, T * B * H),
        carry: a.storage(`lstm${i}.carry`, B * H),
        uT: createTransposed(a, { label: `lstm${i}.uT`, tiled: this.tiled, B, H, I }),
      };
    });

    const p = (name: string) => ({ buffer: this.params, offset: off(name) });
    const g = (name: string) => ({ buffer: this.grads, offset: off(name) });

    // Windows of (T, B, width) sequences from step t0, n steps: the whole buffer when there is one chunk.
    const steps = (buf: { buffer: GPUBuffer; offset: number }, width: number, t0: number, n: number) =>
      win(buf.buffer, buf.offset + t0 * B * width, n * B * width);
    const inputOf = (l: number) =>
      l === 0 ? { buffer: this.x0, offset: 0 } : outputOf(this.layers[l - 1], B);
    const chunks = plan.chunks;

    // Forward: per layer the input projection for all timesteps (per chunk), T fused cell steps, optional
    // normalization and dropout.
    this.core = [];
    this.layers.forEach((L, l) => {
      const n = lstmParamNames(l);
      const G = 4 * L.H;
      const input = inputOf(l);
      const gates = { buffer: L.gates, offset: 0 };
      const c = { buffer: L.c, offset: 0 };
      const h = { buffer: L.h, offset: 0 };
      const hOut = { buffer: L.h, offset: B * L.H }; // h slots 1..T: the LSTM's output steps
      // Narrow inputs on lavapipe: the forward step sums x·W + b itself (fusesInputProjection).
      const fused =
        fusesInputProjection(device, { tiled: this.tiled, H: L.H, I: L.I }) && input.offset % 4 === 0;
      for (const k of fused ? [] : chunks) {
        this.core.push(
          matmulDispatch(a, {
            tiled: this.tiled,
            label: `lstm${l}.inproj`,
            M: k.n * B,
            N: G,
            K: L.I,
            a: steps(input, L.I, k.t0, k.n),
            b: p(n.kernel),
            bias: p(n.bias),
            c: steps(gates, G, k.t0, k.n),
          }),
        );
      }
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
          uT: L.uT,
          input: fused ? { I: L.I, wOff: off(n.kernel), bOff: off(n.bias), origin: input.offset } : undefined,
          chunks: chunks.map((k) => ({
            ...k,
            gates: steps(gates, G, k.t0, k.n),
            c: steps(c, L.H, k.t0, k.n + 1),
            h: steps(h, L.H, k.t0, k.n + 1),
            x: fused ? steps(input, L.I, k.t0, k.n) : undefined,
          })),
        }),
      );
      if (L.norm && L.normed) {
        const normed = { buffer: L.normed, offset: 0 };
        this.core.push(
          ...normForwardDispatches(
            a,
            L.norm,
            chunks.map((k) => ({ ...k, x: steps(hOut, L.H, k.t0, k.n), y: steps(normed, L.H, k.t0, k.n) })),
          ),
        );
      }
      if (L.dropped) {
        const source = L.normed ? { buffer: L.normed, offset: 0 } : hOut;
        const dropped = { buffer: L.dropped, offset: 0 };
        for (const k of chunks) {
          this.core.push(
            dropoutDispatch(a, {
              label: `lstm${l}.dropout`,
              n: k.n * B * L.H,
              i0: k.t0 * B * L.H,
              rate: spec.lstm[l].dropout,
              seed: layerDropoutSeed(opts.seed, l),
              step: this.stepBuf,
              x: steps(source, L.H, k.t0, k.n),
              y: steps(dropped, L.H, k.t0, k.n),
            }),
          );
        }
      }
    });
    const last = this.layers[this.layers.length - 1];
    const headIn = steps(outputOf(last, B), last.H, T - 1, 1);
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
        a: { buffer: dPred },
        c: { buffer: this.grads, offset: off(DENSE_BIAS) },
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
        c: steps({ buffer: last.dh, offset: 0 }, last.H, T - 1, 1),
      }),
    ];
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const L = this.layers[l];
      const n = lstmParamNames(l);
      const G = 4 * L.H;
      const dh = { buffer: L.dh, offset: 0 };
      // The backward cell steps overwrite the gates with dZ, step by step: from here on L.gates holds dZ.
      const dz = { buffer: L.gates, offset: 0 };
      if (L.dropped) {
        for (const k of chunks) {
          this.backward.push(
            dropoutBackwardDispatch(a, {
              label: `lstm${l}.dropout.bwd`,
              n: k.n * B * L.H,
              i0: k.t0 * B * L.H,
              rate: spec.lstm[l].dropout,
              seed: layerDropoutSeed(opts.seed, l),
              step: this.stepBuf,
              grad: steps(dh, L.H, k.t0, k.n),
            }),
          );
        }
      }
      if (L.norm) {
        const hOut = { buffer: L.h, offset: B * L.H };
        this.backward.push(
          ...normBackwardDispatches(
            a,
            { ...L.norm, grads: this.grads },
            chunks.map((k) => ({ ...k, x: steps(hOut, L.H, k.t0, k.n), y: steps(dh, L.H, k.t0, k.n) })),
          ),
        );
      }
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
          chunks: chunks.map((k) => ({
            ...k,
            c: steps({ buffer: L.c, offset: 0 }, L.H, k.t0, k.n + 1),
            dhOut: steps(dh, L.H, k.t0, k.n),
            // and step t0+n: the step after the chunk feeds its last step's recurrent gradient
            gz: steps(dz, G, k.t0, Math.min(k.n + 1, T - k.t0)),
          })),
          carry: L.carry,
          uT: L.uT,
          // The forward of every training step runs first (trainStep) and may have left Uᵀ in uT.
          forwardMadeUT: forwardTransposesU(device, {
            tiled: this.tiled,
            H: L.H,
            uOff: off(n.recurrentKernel),
            uT: L.uT,
          }),
        }),
      );
      // Weight gradients reduce over all T·B rows: the first chunk writes, the later ones add. On a GPU these
      // long sums over few outputs are split over more workgroups (split.ts).
      const input = inputOf(l);
      chunks.forEach((k, i) => {
        this.backward.push(
          ...matmulDispatches(a, {
            tiled: this.tiled,
            label: `lstm${l}.dW`,
            M: L.I,
            N: G,
            K: k.n * B,
            transA: true,
            accumulate: i > 0,
            a: steps(input, L.I, k.t0, k.n),
            b: steps(dz, G, k.t0, k.n),
            c: g(n.kernel),
          }),
        );
      });
      // h slots 0..T-1 are h[t-1] for t = 0..T-1.
      chunks.forEach((k, i) => {
        this.backward.push(
          ...matmulDispatches(a, {
            tiled: this.tiled,
            label: `lstm${l}.dU`,
            M: L.H,
            N: G,
            K: k.n * B,
            transA: true,
            accumulate: i > 0,
            a: steps({ buffer: L.h, offset: 0 }, L.H, k.t0, k.n),
            b: steps(dz, G, k.t0, k.n),
            c: g(n.recurrentKernel),
          }),
        );
      });
      chunks.forEach((k, i) => {
        this.backward.push(
          ...colsumDispatches(a, {
            tiled: this.tiled,
            label: `lstm${l}.db`,
            M: k.n * B,
            N: G,
            accumulate: i > 0,
            a: steps(dz, G, k.t0, k.n),
            c: { buffer: this.grads, offset: off(n.bias) },
          }),
        );
      });
      if (l > 0) {
        const below = { buffer: this.layers[l - 1].dh, offset: 0 };
        for (const k of chunks) {
          this.backward.push(
            matmulDispatch(a, {
              tiled: this.tiled,
              label: `lstm${l}.dX`,
              M: k.n * B,
              N: L.I,
              K: G,
              transB: true,
              a: steps(dz, G, k.t0, k.n),
              b: p(n.kernel),
              c: steps(below, L.I, k.t0, k.n),
            }),
          );
        }
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
    // The series is bound whole by the gather kernel (windows are cut from anywhere in it). Checked before
    // the current series is released, so a refused one loses nothing.
    const limit = this.device.limits.maxStorageBufferBindingSize;
    const reduce = 'the rows (train on a shorter span) or the features';
    checkWholeBinding('The series (inputs)', series.x.byteLength, limit, reduce);
    checkWholeBinding('The series (targets)', series.y.byteLength, limit, reduce);
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
    for (const d of gather) encode(pass, d);
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
    for (const d of gather) encode(pass, d);
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
    for (const d of this.stepDispatches()) {
      const ms = Math.max(0, (await time([d])) - empty / repeats);
      const key = `${d.kernel.name}|${d.group.label}`;
      const row = rows.get(key) ?? { kernel: d.kernel.name, label: d.group.label, dispatches: 0, ms: 0 };
      row.dispatches++;
      row.ms += ms;
      rows.set(key, row);
    }
    return [...rows.values()];
  }

  /** A training step's dispatches in encoding order (after setSeries and setTrainOrder). */
  stepDispatches(): Dispatch[] {
    const gather = this.gatherTrain;
    if (!gather) throw new Error('setSeries and setTrainOrder come before stepDispatches');
    return [...gather, ...this.core, this.lossTrain, ...this.backward, ...this.update];
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

  private makeGather(order: GPUBuffer): Dispatch[] {
    const s = this.series;
    if (!s) throw new Error('setSeries comes first');
    const spec = this.spec;
    const BF = this.batchSize * spec.inputSize;
    const chunks = this.plan.chunks.map((k) => ({ ...k, x: this.plan.window(this.x0, k.t0 * BF, k.n * BF) }));
    return gatherDispatches(
      this.arena,
      {
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
        y: this.y,
      },
      chunks,
    );
  }

  private prepareEval(windowEnds: Int32Array): Dispatch[] {
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
      for (const d of gather) encode(pass, d);
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
