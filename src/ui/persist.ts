// The session in IndexedDB: the data (a sample's id, or the file's bytes), the run configuration, the
// last model (its model file) and the list of past runs, so a reload brings the page back as it was.
// Every call fails soft: without IndexedDB (private windows, quota) the app works, it only forgets.
import type { RunConfig } from '../model/config.ts';

const DB_NAME = 'webgpu-lstm';
const DB_VERSION = 1;
const SESSION = 'session';
const RUNS = 'runs';

export type SavedData = { kind: 'sample'; id: string } | { kind: 'file'; name: string; bytes: ArrayBuffer };

export interface SavedModel {
  /** The model file, as exported. */
  text: string;
  source: 'trained' | 'imported';
  name: string;
}

export interface SavedSession {
  data?: SavedData;
  config?: RunConfig;
  model?: SavedModel;
}

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
  metric: { name: 'RMSE' | 'accuracy'; value: number; split: string } | null;
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
  const [data, config, model] = await Promise.all([
    withStore<SavedData>(SESSION, 'readonly', (s) => s.get('data')),
    withStore<RunConfig>(SESSION, 'readonly', (s) => s.get('config')),
    withStore<SavedModel>(SESSION, 'readonly', (s) => s.get('model')),
  ]);
  return { data, config, model };
}

export function saveSession<K extends keyof SavedSession>(
  key: K,
  value: SavedSession[K] | null,
): Promise<unknown> {
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
