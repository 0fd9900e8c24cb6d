// Everything the training worker does, without the worker: it holds the loaded dataset, the compute
// backend (it owns the GPUDevice) and the current model, and answers ToWorker messages through `post`.
// The worker entry (training.worker.ts) only wires it to postMessage; tests drive it directly in Node.
import { type Dataset, loadCsv } from '../data/csv.ts';
import { differencesOf } from '../data/differences.ts';
import { DataError } from '../data/errors.ts';
import { checkLabelColumns } from '../data/features.ts';
import { type PreparedData, type Preprocessing, prepareData } from '../data/prepare.ts';
import { segmentStarts } from '../data/segments.ts';
import { summarize } from '../data/summary.ts';
import { type GpuContext, isEmulatedAdapter } from '../gpu/device.ts';
import type { Backend, RuntimeOptions } from '../model/backend.ts';
import {
  ConfigError,
  DataConfigSchema,
  formatZodError,
  parseRunConfig,
  type RunConfig,
} from '../model/config.ts';
import { CpuBackend } from '../model/cpu-backend.ts';
import { inferenceData } from '../model/inference-data.ts';
import { buildLayout } from '../model/layout.ts';
import {
  buildModelFile,
  type LoadedModel,
  ModelFileError,
  parseModelFile,
  serializeModelFile,
} from '../model/model-file.ts';
import { predictWindows } from '../model/predict.ts';
import { predictionHeader, predictionRows, toCsv } from '../model/predictions-csv.ts';
import type { ModelSpec } from '../model/spec.ts';
import { TFJS_WEIGHTS_FILE, tfjsArtifacts } from '../model/tfjs-export.ts';
import { specFromConfig, type TrainHistory, train } from '../model/trainer.ts';
import { loadSessionValue, type ModelMeta, saveSession } from './persist.ts';
import { PlanCache } from './plan.ts';
import type {
  BackendInfo,
  BatchPoint,
  ExportKind,
  FromWorker,
  ModelInfo,
  Operation,
  ToWorker,
  TrainStarted,
} from './protocol.ts';
import { type ReadChoices, readChoices, unreachable } from './protocol.ts';
import { computeResults } from './results.ts';
import { KernelWarmUp } from './warm-up.ts';

export type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

/** Opens the WebGPU backend, or throws (NoWebGpuError or a device error) so the session falls back. */
export type OpenGpu = () => Promise<Backend>;

/** The weights and everything needed to use them. */
interface HeldModel {
  source: 'trained' | 'imported';
  name: string;
  config: RunConfig;
  pre: Preprocessing;
  spec: ModelSpec;
  params: Float32Array;
  history: TrainHistory;
}

/** The model file of a held model (exported, and saved with the session). */
function heldModelFile(m: HeldModel) {
  return buildModelFile({
    config: m.config,
    preprocessing: m.pre,
    spec: m.spec,
    params: m.params,
    history: m.history,
  });
}

/** Batch losses go to the UI at most this often (the UI draws at most once per frame on top of that). */
const PROGRESS_EVERY_MS = 100;

/** The runtime options of a run (the trainer's: the batch is at most the training windows). */
function runOptions(config: RunConfig, prepared: PreparedData): RuntimeOptions {
  const t = config.training;
  return {
    batchSize: Math.min(t.batchSize, prepared.train.length),
    optimizer: t.optimizer,
    clipNorm: t.clipNorm,
    seed: t.seed,
  };
}

/**
 * The rows the forecast continues: the chosen series, or with all series the last one in the file (each
 * series has its own future; the page says which one is shown).
 */
function forecastSpan(ds: Dataset, series: RunConfig['data']['series']): { start: number; end: number } {
  const used = segmentStarts(ds, series).used;
  return { start: used[used.length - 2], end: used[used.length - 1] };
}

