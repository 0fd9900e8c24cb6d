// The CPU reference runtime: the same steps as the GPU runtime, in plain TypeScript, in float32 (the
// fallback and the GPU's reference) or float64 (finite-difference checks).
import type { GradientResult, ModelRuntime, RuntimeOptions, SeriesData, TrainStep } from '../backend.ts';
import {
  buildLayout,
  DENSE_BIAS,
  DENSE_KERNEL,
  entry,
  lstmParamNames,
  normParamNames,
  type ParamLayout,
  view,
} from '../layout.ts';
import { clipScale, optimizerSlots, optimizerUpdate } from '../optimizer.ts';
import { layerInputSize, type ModelSpec, outputSize, targetSize, validateSpec } from '../spec.ts';
import type { Arr, ArrCtor } from './arrays.ts';
import { dropoutApply, layerDropoutSeed } from './dropout.ts';
import { gatherWindows } from './gather.ts';
import { lossForwardBackward } from './loss.ts';
import { type LstmCache, type LstmScratch, lstmBackward, lstmForward } from './lstm.ts';
import { colSum, matmul } from './matmul.ts';
import { batchNormBackward, batchNormForward, layerNormBackward, layerNormForward } from './norm.ts';
import { createSimdHeap, heapFloats } from './simd-heap.ts';

interface LayerBuffers {
  H: number;
  I: number;
  cache: LstmCache;
  scratch: LstmScratch;
  /** (T, B, H) output after normalization, or null without one. */
  normed: Arr | null;
  /** Batch norm: mean[H], rstd[H]; layer norm: mean[T·B], rstd[T·B]. */
  normStats: Arr | null;
  /** (T, B, H) output after dropout, or null when the layer has none. */
  dropped: Arr | null;
  dz: Arr; // (T, B, 4H)
  dh: Arr; // (T, B, H) gradient on the layer's (pre-dropout) outputs
}

export class CpuRuntime implements ModelRuntime {
  readonly layout: ParamLayout;
  readonly batchSize: number;
  params: Arr;
  readonly grads: Arr;
  private readonly state: Arr[];
  private series: SeriesData | null = null;
  private order: Int32Array = new Int32Array(0);
  private losses: number[] = [];
  private readonly x0: Arr;
  private readonly y: Arr;
  private readonly layers: LayerBuffers[];
  private readonly pred: Arr;
  private readonly dPred: Arr;
  private readonly dHead: Arr;
  private readonly O: number;

  constructor(
    readonly spec: ModelSpec,
    private readonly opts: RuntimeOptions,
    Ctor: ArrCtor = Float32Array,
  ) {
    validateSpec(spec);
    this.layout = buildLayout(spec);
    this.batchSize = opts.batchSize;
    this.O = outputSize(spec);
    // Float32: every buffer on one WebAssembly memory, so the matmuls run in the SIMD kernel. The
    // buffers are listed once (allocate); a first pass only counts what they take, to size the heap.
    const slots = optimizerSlots(opts.optimizer.kind);
    let floats = 0;
    allocate(spec, this.layout, opts.batchSize, slots, (n) => {
      floats += heapFloats(n);
      return EMPTY;
    });
    const heap = Ctor === Float32Array ? createSimdHeap(floats) : null;
    const b = allocate(spec, this.layout, opts.batchSize, slots, heap ? heap.alloc : (n) => new Ctor(n));
    this.params = b.params;
    this.grads = b.grads;
    this.state = b.state;
    this.x0 = b.x0;
    this.y = b.y;
    this.layers = b.layers;
    this.pred = b.pred;
    this.dPred = b.dPred;
    this.dHead = b.dHead;
  }

  setSeries(series: SeriesData): void {
    this.series = series;
  }

  setParams(flat: Float32Array | Float64Array): void {
    if (flat.length !== this.layout.total) {
      throw new RangeError(`expected ${this.layout.total} parameters, got ${flat.length}`);
    }
    this.params.set(flat);
  }

  async readParams(): Promise<Float32Array> {
    return Float32Array.from(this.params);
  }

  async readOptimizerState(): Promise<Float32Array[]> {
    return this.state.map((s) => Float32Array.from(s));
  }

  setTrainOrder(windowEnds: Int32Array): void {
    this.order = windowEnds;
    this.losses = [];
  }

  trainStep(s: TrainStep): Promise<number> {
    const ends = this.order.subarray(s.start, s.start + s.count);
    const loss = this.forwardBackward(ends, s.step);
    this.losses[s.batch] = loss;
    // Only the trainable prefix: batch-norm moving statistics are not optimised.
    const n = this.layout.trainable;
    let sq = 0;
    for (let i = 0; i < n; i++) sq += this.grads[i] * this.grads[i];
    const scale = clipScale(Math.sqrt(sq), this.opts.clipNorm);
    optimizerUpdate(
      this.opts.optimizer,
      s.lr,
      s.step,
      this.params.subarray(0, n),
      this.grads.subarray(0, n),
      scale,
      this.state[0].subarray(0, n),
      this.state[1]?.subarray(0, n) ?? null,
    );
    return Promise.resolve(loss);
  }

