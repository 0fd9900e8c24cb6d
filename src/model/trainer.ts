// The training loop shared by the CLI, the browser worker and the tests: epochs of shuffled batches,
// validation, early stopping, LR reduction on plateau, non-finite detection, progress and cancellation.
// The batch loop never waits on the device: losses come back through the runtime's readback ring a batch
// or more late; the loop only waits when that ring is full (the device is then ≥ 8 batches behind).
import type { PreparedData, Preprocessing } from '../data/prepare.ts';
import type { Backend, ModelRuntime, SeriesData } from './backend.ts';
import type { RunConfig, TrainingConfig } from './config.ts';
import { initParams } from './init.ts';
import { Rng } from './random.ts';
import { type ModelSpec, NORM_DEFAULTS } from './spec.ts';

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

export interface EpochMetrics {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  lr: number;
  ms: number;
  samplesPerSec: number;
  improved: boolean;
}

export interface TrainHistory {
  loss: number[];
  valLoss: (number | null)[];
  lr: number[];
  epochMs: number[];
}

export type StopReason = 'completed' | 'early-stopping' | 'cancelled' | 'non-finite' | 'device-error';

export interface TrainResult {
  params: Float32Array;
  history: TrainHistory;
  stopReason: StopReason;
  /** 1-based epoch whose weights were kept (the best one when restoreBest is on), 0 = the start. */
  bestEpoch: number;
  /** Most GPU memory the run held, in bytes; null on the CPU backend. */
  peakDeviceBytes: number | null;
  message: string;
}

export interface TrainCallbacks {
  onBatch?: (p: BatchProgress) => void;
  onEpoch?: (m: EpochMetrics) => void;
  signal?: AbortSignal;
  /** Weights to start from (continue training); default: fresh initialisation from the seed. */
  initParams?: Float32Array;
  /**
   * Epochs those weights were already trained for: the run's messages count epochs from the model's first
   * ("Trained 1 more epoch (7 in all).", "Early stopping after epoch 14"), as the app's progress and the
   * model's history do. Callbacks and the result keep the run's own 1-based numbers. Default 0.
   */
  startEpoch?: number;
  /**
   * Asked before every batch: a promise pauses the loop there until it settles (the app's Pause), null or
   * undefined goes on at once. Queued GPU work still finishes; an abort during the pause stops the run.
   */
  pauseGate?: () => Promise<void> | null | undefined;
}

export interface FitData {
  series: SeriesData;
  train: Int32Array;
  val: Int32Array;
}

/** The engine's view of a configuration plus the data's shapes. */
export function specFromConfig(config: RunConfig, pre: Preprocessing): ModelSpec {
  const classification = config.model.task === 'classification';
  return {
    inputSize: pre.features.length,
    window: pre.window,
    horizon: pre.horizon,
    targets: pre.targets.length,
    classes: classification ? (pre.classes?.length ?? 0) : 0,
    task: config.model.task,
    loss: classification ? 'crossentropy' : config.model.loss,
    huberDelta: config.model.huberDelta,
    lstm: config.model.layers.map((l) => ({
      units: l.units,
      dropout: l.dropout,
      norm: l.norm === 'none' ? null : { kind: l.norm, ...NORM_DEFAULTS },
    })),
  };
}

const YIELD_EVERY_MS = 30;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Train on prepared data with a run configuration. */
export function train(
  backend: Backend,
  config: RunConfig,
  data: PreparedData,
  cb: TrainCallbacks = {},
): Promise<TrainResult> {
  return trainSeries(backend, specFromConfig(config, data.pre), config.training, data, cb);
}

