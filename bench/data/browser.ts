// The CSV loader in headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser): the same
// generated 1M-row × 6-column file as the Node benchmark, parsed by src/data in a page served from
// 127.0.0.1 by Vite's dev server (TypeScript compiled on the fly; the file streamed from the temp dir).
// Not a test: `npm run bench:data -- --browser [--runs N]`. One JSON line per run; every run gets a fresh
// browser, so one run's heap never carries into the next; the two APIs alternate.
//   MB/s = file bytes / parse wall time in the page (performance.now around the call; the fetch is not in
//     it);
//   peak = the renderer process's peak resident set (VmHWM in /proc) during the parse minus its size
//     before the page fetched the file: the Node method (input bytes counted), for the process that holds
//     the page's JavaScript heap, its ArrayBuffers and the decoder. The fetch itself peaks near twice the
//     file (fetch_peak: response.arrayBuffer() collects chunks, then copies), which is not the loader's
//     doing, so after the fetch the page collects garbage and the high-water mark is reset (writing 5 to
//     /proc/PID/clear_refs) before the parse starts;
//   js_heap_peak = the page's JSHeapUsedSize from CDP Performance.getMetrics, polled every 10 ms, peak
//     minus before: the V8 heap alone (ArrayBuffers, i.e. the file and the columns, live outside it).
//     A synchronous parseCsv blocks the polls, so only loadCsv's figure (it yields) sees inside the parse.
import { createReadStream, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_FLAGS, freePort } from '../../src/cli/chromium.ts';
import type { ParseApi } from './browser-page.ts';
import { BENCH_FILE, generate } from './generate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// For the garbage collection between fetch and parse (see above); it changes nothing else.
const BENCH_FLAGS = ['--js-flags=--expose-gc'];

interface BenchWindow {
  benchData: {
    fetchData(): Promise<number>;
    collect(): void;
    parse(api: ParseApi): Promise<{ rows: number; columns: string[]; ms: number }>;
  };
}

/** Chromium renderer processes started by this process (children of its children …). */
function rendererPids(): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone in the meantime
    }
  }
  const out: number[] = [];
  const todo = [process.pid];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    for (const c of children.get(pid) ?? []) {
      todo.push(c);
      try {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('--type=renderer')) out.push(c);
      } catch {}
    }
  }
  return out;
}

/**
 * Sets a process's peak resident set (VmHWM) back to its current size; false where the kernel refuses
 * (then the peak includes the fetch's, and the output says so with peak_reset: false).
 */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function memory(pid: number): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

export async function browserBench(argv: string[]): Promise<number> {
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 2;
  generate();
  const size = statSync(BENCH_FILE).size;
  const [{ createServer }, { chromium }] = await Promise.all([import('vite'), import('playwright-core')]);
  const port = await freePort();
  const vite = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    // Its own dependency cache: other dev servers on this tree (the app, bench --browser) keep theirs.
    cacheDir: join(tmpdir(), 'webgpu-lstm-bench-data-vite'),
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false, watch: null },
    optimizeDeps: { include: ['papaparse'] },
    plugins: [
      {
        name: 'bench-data-file',
        configureServer(server) {
          server.middlewares.use('/bench-data.csv', (_req, res) => {
            res.setHeader('content-type', 'text/csv');
            res.setHeader('content-length', String(size));
            createReadStream(BENCH_FILE).pipe(res);
          });
        },
      },
    ],
  });
  await vite.listen();
  const url = `http://127.0.0.1:${port}/bench/data/browser.html`;
  try {
    for (let i = 0; i < runs; i++) {
      for (const api of ['parseCsv', 'loadCsv'] as const) {
        const browser = await chromium.launch({
          executablePath: CHROMIUM,
          headless: true,
          args: [...CHROMIUM_FLAGS, ...BENCH_FLAGS],
        });
        try {
          const page = await browser.newPage();
          page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
          await page.goto(url);
          await page.waitForFunction(() => 'benchData' in window);
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Performance.enable');
          const heap = async () => {
            const { metrics } = await cdp.send('Performance.getMetrics');
            return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
          };
          const pids = rendererPids();
          const before = new Map(pids.map((p) => [p, memory(p).rss]));
          const heap0 = await heap();
          const bytes = await page.evaluate(() => (window as unknown as BenchWindow).benchData.fetchData());
          const fetchPeak = Math.max(...pids.map((p) => memory(p).hwm - before.get(p)!));
          await page.evaluate(() => (window as unknown as BenchWindow).benchData.collect());
          const reset = pids.map(resetPeak).every(Boolean);
          const held = Math.max(...pids.map((p) => memory(p).rss - before.get(p)!));
          let heapPeak = heap0;
          let parsing = true;
          const poll = (async () => {
            while (parsing) {
              heapPeak = Math.max(heapPeak, await heap());
              await new Promise((r) => setTimeout(r, 10));
            }
          })();
          const r = await page.evaluate(
            (a) => (window as unknown as BenchWindow).benchData.parse(a),
            api as ParseApi,
          );
          parsing = false;
          await poll;
          const peak = Math.max(...pids.map((p) => memory(p).hwm - before.get(p)!));
          const mb = bytes / 1e6;
          console.log(
            JSON.stringify({
              engine: `chromium ${browser.version()}`,
              api,
              rows: r.rows,
              columns: r.columns,
              file_mb: +mb.toFixed(1),
              parse_ms: Math.round(r.ms),
              mb_per_s: +(mb / (r.ms / 1000)).toFixed(1),
              peak_mb: +(peak / 1e6).toFixed(1),
              peak_over_file: +(peak / bytes).toFixed(2),
              peak_reset: reset,
              fetch_peak_mb: +(fetchPeak / 1e6).toFixed(1),
              after_fetch_mb: +(held / 1e6).toFixed(1),
              js_heap_peak_mb: +((heapPeak - heap0) / 1e6).toFixed(1),
            }),
          );
        } finally {
          await browser.close();
        }
      }
    }
    return 0;
  } finally {
    await vite.close();
  }
}
