// The app's store: one zustand store built from the data, config, training and results slices, plus the
// single handler for everything the training worker sends. Components only render what is here.
import { create } from 'zustand';
import type { BatchPoint, FromWorker, TrainProgress } from '../worker/protocol.ts';
import { unreachable } from '../worker/protocol.ts';
import { downloadText } from './download.ts';
import { DEFAULT_SAMPLE_ID } from './samples.ts';
import { createConfigSlice } from './slices/config.ts';
import { createDataSlice } from './slices/data.ts';
import { createResultsSlice } from './slices/results.ts';
import { createTrainingSlice, type EpochPoint, IDLE_RUN } from './slices/training.ts';
import type { AppState } from './slices/types.ts';
import { nextReq, send, startWorker } from './worker-client.ts';

export type { AppState };

export const useAppStore = create<AppState>()((...a) => ({
  ...createDataSlice(...a),
  ...createConfigSlice(...a),
  ...createTrainingSlice(...a),
  ...createResultsSlice(...a),
}));

const set = useAppStore.setState;
const get = useAppStore.getState;

/** The smoothed batch-loss curve keeps at most this many points (older ones are thinned 2:1). */
const MAX_BATCH_POINTS = 1200;

// Progress arrives from the worker up to ~10 times a second; the store takes it at most once a frame.
let pending: { progress: TrainProgress | null; points: BatchPoint[]; epochs: EpochPoint[] } = {
  progress: null,
  points: [],
  epochs: [],
};
let frame = 0;

function thin(points: BatchPoint[]): BatchPoint[] {
  if (points.length <= MAX_BATCH_POINTS) return points;
  const out: BatchPoint[] = [];
  for (let i = 0; i < points.length; i += 2) out.push(points[i]);
  return out;
}

function flushProgress(): void {
  frame = 0;
  const { progress, points, epochs } = pending;
  pending = { progress: null, points: [], epochs: [] };
  set((s) => ({
    run: progress
      ? {
          ...s.run,
          epoch: progress.epoch,
          batch: progress.batch,
          batches: progress.batches,
          samplesPerSec: progress.samplesPerSec,
          etaSec: progress.etaSec,
        }
      : s.run,
    batchPoints: points.length > 0 ? thin([...s.batchPoints, ...points]) : s.batchPoints,
    epochs: epochs.length > 0 ? [...s.epochs, ...epochs] : s.epochs,
  }));
}

function schedule(): void {
  if (frame !== 0) return;
  frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flushProgress) : 1;
  if (typeof requestAnimationFrame !== 'function') queueMicrotask(flushProgress);
}

function flushNow(): void {
  if (frame !== 0 && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
  flushProgress();
}

export function receive(msg: FromWorker): void {
  const s = get();
  switch (msg.type) {
    case 'backend':
      set({ backend: msg.info });
      return;
    case 'csv-progress':
      if (s.loading?.req === msg.req) {
        set({ loading: { ...s.loading, fraction: msg.total > 0 ? msg.done / msg.total : 0 } });
      }
      return;
    case 'csv-loaded': {
      if (s.loading?.req !== msg.req) return;
      const source = s.loading.source;
      set({ dataset: { source, table: msg.dataset, summary: msg.summary }, loading: null, dataError: null });
      get().adoptDataset(msg.dataset, source);
      // A held model is shown on the new data when it fits.
      if (get().model) get().refreshResults();
      return;
    }
    case 'plan':
      if (msg.req === s.planReq) set({ plan: { state: 'ok', plan: msg.plan } });
      return;
    case 'train-started':
      if (msg.req !== s.run.req) return;
      set({
        run: { ...s.run, state: s.run.state === 'stopping' ? 'stopping' : 'running', info: msg.info },
        backend: msg.info.backend,
      });
      return;
    case 'progress':
      if (msg.req !== s.run.req) return;
      pending.progress = msg.progress;
      pending.points.push(...msg.progress.points);
      schedule();
      return;
    case 'epoch':
      if (msg.req !== s.run.req) return;
      pending.epochs.push({
        epoch: msg.metrics.epoch,
        loss: msg.metrics.loss,
        valLoss: msg.metrics.valLoss,
        lr: msg.metrics.lr,
      });
      schedule();
      return;
    case 'paused':
      if (msg.req !== s.run.req || (s.run.state !== 'running' && s.run.state !== 'paused')) return;
      set({ run: { ...s.run, state: msg.paused ? 'paused' : 'running' } });
      return;
    case 'train-done':
      if (msg.req !== s.run.req) return;
      flushNow();
      set((t) => ({
        run: {
          ...t.run,
          state: 'done',
          message: msg.done.message,
          stopReason: msg.done.stopReason,
          etaSec: null,
        },
        predicting: msg.done.history.loss.length > 0,
      }));
      return;
    case 'model':
      if (s.importing && msg.model) {
        // An imported model brings its whole configuration and its curves.
        const h = msg.model.history;
        set({
          model: msg.model,
          importing: false,
          config: msg.model.config,
          run: IDLE_RUN,
          batchPoints: [],
          epochs: h.loss.map((loss, i) => ({
            epoch: i + 1,
            loss,
            valLoss: h.valLoss[i] ?? null,
            lr: h.lr[i] ?? 0,
          })),
        });
        return;
      }
      set({ model: msg.model });
      return;
    case 'results':
      set({ results: msg.results, resultsMessage: msg.message, predicting: false });
      return;
    case 'exported': {
      const exporting = { ...s.exporting };
      delete exporting[msg.req];
      set({ exporting });
      const type = msg.what === 'model' ? 'application/json' : 'text/csv';
      downloadText(msg.filename, msg.text, type);
      return;
    }
    case 'error':
      switch (msg.op) {
        case 'load-csv':
          if (s.loading?.req === msg.req) set({ loading: null, dataError: msg.message });
          return;
        case 'plan':
          if (msg.req === s.planReq) set({ plan: { state: 'error', message: msg.message } });
          return;
        case 'train':
          if (msg.req === s.run.req) set({ run: { ...s.run, state: 'failed', message: msg.message } });
          return;
        case 'import-model':
          set({ modelError: msg.message, predicting: false, importing: false });
          return;
        case 'predict':
          set({ resultsMessage: msg.message, predicting: false });
          return;
        case 'export': {
          const exporting = { ...s.exporting };
          delete exporting[msg.req];
          set({ exporting, modelError: msg.message });
          return;
        }
        default:
          unreachable(msg.op);
      }
      return;
    default:
      unreachable(msg);
  }
}

/** Ask the worker what the current data settings give, a moment after the last edit. */
let planTimer: ReturnType<typeof setTimeout> | undefined;
function requestPlan(): void {
  clearTimeout(planTimer);
  planTimer = setTimeout(() => {
    const s = get();
    if (!s.dataset) return;
    const req = nextReq();
    set({ planReq: req, plan: s.plan.state === 'ok' ? s.plan : { state: 'pending' } });
    send({ type: 'plan', req, data: s.config.data, task: s.config.model.task });
  }, 120);
}

/** Start the worker, ask it for a device, load the default sample and keep the plan current. */
export function startApp(): void {
  startWorker(receive);
  send({ type: 'init', webgpu: typeof navigator !== 'undefined' && 'gpu' in navigator });
  useAppStore.subscribe((s, prev) => {
    if (
      s.dataset !== prev.dataset ||
      s.config.data !== prev.config.data ||
      s.config.model.task !== prev.config.model.task
    ) {
      requestPlan();
    }
  });
  void get().loadSample(DEFAULT_SAMPLE_ID);
}