  async readTrainLosses(batches: number): Promise<Float32Array> {
    return Float32Array.from(this.losses.slice(0, batches));
  }

  async evaluate(windowEnds: Int32Array): Promise<number> {
    let total = 0;
    this.forEachChunk(windowEnds, (ends) => {
      total += this.forward(ends, null) * ends.length;
    });
    return total / windowEnds.length;
  }

  async predict(windowEnds: Int32Array): Promise<Float32Array> {
    const out = new Float32Array(windowEnds.length * this.O);
    let at = 0;
    this.forEachChunk(windowEnds, (ends) => {
      this.forward(ends, null);
      out.set(this.pred.subarray(0, ends.length * this.O), at);
      at += ends.length * this.O;
    });
    return out;
  }

  async gradients(windowEnds: Int32Array, dropoutStep: number | null = null): Promise<GradientResult> {
    const r = this.gradients64(windowEnds, dropoutStep);
    return { loss: r.loss, outputs: Float32Array.from(r.outputs), grads: Float32Array.from(r.grads) };
  }

  /** gradients() in the runtime's own precision (float64 for finite differences). */
  gradients64(
    windowEnds: Int32Array,
    dropoutStep: number | null = null,
  ): { loss: number; outputs: Arr; grads: Arr } {
    if (windowEnds.length > this.batchSize) throw new RangeError('more windows than the batch size');
    const loss = this.forwardBackward(windowEnds, dropoutStep);
    return { loss, outputs: this.pred.slice(0, windowEnds.length * this.O), grads: this.grads.slice() };
  }

  /** Mean loss only, in the runtime's precision (finite differences). */
  lossOnly(windowEnds: Int32Array, dropoutStep: number | null = null): number {
    return this.forward(windowEnds, dropoutStep);
  }

  dispose(): void {
    this.series = null;
  }

  /** A layer's output sequence (T, B, H) as the next layer sees it: after normalization and dropout. */
  private layerOutput(L: LayerBuffers, training: boolean): Arr {
    if (L.dropped && training) return L.dropped;
    return L.normed ?? L.cache.h.subarray(this.batchSize * L.H);
  }

  private forEachChunk(windowEnds: Int32Array, fn: (ends: Int32Array) => void): void {
    for (let i = 0; i < windowEnds.length; i += this.batchSize) {
      fn(windowEnds.subarray(i, Math.min(windowEnds.length, i + this.batchSize)));
    }
  }

  /** Forward + loss; fills pred/dPred. dropoutStep null = inference (no dropout). */
  private forward(ends: Int32Array, dropoutStep: number | null): number {
    const s = this.series;
    if (!s) throw new Error('no series set');
    const spec = this.spec;
    const B = this.batchSize;
    const T = spec.window;
    const Ty = spec.targets;
    gatherWindows(
      s.x,
      s.y,
      s.rows,
      ends,
      ends.length,
      T,
      B,
      spec.inputSize,
      Ty,
      spec.horizon,
      this.x0,
      this.y,
    );
    let input: Arr = this.x0;
    this.layers.forEach((L, l) => {
      const n = lstmParamNames(l);
      const p = (name: string) => view(this.params, entry(this.layout, name));
      lstmForward(input, p(n.kernel), p(n.recurrentKernel), p(n.bias), T, B, L.I, L.H, L.cache);
      let out: Arr = L.cache.h.subarray(B * L.H);
      const norm = spec.lstm[l].norm;
      if (norm && L.normed && L.normStats) {
        const m = normParamNames(l);
        const dims = { T, B, H: L.H, count: ends.length, epsilon: norm.epsilon };
        if (norm.kind === 'batch') {
          batchNormForward(
            out,
            L.normed,
            p(m.gamma),
            p(m.beta),
            p(m.movingMean),
            p(m.movingVariance),
            L.normStats,
            {
              ...dims,
              momentum: norm.momentum,
              training: dropoutStep !== null,
            },
          );
        } else layerNormForward(out, L.normed, p(m.gamma), p(m.beta), L.normStats, dims);
        out = L.normed;
      }
      if (L.dropped && dropoutStep !== null) {
        const seed = layerDropoutSeed(this.opts.seed, l);
        dropoutApply(out, L.dropped, T * B * L.H, spec.lstm[l].dropout, seed, dropoutStep);
        input = L.dropped;
      } else input = out;
    });
    const last = this.layers[this.layers.length - 1];
    const hLast = input.subarray((T - 1) * B * last.H, T * B * last.H);
    matmul(hLast, view(this.params, entry(this.layout, DENSE_KERNEL)), this.pred, {
      M: B,
      N: this.O,
      K: last.H,
      bias: view(this.params, entry(this.layout, DENSE_BIAS)),
    });
    return lossForwardBackward(this.pred, this.y, this.dPred, B, {
      kind: spec.loss,
      huberDelta: spec.huberDelta,
      outputs: this.O,
      classes: spec.classes,
      count: ends.length,
    });
  }