export class WorkerSession {
  private backend: Backend | null = null;
  /** The backend being opened: everything that needs it meanwhile waits for this one (never a second). */
  private opening: Promise<Backend> | null = null;
  private info: BackendInfo | null = null;
  private webgpu = true;
  /** Debug messages (device loss) are honoured only when the page asked for them at init. */
  private debug = false;
  private dataset: Dataset | null = null;
  private datasetName = '';
  /** The loaded file's bytes (transferred here, so held without a copy), to read it again. */
  private datasetBytes: ArrayBuffer | null = null;
  private model: HeldModel | null = null;
  private running: { abort: AbortController; req: number } | null = null;
  private pause: { promise: Promise<void>; release: () => void } | null = null;
  private csvLoad: { req: number; abort: AbortController } | null = null;
  private readonly plans = new PlanCache();
  /**
   * The data a fresh run of the last warmed (or trained) configuration trains on: a warm-up prepares it
   * while the page is idle, so Train does not prepare it again. Only for the dataset it was cut from.
   */
  private prepared: { ds: Dataset; key: string; data: PreparedData } | null = null;
  /** Creates the next run's kernels while the page is idle (warm-up.ts). */
  readonly warmUp = new KernelWarmUp({
    backend: () => this.ensureBackend(),
    running: () => this.running !== null,
    shape: (config) => {
      const parsed = parseRunConfig(config);
      const prepared = this.prepareFresh(this.requireDataset(), parsed);
      return { spec: specFromConfig(parsed, prepared.pre), opts: runOptions(parsed, prepared) };
    },
  });

  constructor(
    private readonly post: Post,
    private readonly openGpu: OpenGpu,
  ) {}

  async handle(msg: ToWorker): Promise<void> {
    switch (msg.type) {
      case 'init':
        this.webgpu = msg.webgpu;
        this.debug = msg.debug === true;
        await this.ensureBackend();
        return;
      case 'load-csv':
        return this.guard('load-csv', msg.req, () =>
          this.loadCsv(msg.req, msg.name, msg.bytes, msg.persist, readChoices(msg)),
        );
      case 'reread-csv':
        return this.guard('load-csv', msg.req, async () => {
          if (!this.datasetBytes) throw new DataError('No data is loaded yet.', null, null, 'empty');
          await this.loadCsv(msg.req, this.datasetName, this.datasetBytes, false, readChoices(msg));
        });
      case 'cancel-load':
        if (this.csvLoad?.req === msg.req) this.csvLoad.abort.abort();
        return;
      case 'restore-data':
        return this.guard('load-csv', msg.req, async () => {
          const bytes = await loadSessionValue<ArrayBuffer>('fileBytes');
          if (!bytes) throw new DataError(`The saved copy of ${msg.name} is gone; open the file again.`);
          await this.loadCsv(msg.req, msg.name, bytes, false, readChoices(msg));
        });
      case 'persist-model':
        return this.guard('export', 0, () => this.persistModel());
      case 'restore-model':
        return this.guard('import-model', msg.req, async () => {
          const [text, meta] = await Promise.all([
            loadSessionValue<string>('model'),
            loadSessionValue<ModelMeta>('modelMeta'),
          ]);
          if (!text || !meta) throw new ModelFileError('The saved model is gone.');
          await this.importModel(msg.req, meta.name, text, meta.source);
        });
      case 'plan':
        return this.guard('plan', msg.req, async () => {
          const ds = this.requireDataset();
          // Unticking every feature is an everyday step in the page: say so in its words, not the schema's.
          if (msg.data.features?.length === 0)
            throw new ConfigError(
              'No input feature is ticked: tick at least one column under “Input features” for the model to read.',
            );
          const parsed = DataConfigSchema.safeParse(msg.data);
          if (!parsed.success) throw new ConfigError(formatZodError(parsed.error, 'data'));
          this.post({ type: 'plan', req: msg.req, plan: this.plans.plan(ds, parsed.data, msg.task) });
        });
      case 'train':
        return this.guard('train', msg.req, () => this.train(msg.req, msg.config, msg.resume));
      case 'warm-up':
        // Best effort, and silent: a configuration that cannot train yet is simply not warmed.
        return this.warmUp.request(msg.config);
      case 'pause':
        if (this.running && !this.pause) {
          let release = () => {};
          const promise = new Promise<void>((r) => {
            release = r;
          });
          this.pause = { promise, release };
          this.post({ type: 'paused', req: this.running.req, paused: true });
        }
        return;
      case 'resume':
        this.release();
        return;
      case 'stop':
        this.running?.abort.abort();
        this.release();
        return;
      case 'import-model':
        return this.guard('import-model', msg.req, () =>
          this.importModel(msg.req, msg.name, msg.text, msg.source ?? 'imported'),
        );
      case 'predict':
        return this.guard('predict', msg.req, () => this.predict(msg.req));
      case 'export':
        return this.guard('export', msg.req, () => this.export(msg.req, msg.what));
      case 'debug-lose-device':
        this.loseDevice();
        return;
      default:
        unreachable(msg);
    }
  }