export async function trainSeries(
  backend: Backend,
  spec: ModelSpec,
  cfg: TrainingConfig,
  data: FitData,
  cb: TrainCallbacks = {},
): Promise<TrainResult> {
  if (data.train.length === 0) throw new RangeError('no training windows');
  const B = Math.min(cfg.batchSize, data.train.length);
  const rt: ModelRuntime = backend.createRuntime(spec, {
    batchSize: B,
    optimizer: cfg.optimizer,
    clipNorm: cfg.clipNorm,
    seed: cfg.seed,
  });
  const history: TrainHistory = { loss: [], valLoss: [], lr: [], epochMs: [] };
  // CPU copies of the weights worth keeping: they survive a lost GPU device and a diverged epoch.
  let last = { params: cb.initParams ?? initParams(spec, cfg.seed), epoch: 0 };
  let best = last;
  try {
    rt.setSeries(data.series);
    rt.setParams(last.params);
    const rng = new Rng((cfg.seed ^ 0x5bd1e995) >>> 0);
    const order = Int32Array.from(data.train);
    const n = order.length;
    const batches = Math.ceil(n / B);
    let lr = cfg.optimizer.lr;
    let step = 0;
    let bestLoss = Infinity;
    let sinceBest = 0;
    let sincePlateau = 0;
    let stopReason: StopReason = 'completed';
    let message = '';
    let lastYield = performance.now();
    // Messages name the model's epochs: the run's epoch e is the model's start0 + e, and its start (the
    // weights it was given) is the model's epoch start0, or "the start" of a fresh model.
    const start0 = cb.startEpoch ?? 0;
    const epochName = (e: number) => `epoch ${start0 + e}`;
    const weightsOf = (e: number) => (e > 0 || start0 > 0 ? epochName(e) : 'the start');
    const deviceFailure = (epoch: number, err = backend.deviceError()): string | null => {
      if (err === null) return null;
      // The driver's text usually ends in a full stop of its own; this sentence goes on after it.
      const reason = err.replace(/[.\s]+$/, '');
      return (
        `The GPU stopped working during ${epochName(epoch)} (${reason}). ` +
        `Kept the weights of ${weightsOf(last.epoch)}; resume from them to continue.`
      );
    };

    epochs: for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      if (cfg.shuffle) rng.shuffle(order);
      const t0 = performance.now();
      let loss: number;
      let valLoss: number | null;
      // Readbacks in flight. Each failure is caught as it happens (a lost device rejects them while the loop
      // still runs; left unhandled that would end a Node process) and rethrown where the loop next waits.
      const pending: Promise<unknown>[] = [];
      let failed: { error: unknown } | null = null;
      const rethrow = () => {
        if (failed) throw failed.error;
      };
      try {
        rt.setTrainOrder(order);
        for (let b = 0; b < batches; b++) {
          const gate = cb.pauseGate?.();
          if (gate) {
            await gate;
            lastYield = performance.now();
          }
          if (cb.signal?.aborted) {
            stopReason = 'cancelled';
            message = `Stopped by request during ${epochName(epoch)}.`;
            await Promise.allSettled(pending);
            break epochs;
          }
          const count = Math.min(B, n - b * B);
          step++;
          const p = rt.trainStep({ start: b * B, count, step, lr, batch: b });
          if (p) {
            const batch = b;
            pending.push(
              p
                .then((l) => cb.onBatch?.({ epoch, batch, batches, loss: l }))
                .catch((error: unknown) => {
                  failed ??= { error };
                }),
            );
          } else if (pending.length > 0) {
            // Readback ring full: the device is several batches behind; let the oldest readback land.
            await pending.shift();
            rethrow();
            lastYield = performance.now();
          }
          if (performance.now() - lastYield > YIELD_EVERY_MS) {
            await yieldToEventLoop();
            lastYield = performance.now();
          }
        }
        const losses = await rt.readTrainLosses(batches);
        await Promise.all(pending);
        rethrow();
        let sum = 0;
        for (let b = 0; b < batches; b++) sum += losses[b] * Math.min(B, n - b * B);
        loss = sum / n;
        valLoss = data.val.length > 0 ? await rt.evaluate(data.val) : null;
      } catch (e) {
        const lost = deviceFailure(epoch, await backend.failureAfterError());
        if (!lost) throw e;
        stopReason = 'device-error';
        message = lost;
        break;
      }
      const lost = deviceFailure(epoch);
      if (lost) {
        stopReason = 'device-error';
        message = lost;
        break;
      }
      const ms = performance.now() - t0;
      history.loss.push(loss);
      history.valLoss.push(valLoss);
      history.lr.push(lr);
      history.epochMs.push(ms);
      const finite = Number.isFinite(loss) && (valLoss === null || Number.isFinite(valLoss));
      const monitored = valLoss ?? loss;
      const improved = finite && monitored < bestLoss - cfg.earlyStopping.minDelta;
      cb.onEpoch?.({
        epoch,
        epochs: cfg.epochs,
        loss,
        valLoss,
        lr,
        ms,
        samplesPerSec: (n * 1000) / ms,
        improved,
      });
      if (!finite) {
        stopReason = 'non-finite';
        const kept = cfg.earlyStopping.restoreBest ? best : last;
        message =
          `The loss became ${Number.isNaN(monitored) || Number.isNaN(loss) ? 'NaN' : 'infinite'} in ${epochName(epoch)}. ` +
          `Kept the weights of ${weightsOf(kept.epoch)}. ` +
          'Lower the learning rate, enable gradient clipping, or check the data for extreme values.';
        break;
      }
      last = { params: await rt.readParams(), epoch };
      if (improved) {
        bestLoss = monitored;
        best = last;
        sinceBest = 0;
        sincePlateau = 0;
      } else {
        sinceBest++;
        sincePlateau++;
      }
      const es = cfg.earlyStopping;
      if (es.patience > 0 && sinceBest >= es.patience) {
        stopReason = 'early-stopping';
        message = `Early stopping after ${epochName(epoch)}: no improvement for ${es.patience} epochs.`;
        break;
      }
      const rp = cfg.reduceLrOnPlateau;
      if (rp.patience > 0 && sincePlateau >= rp.patience && lr > rp.minLr) {
        lr = Math.max(rp.minLr, lr * rp.factor);
        sincePlateau = 0;
      }
    }
    if (stopReason === 'completed') {
      const n = history.loss.length;
      const unit = n === 1 ? 'epoch' : 'epochs';
      message = start0 > 0 ? `Trained ${n} more ${unit} (${start0 + n} in all).` : `Trained ${n} ${unit}.`;
    }
    // "Restore best weights" means the run's result is its best epoch, however it ended.
    const kept = cfg.earlyStopping.restoreBest && best.epoch > 0 ? best : last;
    return {
      params: kept.params,
      history,
      stopReason,
      bestEpoch: kept.epoch,
      message,
      peakDeviceBytes: rt.peakBytes ?? null,
    };
  } finally {
    rt.dispose();
  }
}
