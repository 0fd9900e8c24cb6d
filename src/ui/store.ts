// The app's store: one zustand store built from the data, config, training and results slices, plus the
// single handler for everything the training worker sends. Components only render what is here.
import { create } from 'zustand';
import type { DateOrder } from '../data/dates.ts';
import type { DataConfig } from '../model/config.ts';
import { addRun, listRuns, loadSession, putRun, type RunRecord, saveSession } from '../worker/persist.ts';
import type { BatchPoint, FromWorker, TrainProgress } from '../worker/protocol.ts';
import { unreachable } from '../worker/protocol.ts';
import { keepBatchPoints } from './batch-history.ts';
import { needsDateReread } from './data-choices.ts';
import { debugEnabled, installDebugHooks } from './debug.ts';
import { downloadFile } from './download.ts';
import { sameLabels } from './labels-choice.ts';
import { DEFAULT_SAMPLE_ID, SAMPLES } from './samples.ts';
import { createConfigSlice } from './slices/config.ts';
import { createDataSlice, type DataSource, type Reread } from './slices/data.ts';
import { createResultsSlice } from './slices/results.ts';
import { createRunsSlice } from './slices/runs.ts';
import { createTrainingSlice, type EpochPoint, IDLE_RUN, isBusy } from './slices/training.ts';
import type { AppState } from './slices/types.ts';
import { installWarmUp } from './warm-up.ts';
import { nextReq, send, startWorker } from './worker-client.ts';

export type { AppState };

/** Whether a run is under way (slices/training.ts isBusy): the panels that would change it are locked. */
export const selectBusy = (s: AppState): boolean => isBusy(s.run);

export const useAppStore = create<AppState>()((...a) => ({
  ...createDataSlice(...a),
  ...createConfigSlice(...a),
  ...createTrainingSlice(...a),
  ...createResultsSlice(...a),
  ...createRunsSlice(...a),
}));

const set = useAppStore.setState;
const get = useAppStore.getState;

/** The batch losses kept for the loss chart: at most this many (thinned by stretch min/max past it). */
const MAX_BATCH_POINTS = 1200;

// Progress arrives from the worker up to ~10 times a second; the store takes it at most once a frame.
// The curves change less often: redrawing a recharts chart costs tens of ms on a slow machine, so new
// batch points reach the store at most once per CHART_EVERY_MS (an epoch's end always goes through).
const CHART_EVERY_MS = 1000;
let pending: { progress: TrainProgress | null; points: BatchPoint[]; epochs: EpochPoint[] } = {
  progress: null,
  points: [],
  epochs: [],
};
let frame = 0;
let lastChart = 0;

function flushProgress(force = false): void {
  frame = 0;
  const { progress, points, epochs } = pending;
  const now = performance.now();
  const chart = force || epochs.length > 0 || now - lastChart >= CHART_EVERY_MS;
  if (!chart) {
    // Only the progress figures; the points wait for the next chart update.
    pending = { progress: null, points, epochs: [] };
    if (progress) set((s) => ({ run: withProgress(s.run, progress) }));
    return;
  }
  lastChart = now;
  pending = { progress: null, points: [], epochs: [] };
  set((s) => ({
    run: progress ? withProgress(s.run, progress) : s.run,
    ...(points.length > 0 ? keptBatches(s, points) : {}),
    epochs: epochs.length > 0 ? [...s.epochs, ...epochs] : s.epochs,
  }));
}

function keptBatches(s: AppState, added: BatchPoint[]): Pick<AppState, 'batchPoints' | 'batchStretch'> {
  const kept = keepBatchPoints({ points: s.batchPoints, stretch: s.batchStretch }, added, MAX_BATCH_POINTS);
  return { batchPoints: kept.points, batchStretch: kept.stretch };
}

function withProgress(run: AppState['run'], p: TrainProgress): AppState['run'] {
  return {
    ...run,
    epoch: p.epoch,
    batch: p.batch,
    batches: p.batches,
    samplesPerSec: p.samplesPerSec,
    etaSec: p.etaSec,
  };
}

function schedule(): void {
  if (frame !== 0) return;
  const flush = () => flushProgress();
  frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flush) : 1;
  if (typeof requestAnimationFrame !== 'function') queueMicrotask(flush);
}