  private release(): void {
    const p = this.pause;
    this.pause = null;
    if (p) {
      p.release();
      if (this.running) this.post({ type: 'paused', req: this.running.req, paused: false });
    }
  }

  private async guard(op: Operation, req: number, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (e) {
      const known = e instanceof DataError || e instanceof ModelFileError || e instanceof ConfigError;
      const message = e instanceof Error ? e.message : String(e);
      this.post({
        type: 'error',
        req,
        op,
        message: known ? message : `Unexpected error: ${message}`,
        row: e instanceof DataError ? e.row : null,
        column: e instanceof DataError ? e.column : null,
        ...(e instanceof DataError ? { code: e.code } : {}),
      });
    }
  }

  private ensureBackend(): Promise<Backend> {
    if (this.backend) return Promise.resolve(this.backend);
    this.opening ??= this.openBackend().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openBackend(): Promise<Backend> {
    if (this.webgpu) {
      try {
        const b = await this.openGpu();
        this.backend = b;
        this.info = { kind: 'webgpu', name: b.deviceName, software: isEmulatedAdapter(b.deviceName) };
      } catch (e) {
        this.info = { kind: 'cpu', reason: e instanceof Error ? e.message : String(e) };
      }
    } else {
      this.info = {
        kind: 'cpu',
        reason: 'This browser has no WebGPU API (navigator.gpu is missing); training uses the CPU.',
      };
    }
    this.backend ??= new CpuBackend();
    this.post({ type: 'backend', info: this.info! });
    return this.backend;
  }

  /**
   * Debug only: destroy the device without telling the backend, so device.lost resolves as it does when
   * a driver resets. ctx.destroy() would mark the loss as intended and the trainer would not see it.
   */
  private loseDevice(): void {
    if (!this.debug) {
      console.warn('debug-lose-device ignored: the page did not enable debug messages.');
      return;
    }
    const ctx = (this.backend as { ctx?: GpuContext } | null)?.ctx;
    ctx?.device.destroy();
  }

  /** After a lost device: drop it, so the next run asks for a fresh one. */
  private resetBackend(): void {
    this.backend?.dispose();
    this.backend = null;
  }

  /** A fresh run's data for `config` (no model's preprocessing): the one kept, or prepared now and kept. */
  private prepareFresh(ds: Dataset, config: RunConfig): PreparedData {
    const key = JSON.stringify([config.data, config.model.task]);
    const kept = this.prepared;
    if (kept?.ds === ds && kept.key === key) return kept.data;
    const data = prepareData(ds, config.data, config.model.task);
    this.prepared = { ds, key, data };
    return data;
  }

  private requireDataset(): Dataset {
    if (!this.dataset) throw new DataError('No data is loaded yet.', null, null, 'empty');
    return this.dataset;
  }

  private async loadCsv(
    req: number,
    name: string,
    bytes: ArrayBuffer,
    persist: boolean,
    read: ReadChoices,
  ): Promise<void> {
    this.csvLoad?.abort.abort();
    const ctl = new AbortController();
    this.csvLoad = { req, abort: ctl };
    let last = 0;
    let ds: Dataset;
    try {
      ds = await loadCsv(new Uint8Array(bytes), {
        signal: ctl.signal,
        sliceSize: 1 << 18,
        dateOrder: read.dateOrder ?? undefined,
        categorical: read.categorical,
        onProgress: (p) => {
          const now = performance.now();
          if (now - last < 50) return;
          last = now;
          this.post({ type: 'csv-progress', req, ...p });
        },
      });
    } finally {
      if (this.csvLoad?.abort === ctl) this.csvLoad = null;
    }
    // Labels beyond what a class column or one-hot inputs take fail here, before they replace the data.
    checkLabelColumns(ds, read.categorical);
    // Only a file that loaded replaces the data (a bad file keeps the previous one).
    this.dataset = ds;
    this.prepared = null;
    this.datasetName = name;
    this.datasetBytes = bytes;
    this.post({ type: 'csv-loaded', req, name, dataset: ds, summary: summarize(ds) });
    if (persist) await saveSession('fileBytes', bytes);
  }

  /** The held model's file, written to IndexedDB here so it never crosses to the page. */
  private async persistModel(): Promise<void> {
    const m = this.model;
    if (!m) {
      await Promise.all([saveSession('model', null), saveSession('modelMeta', null)]);
      return;
    }
    const file = heldModelFile(m);
    await saveSession('model', serializeModelFile(file));
    await saveSession('modelMeta', { source: m.source, name: m.name } satisfies ModelMeta);
  }

  private modelInfo(): ModelInfo | null {
    const m = this.model;
    if (!m) return null;
    return {
      source: m.source,
      name: m.name,
      config: m.config,
      features: m.pre.features,
      targets: m.pre.targets,
      classes: m.pre.classes ?? null,
      window: m.pre.window,
      horizon: m.pre.horizon,
      paramCount: buildLayout(m.spec).count,
      history: { loss: m.history.loss, valLoss: m.history.valLoss, lr: m.history.lr },
      epochs: m.history.loss.length,
    };
  }

  private async train(req: number, input: RunConfig, resume: boolean): Promise<void> {
    if (this.running) throw new ConfigError('A training run is already going; stop it first.');
    const config = parseRunConfig(input);
    const ds = this.requireDataset();
    const base = resume ? this.model : null;
    if (resume && !base) throw new ConfigError('There is no model to continue training; press Train.');
    if (base && config.model.task === 'regression') {
      // The model's inputs and outputs are levels or changes: continuing it under the other choice would
      // train it on what it was not built for (and the saved config would name a transform it does not use).
      const held = differencesOf(base.pre);
      const asked = config.data.differences ?? 'none';
      if (held !== asked)
        throw new ConfigError(
          `Differences is "${asked}" but the model being continued was trained with "${held}". Set it back to "${held}", or press Train to start a new model.`,
        );
    }
    const prepared = base
      ? prepareData(ds, config.data, config.model.task, base.pre)
      : this.prepareFresh(ds, config);
    const spec = specFromConfig(config, prepared.pre);
    if (base && buildLayout(base.spec).total !== buildLayout(spec).total) {
      throw new ConfigError(
        'The layers differ from the model being continued. Undo the layer changes, or press Train to start a new model.',
      );
    }
    const backend = await this.ensureBackend();
    const B = runOptions(config, prepared).batchSize;
    const batches = Math.ceil(prepared.train.length / B);
    const startEpoch = base?.history.loss.length ?? 0;
    const info: TrainStarted = {
      backend: this.info!,
      epochs: config.training.epochs,
      batches,
      batchSize: B,
      trainWindows: prepared.train.length,
      valWindows: prepared.val.length,
      paramCount: buildLayout(spec).count,
      startEpoch,
    };
    this.post({ type: 'train-started', req, info });

    const abort = new AbortController();
    this.running = { abort, req };
    let points: BatchPoint[] = [];
    let lastPost = 0;
    let epochStart = performance.now();
    let pausedMs = 0;
    let doneSamples = 0;
    let current = { epoch: 1, batch: 0 };
    const totalSamples = prepared.train.length * config.training.epochs;
    const flush = (force: boolean) => {
      const now = performance.now();
      if (!force && now - lastPost < PROGRESS_EVERY_MS) return;
      lastPost = now;
      const elapsed = Math.max(1, now - epochStart - pausedMs);
      const epochSamples = Math.min(prepared.train.length, (current.batch + 1) * B);
      const rate = (epochSamples * 1000) / elapsed;
      const left = totalSamples - doneSamples - epochSamples;
      this.post({
        type: 'progress',
        req,
        progress: {
          epoch: current.epoch,
          batch: current.batch,
          batches,
          samplesPerSec: rate,
          etaSec: rate > 0 ? Math.max(0, left / rate) : null,
          points,
        },
      });
      points = [];
    };
    let result: Awaited<ReturnType<typeof train>>;
    try {
      result = await train(backend, config, prepared, {
        signal: abort.signal,
        initParams: base?.params,
        startEpoch,
        pauseGate: () => {
          const p = this.pause;
          if (!p) return null;
          const t0 = performance.now();
          return p.promise.then(() => {
            pausedMs += performance.now() - t0;
          });
        },
        onBatch: (b) => {
          current = { epoch: b.epoch, batch: b.batch };
          // On the model's epoch axis (a continued run's first batch follows the model's last epoch).
          points.push({ x: startEpoch + b.epoch - 1 + (b.batch + 1) / b.batches, loss: b.loss });
          flush(false);
        },
        onEpoch: (m) => {
          flush(true);
          doneSamples += prepared.train.length;
          epochStart = performance.now();
          pausedMs = 0;
          current = { epoch: m.epoch + 1, batch: -1 };
          this.post({ type: 'epoch', req, metrics: { ...m, epoch: m.epoch + startEpoch } });
        },
      });
    } finally {
      this.running = null;
      this.pause = null;
    }
    const history: TrainHistory = base
      ? {
          loss: [...base.history.loss, ...result.history.loss],
          valLoss: [...base.history.valLoss, ...result.history.valLoss],
          lr: [...base.history.lr, ...result.history.lr],
          epochMs: [...base.history.epochMs, ...result.history.epochMs],
        }
      : result.history;
    // Whatever happened, the weights that came back are good ones (the last good or the best epoch).
    if (result.history.loss.length > 0 || base) {
      this.model = {
        source: base?.source ?? 'trained',
        name: base?.name ?? `model trained on ${this.datasetName}`,
        config,
        pre: prepared.pre,
        spec,
        params: result.params,
        history,
      };
    }
    // The lost device goes; predictions (below) and the next run get a fresh one (or the CPU fallback).
    if (result.stopReason === 'device-error') this.resetBackend();
    this.post({
      type: 'train-done',
      req,
      done: {
        stopReason: result.stopReason,
        message: result.message,
        bestEpoch: result.bestEpoch + (result.bestEpoch > 0 ? startEpoch : 0),
        history,
      },
    });
    this.post({ type: 'model', model: this.modelInfo() });
    if (this.model) await this.predict(req);
  }

  private async importModel(
    req: number,
    name: string,
    text: string,
    source: 'trained' | 'imported',
  ): Promise<void> {
    const loaded: LoadedModel = parseModelFile(text);
    const { file } = loaded;
    this.model = {
      source,
      name,
      config: file.config,
      pre: file.preprocessing as Preprocessing,
      spec: loaded.spec,
      params: loaded.params,
      history: {
        loss: file.history.loss.map((v) => v ?? Number.NaN),
        valLoss: file.history.valLoss,
        lr: file.history.lr,
        epochMs: file.history.epochMs,
      },
    };
    this.post({ type: 'model', model: this.modelInfo() });
    if (this.dataset) await this.predict(req);
  }

  /** Results of the held model on the loaded data, prepared with the model's own preprocessing. */
  private async predict(req: number): Promise<void> {
    const m = this.model;
    if (!m) throw new ConfigError('There is no model yet: train one or import a model file.');
    const ds = this.requireDataset();
    let prepared: PreparedData;
    try {
      prepared = prepareData(ds, m.config.data, m.config.model.task, m.pre);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.post({
        type: 'results',
        req,
        results: null,
        message: `The model cannot predict on ${this.datasetName}: ${why}`,
      });
      return;
    }
    const backend = await this.ensureBackend();
    const results = await computeResults(
      backend,
      m.spec,
      m.params,
      prepared,
      ds,
      m.config.data.time,
      m.config.training.optimizer,
      forecastSpan(ds, m.config.data.series),
    );
    this.post({ type: 'results', req, results, message: null });
  }

  private async export(req: number, what: ExportKind): Promise<void> {
    const m = this.model;
    if (!m) throw new ConfigError('There is no model to export yet: train one first.');
    const file = heldModelFile(m);
    if (what === 'model') {
      const text = serializeModelFile(file);
      this.post({
        type: 'exported',
        req,
        what,
        files: [{ filename: 'model.json', type: 'application/json', data: text }],
      });
      return;
    }
    if (what === 'tfjs') {
      // A TensorFlow.js LayersModel: model.json names its weights file, so both keep these names.
      const art = tfjsArtifacts(file);
      this.post(
        {
          type: 'exported',
          req,
          what,
          files: [
            { filename: 'model.json', type: 'application/json', data: `${JSON.stringify(art.modelJson)}\n` },
            { filename: TFJS_WEIGHTS_FILE, type: 'application/octet-stream', data: art.weightData },
          ],
        },
        [art.weightData],
      );
      return;
    }
    const ds = this.requireDataset();
    const cfg = m.config.data;
    const data = inferenceData(
      ds,
      { file, spec: m.spec, params: m.params },
      {
        stride: 1,
        missing: cfg.missing,
        invalid: cfg.invalid,
        // The series the model was set to (all of them when it was trained on all).
        series: cfg.series,
      },
    );
    const backend = await this.ensureBackend();
    const outputs = await predictWindows(
      backend,
      m.spec,
      m.params,
      data.series,
      data.ends,
      m.config.training.optimizer,
    );
    const csv = toCsv(predictionHeader(file), predictionRows(file, data, outputs));
    this.post({
      type: 'exported',
      req,
      what,
      files: [{ filename: 'predictions.csv', type: 'text/csv', data: csv }],
    });
  }
}
