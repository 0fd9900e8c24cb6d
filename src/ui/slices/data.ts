// Data slice: the loaded dataset (kept when a new file fails to load), its summary, loading progress,
// and the plan (window counts) the worker computes for the current data settings.
import type { Dataset } from '../../data/csv.ts';
import type { DateOrder } from '../../data/dates.ts';
import type { DataErrorCode } from '../../data/errors.ts';
import type { DatasetSummary } from '../../data/summary.ts';
import type { RunConfig } from '../../model/config.ts';
import { type DataPlan, readChoices } from '../../worker/protocol.ts';
import { labelsConfig, labelsProblem } from '../labels-choice.ts';
import { DEFAULT_SAMPLE_ID, findSample, type SampleDataset, sampleUrl } from '../samples.ts';
import { nextReq, send } from '../worker-client.ts';
import type { Slice } from './types.ts';

export type DataSource = { kind: 'sample'; sample: SampleDataset } | { kind: 'file'; name: string };

export type PlanStatus =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'ok'; plan: DataPlan }
  | { state: 'error'; message: string; code?: DataErrorCode; column?: string };

/** A re-read of the loaded file: how a failure's message starts, and where it is shown. */
export interface Reread {
  failed: string;
  /** 'labels': under the data setup's labels choice; 'data': in the data panel. */
  where: 'data' | 'labels';
}

export interface DataSlice {
  /** The data that is loaded (null before the first file). */
  dataset: { source: DataSource; table: Dataset; summary: DatasetSummary } | null;
  /** A load in progress: what, how far, and (restoring a session) the config to put back. */
  loading: {
    req: number;
    source: DataSource;
    /** Bytes parsed so far, as a fraction of the file. */
    fraction: number;
    /** Rows read so far. */
    rows: number;
    restoreConfig?: RunConfig;
    /** The loaded file read again with other read choices: a failure says so (the data stays). */
    reread?: Reread;
  } | null;
  /** The last load failed: why (the previous dataset stays). */
  dataError: string | null;
  /** The last choice to read a column as labels (or as numbers again) failed: why (nothing changed). */
  labelsError: string | null;
  plan: PlanStatus;
  planReq: number;
  loadSample(id: string, restoreConfig?: RunConfig): Promise<void>;
  loadFile(file: File): Promise<void>;
  /** Load a file's bytes (opened or dropped). */
  loadBytes(name: string, bytes: ArrayBuffer): void;
  /** Load the file saved with the session (the worker reads it from IndexedDB). */
  restoreFile(name: string, restoreConfig?: RunConfig): void;
  /**
   * Read the loaded file again with ambiguous dates in this order (null: decided from the data). The
   * config follows only when that works; a failure keeps the data and says why.
   */
  rereadDates(order: DateOrder | null, why?: string): void;
  /**
   * Read the loaded file again with `column` as labels (on) or as numbers (off). A column with too many
   * distinct values is refused at once; the config (a class column makes the task classification) follows
   * only when the re-read works; a failure keeps the data, the config and the model, and says why.
   */
  readAsLabels(column: string, on: boolean): void;
  /**
   * Read the loaded file again to follow `config`'s read choices (date order, labels); `config` replaces
   * the current one when that works.
   */
  rereadFile(config: RunConfig, reread: Reread): void;
  /** Stop the load in progress; the data loaded before stays. */
  cancelLoad(): void;
  dismissDataError(): void;
}

function readError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const createDataSlice: Slice<DataSlice> = (set, get) => ({
  dataset: null,
  loading: null,
  dataError: null,
  labelsError: null,
  plan: { state: 'idle' },
  planReq: 0,

  async loadSample(id, restoreConfig) {
    const sample = findSample(id);
    const req = nextReq();
    const source: DataSource = { kind: 'sample', sample };
    set({ loading: { req, source, fraction: 0, rows: 0, restoreConfig }, dataError: null });
    try {
      const res = await fetch(sampleUrl(sample));
      if (!res.ok) throw new Error(`Could not download ${sample.file}: HTTP ${res.status}.`);
      // Static servers with an SPA fallback answer a missing file with index.html and status 200.
      if (res.headers.get('content-type')?.includes('text/html')) {
        throw new Error(`${sample.file} is missing from this site (the server answered with a web page).`);
      }
      const bytes = await res.arrayBuffer();
      if (get().loading?.req !== req) return;
      send(
        {
          type: 'load-csv',
          req,
          name: sample.file,
          bytes,
          persist: false,
          ...readChoices(restoreConfig?.data ?? {}),
        },
        [bytes],
      );
    } catch (err) {
      if (get().loading?.req === req) set({ loading: null, dataError: readError(err) });
    }
  },

  async loadFile(file) {
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch (err) {
      set({ dataError: `Cannot read ${file.name}: ${readError(err)}` });
      return;
    }
    get().loadBytes(file.name, bytes);
  },

  loadBytes(name, bytes) {
    const req = nextReq();
    const source: DataSource = { kind: 'file', name };
    set({ loading: { req, source, fraction: 0, rows: 0 }, dataError: null });
    // The worker keeps the bytes in IndexedDB itself (they never come back to this thread).
    send({ type: 'load-csv', req, name, bytes, persist: true }, [bytes]);
  },

  restoreFile(name, restoreConfig) {
    const req = nextReq();
    set({
      loading: { req, source: { kind: 'file', name }, fraction: 0, rows: 0, restoreConfig },
      dataError: null,
    });
    send({ type: 'restore-data', req, name, ...readChoices(restoreConfig?.data ?? {}) });
  },

  rereadDates(order, why) {
    const s = get();
    get().rereadFile(
      { ...s.config, data: { ...s.config.data, dateOrder: order } },
      {
        failed: why
          ? `${why}, but this file's dates cannot be read that way`
          : 'The dates could not be read in that order',
        where: 'data',
      },
    );
  },

  readAsLabels(column, on) {
    const s = get();
    if (!s.dataset || s.loading) return;
    const problem = on ? labelsProblem(s.dataset.table, column) : null;
    if (problem) {
      set({ labelsError: problem });
      return;
    }
    set({ labelsError: null });
    get().rereadFile(labelsConfig(s.config, column, on), {
      failed: `Column "${column}" could not be read as ${on ? 'labels' : 'numbers again'}`,
      where: 'labels',
    });
  },

  rereadFile(config, reread) {
    const s = get();
    if (!s.dataset || s.loading) return;
    const req = nextReq();
    set({
      loading: { req, source: s.dataset.source, fraction: 0, rows: 0, restoreConfig: config, reread },
      dataError: null,
    });
    send({ type: 'reread-csv', req, ...readChoices(config.data) });
  },

  cancelLoad() {
    const loading = get().loading;
    if (!loading) return;
    // Replies for this request are ignored from now on (they no longer match `loading`).
    set({ loading: null });
    send({ type: 'cancel-load', req: loading.req });
    // Cancelled before anything was ever loaded (a saved session's file): open the default sample.
    if (!get().dataset) void get().loadSample(DEFAULT_SAMPLE_ID);
  },

  dismissDataError() {
    set({ dataError: null });
  },
});