/** Everything pending, now (the run ended). */
function flushNow(): void {
  if (frame !== 0 && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
  flushProgress(true);
}

export function receive(msg: FromWorker): void {
  const s = get();
  switch (msg.type) {
    case 'backend':
      set({ backend: msg.info });
      return;
    case 'csv-progress':
      if (s.loading?.req === msg.req) {
        set({
          loading: { ...s.loading, fraction: msg.total > 0 ? msg.done / msg.total : 0, rows: msg.rows },
        });
      }
      return;
    case 'csv-loaded': {
      if (s.loading?.req !== msg.req) return;
      const { source, restoreConfig } = s.loading;
      // The counts shown so far belong to the data before: they wait for this data's own.
      set({
        dataset: { source, table: msg.dataset, summary: msg.summary },
        loading: null,
        dataError: null,
        labelsError: null,
        plan: { state: 'pending' },
      });
      if (restoreConfig) get().replaceConfig(restoreConfig);
      else get().adoptDataset(msg.dataset, source);
      persistData(source);
      // The data and its config are saved together: a reload right after a load (or a re-read with
      // another date order) must not pair this file with the config of the one before.
      saveConfigNow();
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
      void recordRun(msg.done);
      return;
    case 'model':
      if (s.restoring && msg.model) {
        set({
          model: msg.model,
          trainedOn: restoredTrainedOn,
          restoring: false,
          epochs: epochPoints(msg.model.history),
        });
        return;
      }
      persistModel(msg.model);
      if (s.importing && msg.model) {
        // An imported model brings its whole configuration and its curves. Its read choices (date order,
        // columns read as labels) apply as the data setup's choices do: the loaded file is read again in
        // the worker, and the config takes them only when that works (a failure keeps the data as it
        // was, and says so).
        const imported = msg.model.config;
        const { dateOrder, categorical } = s.config.data;
        const wanted = imported.data.dateOrder;
        const table = s.dataset?.table;
        const dates = table !== undefined && needsDateReread(table, dateOrder, wanted);
        const labels = !sameLabels(categorical, imported.data.categorical);
        const reread = table !== undefined && !s.loading && (dates || labels);
        void saveSession('trainedOn', null);
        set({
          model: msg.model,
          trainedOn: null,
          importing: false,
          config: reread ? { ...imported, data: withReadChoices(imported.data, s.config.data) } : imported,
          run: IDLE_RUN,
          batchPoints: [],
          batchStretch: 0,
          epochs: epochPoints(msg.model.history),
        });
        if (reread) {
          const why = [
            ...(dates ? [`reads dates ${orderText(wanted)}`] : []),
            ...(labels ? [`reads ${labelsText(imported.data.categorical)}`] : []),
          ];
          get().rereadFile(imported, {
            failed: `The model “${msg.model.name}” ${why.join(' and ')}, but this file cannot be read that way`,
            where: 'data',
          });
        }
        return;
      }
      // A model continued on other data than it was trained on has seen both.
      set({
        model: msg.model,
        trainedOn: s.run.resumed && s.trainedOn !== s.run.data ? null : s.run.data,
      });
      void saveSession('trainedOn', get().trainedOn);
      return;
    case 'results':
      set({ results: msg.results, resultsMessage: msg.message, predicting: false });
      if (msg.results) void attachMetric(msg.results);
      return;
    case 'exported': {
      const exporting = { ...s.exporting };
      delete exporting[msg.req];
      set({ exporting });
      for (const f of msg.files) downloadFile(f.filename, f.data, f.type);
      return;
    }
    case 'error':
      switch (msg.op) {
        case 'load-csv':
          if (s.loading?.req !== msg.req) return;
          set({ loading: null, ...loadFailure(s.loading.reread, msg.message) });
          // The saved session's file is gone: start from the sample instead of an empty page.
          if (s.loading.restoreConfig && !s.dataset) void get().loadSample(DEFAULT_SAMPLE_ID);
          return;
        case 'plan':
          if (msg.req === s.planReq)
            set({
              plan: {
                state: 'error',
                message: msg.message,
                ...(msg.code ? { code: msg.code } : {}),
                ...(msg.column ? { column: msg.column } : {}),
              },
            });
          return;
        case 'train':
          if (msg.req === s.run.req) set({ run: { ...s.run, state: 'failed', message: msg.message } });
          return;
        case 'import-model':
          if (s.restoring) {
            // A saved model that no longer loads is dropped quietly (the data and config still come back).
            set({ restoring: false, predicting: false });
            void saveSession('modelMeta', null);
            return;
          }
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

// ---- Persistence (IndexedDB): data, config, the last model and the list of runs ----

/** How a date order reads, for messages. */
function orderText(order: DateOrder | null): string {
  return order === null
    ? 'in the order the data suggests'
    : order === 'dmy'
      ? 'day/month/year'
      : 'month/day/year';
}

/** Columns read as labels, for messages. */
function labelsText(columns: readonly string[] | undefined): string {
  const names = (columns ?? []).map((c) => `"${c}"`);
  if (names.length === 0) return 'every number column as numbers';
  return `${names.join(', ')} as labels`;
}

/** `data` with the read choices of `read` (the loaded data's stay until a re-read works). */
function withReadChoices(data: DataConfig, read: DataConfig): DataConfig {
  const { categorical: _, ...rest } = data;
  return {
    ...rest,
    dateOrder: read.dateOrder,
    ...(read.categorical ? { categorical: read.categorical } : {}),
  };
}

/** A failed load's message, and where it shows: a re-read's says what was asked and that nothing changed. */
function loadFailure(
  reread: Reread | undefined,
  message: string,
): Pick<AppState, 'dataError'> | Pick<AppState, 'labelsError'> {
  if (!reread) return { dataError: message };
  const text = `${reread.failed}, so the data stays as it was. ${message}`;
  return reread.where === 'labels' ? { labelsError: text } : { dataError: text };
}

/** The loss curves of a model's history, as the chart's epoch points. */
function epochPoints(h: NonNullable<AppState['model']>['history']): EpochPoint[] {
  return h.loss.map((loss, i) => ({ epoch: i + 1, loss, valLoss: h.valLoss[i] ?? null, lr: h.lr[i] ?? 0 }));
}

function persistData(source: DataSource): void {
  // A file's bytes are saved by the worker; here only which data it was.
  void saveSession(
    'data',
    source.kind === 'sample' ? { kind: 'sample', id: source.sample.id } : { kind: 'file', name: source.name },
  );
}

function persistModel(model: AppState['model']): void {
  // The worker writes the model file itself; the page keeps only whether there is one.
  if (!model) void saveSession('modelMeta', null);
  send({ type: 'persist-model' });
}

/** What the saved session says the saved model learned from, for when it is back (data-key.ts). */
let restoredTrainedOn: string | null = null;

/** The run that just finished, waiting for its results' headline metric. */
let lastRun: RunRecord | null = null;

async function recordRun(done: Extract<FromWorker, { type: 'train-done' }>['done']): Promise<void> {
  const s = get();
  if (!s.run.config || done.history.loss.length === 0) return;
  const source = s.dataset?.source;
  const run: RunRecord = {
    at: new Date().toISOString(),
    dataName: source ? (source.kind === 'sample' ? source.sample.title : source.name) : '',
    backend: s.backend ? (s.backend.kind === 'webgpu' ? s.backend.name : 'CPU fallback') : '',
    config: s.run.config,
    paramCount: s.run.info?.paramCount ?? 0,
    stopReason: done.stopReason,
    message: done.message,
    history: { loss: done.history.loss, valLoss: done.history.valLoss },
    metric: null,
    seconds: done.history.epochMs.reduce((a, b) => a + b, 0) / 1000,
  };
  lastRun = run;
  const id = await addRun(run);
  if (id !== undefined) run.id = id;
  set((t) => ({ runs: [...t.runs, { ...run }] }));
}

async function attachMetric(results: NonNullable<AppState['results']>): Promise<void> {
  const run = lastRun;
  lastRun = null;
  if (!run) return;
  const split = results.splits[0];
  if (!split) return;
  const persistence = split.regression?.[0]?.persistence;
  run.metric = split.classification
    ? {
        name: 'accuracy',
        value: split.classification.accuracy,
        split: split.split,
        baseline: split.classification.majority.accuracy,
      }
    : {
        name: 'RMSE',
        value: split.regression?.[0]?.rmse ?? Number.NaN,
        split: split.split,
        ...(persistence ? { baseline: persistence.rmse } : {}),
      };
  // The record may still be on its way into IndexedDB; wait for its id.
  for (let i = 0; i < 50 && run.id === undefined; i++) await new Promise((r) => setTimeout(r, 20));
  if (run.id === undefined) return;
  void putRun(run);
  set((t) => ({ runs: t.runs.map((r) => (r.id === run.id ? { ...run } : r)) }));
}

let configTimer: ReturnType<typeof setTimeout> | undefined;
function persistConfig(): void {
  clearTimeout(configTimer);
  configTimer = setTimeout(saveConfigNow, 300);
}

function saveConfigNow(): void {
  clearTimeout(configTimer);
  configTimer = undefined;
  void saveSession('config', get().config);
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

/**
 * Start the worker, ask it for a device, bring back the saved session (or open the default sample),
 * and keep the plan and the saved session current.
 */
export async function startApp(): Promise<void> {
  startWorker(receive);
  const debug = debugEnabled();
  send({ type: 'init', webgpu: typeof navigator !== 'undefined' && 'gpu' in navigator, debug });
  if (debug) installDebugHooks();
  useAppStore.subscribe((s, prev) => {
    if (
      s.dataset !== prev.dataset ||
      s.config.data !== prev.config.data ||
      s.config.model.task !== prev.config.model.task
    ) {
      requestPlan();
    }
    if (s.config !== prev.config) persistConfig();
  });
  installWarmUp(useAppStore);
  // An edit still waiting for its debounced save goes now when the page is left.
  addEventListener('pagehide', () => {
    if (configTimer !== undefined) saveConfigNow();
  });
  const saved = await loadSession();
  set({ runs: await listRuns() });
  const data = saved.data;
  if (data?.kind === 'file') get().restoreFile(data.name, saved.config);
  else {
    const id = data && SAMPLES.some((x) => x.id === data.id) ? data.id : DEFAULT_SAMPLE_ID;
    void get().loadSample(id, data ? saved.config : undefined);
  }
  if (saved.modelMeta) {
    restoredTrainedOn = saved.trainedOn ?? null;
    set({ restoring: true, predicting: true });
    send({ type: 'restore-model', req: nextReq() });
  }
}
