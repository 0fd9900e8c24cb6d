// The session in IndexedDB, shared by the page and the training worker: which data was loaded (a sample's
// id or a file's name), the run configuration and the list of past runs (written by the page), and the
// big things, a file's bytes and the last model file (written and read only by the worker, so they never
// cross to the page's main thread). A reload brings the page back as it was. Every call fails soft:
// without IndexedDB (private windows, quota, Node) the app works, it only forgets.
import type { RunConfig } from '../model/config.ts';

const DB_NAME = 'webgpu-lstm';
const DB_VERSION = 1;
const SESSION = 'session';
const RUNS = 'runs';

export type SavedData = { kind: 'sample'; id: string } | { kind: 'file'; name: string };

export interface ModelMeta {
  source: 'trained' | 'imported';
  name: string;
}

/** What the page reads back: small records only. */
export interface SavedSession {
  data?: SavedData;
  config?: RunConfig;
  /** There is a saved model (its file is under 'model', read by the worker). */
  modelMeta?: ModelMeta;
  /** The data the saved model learned from alone (src/ui/data-key.ts), when the page knows it. */
  trainedOn?: string;
}

/** Keys of the session store. 'fileBytes' and 'model' are the worker's. */
type SessionKey = 'data' | 'config' | 'modelMeta' | 'fileBytes' | 'model' | 'trainedOn';

export interface RunRecord {
  id?: number;
  /** ISO time the run finished. */
  at: string;
  dataName: string;
  backend: string;
  config: RunConfig;
  paramCount: number;
  stopReason: string;
  message: string;
  history: { loss: (number | null)[]; valLoss: (number | null)[] };
  /** Filled in when the run's results arrive. */
  /** baseline: persistence's RMSE or the majority class's accuracy (absent in runs saved before it). */
  metric: { name: 'RMSE' | 'accuracy'; value: number; split: string; baseline?: number } | null;
  seconds: number;
}

let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') {
      resolve(null);
      return;
    }
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(SESSION)) db.createObjectStore(SESSION);
      if (!db.objectStoreNames.contains(RUNS))
        db.createObjectStore(RUNS, { keyPath: 'id', autoIncrement: true });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      console.warn('IndexedDB unavailable; the session will not be saved.', req.error);
      resolve(null);
    };
  });
  return opening;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function withStore<T>(
  name: string,
  mode: IDBTransactionMode,
  body: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T | undefined> {
  const db = await open();
  if (!db) return undefined;
  try {
    return await done(body(db.transaction(name, mode).objectStore(name)));
  } catch (err) {
    console.warn(`IndexedDB ${mode} on ${name} failed`, err);
    return undefined;
  }
}

export async function loadSession(): Promise<SavedSession> {
  const [data, config, modelMeta, trainedOn] = await Promise.all([
    withStore<SavedData>(SESSION, 'readonly', (s) => s.get('data')),
    withStore<RunConfig>(SESSION, 'readonly', (s) => s.get('config')),
    withStore<ModelMeta>(SESSION, 'readonly', (s) => s.get('modelMeta')),
    withStore<string>(SESSION, 'readonly', (s) => s.get('trainedOn')),
  ]);
  return { data, config, modelMeta, trainedOn };
}

/** The worker's side: a saved file's bytes, or the saved model file's text. */
export async function loadSessionValue<T>(key: 'fileBytes' | 'model' | 'modelMeta'): Promise<T | undefined> {
  return withStore<T>(SESSION, 'readonly', (s) => s.get(key));
}

export function saveSession(key: SessionKey, value: unknown): Promise<unknown> {
  return withStore<unknown>(SESSION, 'readwrite', (s) =>
    value === null ? (s.delete(key) as IDBRequest<unknown>) : (s.put(value, key) as IDBRequest<unknown>),
  );
}

export async function listRuns(): Promise<RunRecord[]> {
  return (await withStore<RunRecord[]>(RUNS, 'readonly', (s) => s.getAll())) ?? [];
}

export async function addRun(run: RunRecord): Promise<number | undefined> {
  return (await withStore(RUNS, 'readwrite', (s) => s.add(run))) as number | undefined;
}

export function putRun(run: RunRecord): Promise<unknown> {
  return withStore(RUNS, 'readwrite', (s) => s.put(run));
}

export function deleteRun(id: number): Promise<unknown> {
  return withStore(RUNS, 'readwrite', (s) => s.delete(id));
}
