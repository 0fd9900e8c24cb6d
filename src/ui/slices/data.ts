// Data slice: the loaded dataset (kept when a new file fails to load), its summary, loading progress,
// and the plan (window counts) the worker computes for the current data settings.
import type { Dataset } from '../../data/csv.ts';
import type { DateOrder } from '../../data/dates.ts';
import type { DataErrorCode } from '../../data/errors.ts';
import type { DatasetSummary } from '../../data/summary.ts';
import type { RunConfig } from '../../model/config.ts';
import type { DataPlan } from '../../worker/protocol.ts';
import { DEFAULT_SAMPLE_ID, findSample, type SampleDataset, sampleUrl } from '../samples.ts';
import { nextReq, send } from '../worker-client.ts';
import type { Slice } from './types.ts';

export type DataSource = { kind: 'sample'; sample: SampleDataset } | { kind: 'file'; name: string };

export type PlanStatus =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'ok'; plan: DataPlan }
  | { state: 'error'; message: string; code?: DataErrorCode };

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
    /**
     * The loaded file read again with another date order: a failure says so (the data stays). true: the
     * user picked the order; a string: why the order was asked for (the start of the failure's message).
     */
    reread?: true | string;
  } | null;
  /** The last load failed: why (the previous dataset stays). */
  dataError: string | null;
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
      const dateOrder = restoreConfig?.data.dateOrder ?? null;
      send({ type: 'load-csv', req, name: sample.file, bytes, persist: false, dateOrder }, [bytes]);
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
    send({ type: 'restore-data', req, name, dateOrder: restoreConfig?.data.dateOrder ?? null });
  },

  rereadDates(order, why) {
    const s = get();
    if (!s.dataset || s.loading) return;
    const req = nextReq();
    const restoreConfig: RunConfig = { ...s.config, data: { ...s.config.data, dateOrder: order } };
    set({
      loading: { req, source: s.dataset.source, fraction: 0, rows: 0, restoreConfig, reread: why ?? true },
      dataError: null,
    });
    send({ type: 'reread-csv', req, dateOrder: order });
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