  private forwardBackward(ends: Int32Array, dropoutStep: number | null): number {
    const loss = this.forward(ends, dropoutStep);
    const spec = this.spec;
    const B = this.batchSize;
    const T = spec.window;
    const g = (name: string) => view(this.grads, entry(this.layout, name));
    const p = (name: string) => view(this.params, entry(this.layout, name));
    const L = this.layers.length;
    const last = this.layers[L - 1];
    const headIn = this.layerOutput(last, dropoutStep !== null);
    const hLast = headIn.subarray((T - 1) * B * last.H, T * B * last.H);
    matmul(hLast, this.dPred, g(DENSE_KERNEL), { M: last.H, N: this.O, K: B, transA: true });
    colSum(this.dPred, B, this.O, g(DENSE_BIAS));
    matmul(this.dPred, p(DENSE_KERNEL), this.dHead, { M: B, N: last.H, K: this.O, transB: true });
    last.dh.fill(0);
    last.dh.set(this.dHead, (T - 1) * B * last.H);
    for (let l = L - 1; l >= 0; l--) {
      const Ly = this.layers[l];
      if (Ly.dropped && dropoutStep !== null) {
        const seed = layerDropoutSeed(this.opts.seed, l);
        dropoutApply(Ly.dh, Ly.dh, T * B * Ly.H, spec.lstm[l].dropout, seed, dropoutStep);
      }
      const norm = spec.lstm[l].norm;
      if (norm && Ly.normStats) {
        const m = normParamNames(l);
        const h = Ly.cache.h.subarray(B * Ly.H);
        const dims = { T, B, H: Ly.H, count: ends.length, epsilon: norm.epsilon };
        if (norm.kind === 'batch') {
          batchNormBackward(h, Ly.dh, p(m.gamma), Ly.normStats, g(m.gamma), g(m.beta), {
            ...dims,
            training: dropoutStep !== null,
          });
        } else layerNormBackward(h, Ly.dh, p(m.gamma), Ly.normStats, g(m.gamma), g(m.beta), dims);
      }
      const n = lstmParamNames(l);
      const below = l > 0 ? this.layers[l - 1] : null;
      let input: Arr = this.x0;
      if (below) input = this.layerOutput(below, dropoutStep !== null);
      lstmBackward(
        input,
        p(n.kernel),
        p(n.recurrentKernel),
        Ly.dh,
        Ly.cache,
        T,
        B,
        Ly.I,
        Ly.H,
        Ly.dz,
        Ly.scratch,
        {
          kernel: g(n.kernel),
          recurrent: g(n.recurrentKernel),
          bias: g(n.bias),
          dx: below ? below.dh : null,
        },
      );
    }
    return loss;
  }
}

const EMPTY = new Float32Array(0);

/** Every buffer of a runtime, each from `alloc` (the constructor's one list of them). */
function allocate(spec: ModelSpec, layout: ParamLayout, B: number, slots: number, alloc: (n: number) => Arr) {
  const T = spec.window;
  return {
    params: alloc(layout.total),
    grads: alloc(layout.total),
    state: Array.from({ length: slots }, () => alloc(layout.total)),
    x0: alloc(T * B * spec.inputSize),
    y: alloc(B * targetSize(spec)),
    layers: spec.lstm.map(
      (l, i): LayerBuffers => ({
        H: l.units,
        I: layerInputSize(spec, i),
        cache: {
          gates: alloc(T * B * 4 * l.units),
          c: alloc((T + 1) * B * l.units),
          h: alloc((T + 1) * B * l.units),
        },
        scratch: {
          uT: alloc(4 * l.units * l.units),
          wT: alloc(4 * l.units * layerInputSize(spec, i)),
          dh: alloc(B * l.units),
          dc: alloc(B * l.units),
        },
        normed: l.norm ? alloc(T * B * l.units) : null,
        normStats: l.norm ? alloc(2 * (l.norm.kind === 'batch' ? l.units : T * B)) : null,
        dropped: l.dropout > 0 ? alloc(T * B * l.units) : null,
        dz: alloc(T * B * 4 * l.units),
        dh: alloc(T * B * l.units),
      }),
    ),
    pred: alloc(B * outputSize(spec)),
    dPred: alloc(B * outputSize(spec)),
    dHead: alloc(B * spec.lstm[spec.lstm.length - 1].units),
  };
}
