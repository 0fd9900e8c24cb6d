// The page the Chromium parse benchmark (browser.ts) drives: it fetches the generated CSV from the
// bench's own 127.0.0.1 server, then parses it with the app's loader, timing the parse alone.
import { type Dataset, loadCsv, parseCsv } from '../../src/data/csv.ts';

export type ParseApi = 'parseCsv' | 'loadCsv';

let bytes: Uint8Array | null = null;

async function fetchData(): Promise<number> {
  const response = await fetch('/bench-data.csv');
  bytes = new Uint8Array(await response.arrayBuffer());
  return bytes.byteLength;
}

/** Between the fetch and the parse: the fetch's garbage goes (Chromium started with --expose-gc). */
function collect(): void {
  (globalThis as unknown as { gc?: () => void }).gc?.();
}

async function parse(api: ParseApi): Promise<{ rows: number; columns: string[]; ms: number }> {
  if (!bytes) throw new Error('fetchData first');
  const t = performance.now();
  // parseCsv: the synchronous call the Node benchmark times; loadCsv: what the app's worker calls
  // (slices with a yield to the event loop every ~16 ms, for progress and cancelling).
  const ds: Dataset = api === 'parseCsv' ? parseCsv(bytes) : await loadCsv(bytes);
  const ms = performance.now() - t;
  return { rows: ds.rows, columns: ds.columns.map((c) => `${c.name}:${c.kind}`), ms };
}

Object.assign(window, { benchData: { fetchData, collect, parse } });
