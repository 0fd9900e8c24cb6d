// Main-thread long tasks while the app trains (issue 4: the page never blocks for more than 50 ms).
// Serves a built app (dist/, or several builds given with --dist, interleaved run by run so they see the
// same machine load), opens it in Debian's Chromium (WebGPU through SwiftShader), trains the bundled CO₂
// sample with small batches (so the live charts hold 1,000+ batch points) and records every long task
// (PerformanceObserver 'longtask', i.e. ≥ 50 ms) from Train to the end of the run.
// Prints, per build: max and p95 of the long tasks, their count, and the total blocking time (Σ(d − 50)),
// and the time from pressing Train to the first batch on the page's progress bar (issue 6's time to first
// batch in the browser: worker start, data preparation, pipeline compilation, upload and one step).
// This is a benchmark, not a test: figures vary with machine load; compare builds only within one run.
// Usage: npx vite build && node bench/app/longtasks.mjs [--epochs 8] [--batch 4] [--runs 3] [--settle 500] [--dist dist --dist other]
//        [--settle MS] how long the page sits with its settings made before Train is clicked (default 500)
//        [--trace]    the long tasks' CPU time too (a Chromium trace): wall time minus waiting for a core
//        [--verbose]  every long task, with the page update it followed
//        [--profile]  (with --trace) what each long task did: its trace events and a CPU profile's hottest
//                     functions in it (build with `npx vite build --minify false` to see their names)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { preview } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { CHROMIUM, CHROMIUM_FLAGS, WEBGPU_FLAGS } = await tsImport(
  '../../src/cli/chromium.ts',
  import.meta.url,
);
const USAGE = `usage: npx vite build && node bench/app/longtasks.mjs [--epochs 8] [--batch 4] [--runs 3]
       [--settle 500] [--dist dist --dist other] [--trace] [--verbose] [--profile]   (bench/app/README.md says what each does)`;
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      epochs: { type: 'string', default: '8' },
      batch: { type: 'string', default: '4' },
      runs: { type: 'string', default: '3' },
      dist: { type: 'string', multiple: true, default: ['dist'] },
      settle: { type: 'string', default: '500' },
      trace: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (e) {
  console.error(`error: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const EPOCHS = Number(args.epochs);
const BATCH = Number(args.batch);
const RUNS = Number(args.runs);
const SETTLE = Number(args.settle);
for (const [name, v, min] of [
  ['epochs', EPOCHS, 1],
  ['batch', BATCH, 1],
  ['runs', RUNS, 1],
  ['settle', SETTLE, 0],
]) {
  if (!Number.isInteger(v) || v < min) {
    console.error(`error: --${name} must be a whole number ≥ ${min}, got "${args[name]}"\n${USAGE}`);
    process.exit(2);
  }
}

// Long tasks, and when the page's visible state changed (to tell which update a long task belongs to).
const LONGTASKS = () => {
  window.__longTasks = [];
  window.__marks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.duration, e.startTime]);
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('DOMContentLoaded', () => {
    const seen = {};
    new MutationObserver(() => {
      for (const [id, attr] of [
        ['run-state', 'data-state'],
        ['results', 'data-state'],
        ['loss-chart', 'data-points'],
      ]) {
        const v = document.querySelector(`[data-testid="${id}"]`)?.getAttribute(attr);
        if (v !== undefined && seen[id] !== v) {
          seen[id] = v;
          window.__marks.push([performance.now(), `${id}=${v}`]);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
};

async function serve(dist) {
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: resolve(ROOT, dist) },
    preview: { host: '127.0.0.1', port: 0, open: false },
  });
  return { server, url: server.resolvedUrls.local[0] };
}

/**
 * The renderer main thread's tasks of 50 ms or more from a Chromium trace, with their CPU time (tdur):
 * on a busy machine a task's wall time includes the time the thread waited for a core, so a long wall
 * time with a short CPU time is contention, not work the page does.
 */
function traceTasks(json, profile) {
  const parsed = JSON.parse(json);
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  // The page's main thread: of the renderer main threads in the trace, the one that ran the most tasks.
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = (m) =>
    events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === m.pid && e.tid === m.tid);
  const main = mains.map(tasks).sort((a, b) => b.length - a.length)[0] ?? [];
  const long = main.filter((e) => e.dur >= 50_000);
  const thread = long[0]
    ? events.filter((e) => e.ph === 'X' && e.pid === long[0].pid && e.tid === long[0].tid)
    : [];
  // Whatever their wall time: the main thread's busiest tasks by CPU time (the page's own work per task).
  const busiest = main
    .map((e) => (e.tdur ?? e.dur) / 1000)
    .sort((a, b) => b - a)
    .slice(0, 5);
  const tasksOut = long.map((e) => ({
    wall: e.dur / 1000,
    cpu: (e.tdur ?? e.dur) / 1000,
    at: e.ts,
    what: args.profile ? describeTask(e, thread, profile) : null,
  }));
  // All the main thread's CPU time from Train to the results: the load the page adds to the machine.
  const total = main.reduce((sum, e) => sum + (e.tdur ?? e.dur) / 1000, 0);
  return { long: tasksOut, busiest, total };
}

/**
 * One long task, broken down: the trace events directly inside it (wall and CPU ms, by name, with the
 * function a FunctionCall ran) and, from the sampling profile, the functions with the most samples in it
 * (self time, and inclusive time for the frames that are not the leaf).
 */
function describeTask(task, thread, profile) {
  const end = task.ts + task.dur;
  const inside = thread
    .filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Self time per event name (its time less its children's): where the task's time went by kind of work.
  const self = new Map();
  const stack = [];
  const add = (e, wall, cpu) => {
    const fn = e.args?.data?.functionName || e.args?.data?.type || '';
    const key = fn && e.name !== 'ThreadControllerImpl::RunTask' ? `${e.name}(${fn})` : e.name;
    const v = self.get(key) ?? { wall: 0, cpu: 0 };
    v.wall += wall;
    v.cpu += cpu;
    self.set(key, v);
  };
  for (const e of inside) {
    while (stack.length > 0 && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) add(parent, -e.dur / 1000, -(e.tdur ?? e.dur) / 1000);
    add(e, e.dur / 1000, (e.tdur ?? e.dur) / 1000);
    stack.push(e);
  }
  const lines = [...self]
    .sort((a, b) => b[1].cpu - a[1].cpu)
    .slice(0, 8)
    .filter(([, v]) => v.cpu >= 0.5)
    .map(([k, v]) => `${k} ${v.wall.toFixed(0)}/${v.cpu.toFixed(0)}`);
  if (!profile) return lines.join('; ');
  const fnSelf = new Map();
  const incl = new Map();
  let n = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < task.ts || t > end) continue;
    n += 1;
    let node = profile.nodes.get(profile.samples[i]);
    const name = (nd) => nd.callFrame.functionName || '(anonymous)';
    fnSelf.set(name(node), (fnSelf.get(name(node)) ?? 0) + 1);
    const seen = new Set();
    for (node = profile.parent.get(node.id); node; node = profile.parent.get(node.id)) {
      const f = name(node);
      if (seen.has(f) || f === '(root)') continue;
      seen.add(f);
      incl.set(f, (incl.get(f) ?? 0) + 1);
    }
  }
  const top = (m, k) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([f, c]) => `${f} ${((100 * c) / Math.max(1, n)).toFixed(0)}%`)
      .join(', ');
  const components = new Map([...incl].filter(([f]) => /^[A-Z]/.test(f)));
  return (
    `self ms (wall/CPU): ${lines.join('; ')}\n         samples ${n}; self: ${top(fnSelf, 8)}\n` +
    `         inclusive: ${top(incl, 12)}\n         components: ${top(components, 10)}`
  );
}

async function oneRun(url) {
  const profile = mkdtempSync(join(tmpdir(), 'bench-app-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...WEBGPU_FLAGS],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(LONGTASKS);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-testid="adapter"][data-state="webgpu"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="dataset"][data-state="ready"]', { timeout: 60_000 });
    for (const [id, v] of [
      ['window-input', 24],
      ['units-0', 32],
      ['epochs-input', EPOCHS],
      ['batch-input', BATCH],
    ]) {
      await page.getByTestId(id).fill(String(v));
    }
    await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: 60_000 });
    // How long the settings stay as they are before Train is pressed: the page warms the run's kernels
    // meanwhile (src/ui/warm-up.ts), so this decides how much of their compilation Train still waits for.
    await page.waitForTimeout(SETTLE);
    const cdp = args.profile ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    if (args.trace) {
      await browser.startTracing(page, {
        categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'],
      });
    }
    // After the profiler started: starting it is a long task of its own, not the page's.
    const start = await page.evaluate(() => {
      window.__longTasks = [];
      // The first batch the page shows: the speed turning from '—' to a figure, which the worker's first
      // progress message (sent when the first batch's loss is back) sets; observed, not polled. (The
      // batch bar reads 1 from the start: it counts the batch under way.)
      window.__firstBatchAt = null;
      window.__trainAt = null;
      document.addEventListener(
        'click',
        (e) => {
          if (e.target instanceof Element && e.target.closest('[data-testid="train"]'))
            window.__trainAt ??= performance.now();
        },
        true,
      );
      new MutationObserver((_, obs) => {
        const speed = document.querySelector('[data-testid="speed"]')?.textContent?.trim();
        if (window.__trainAt !== null && speed && speed !== '—') {
          window.__firstBatchAt = performance.now();
          obs.disconnect();
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
      return performance.now();
    });
    const t0 = Date.now();
    await page.getByTestId('train').click();
    await page.waitForSelector('[data-testid="run-state"][data-state="done"]', { timeout: 600_000 });
    const trainMs = Date.now() - t0;
    // Until the results of the run are drawn: that render belongs to the run too.
    await page.waitForSelector('[data-testid="results"][data-state="ready"]', { timeout: 120_000 });
    await page.waitForTimeout(500);
    const trace = args.trace ? (await browser.stopTracing()).toString() : null;
    let profile = null;
    if (cdp) {
      const p = (await cdp.send('Profiler.stop')).profile;
      const nodes = new Map(p.nodes.map((nd) => [nd.id, nd]));
      const parent = new Map();
      for (const nd of p.nodes) for (const c of nd.children ?? []) parent.set(c, nd);
      profile = { startTime: p.startTime, samples: p.samples, timeDeltas: p.timeDeltas, nodes, parent };
    }
    const { tasks, marks, firstBatchAt, trainAt } = await page.evaluate(() => ({
      tasks: window.__longTasks,
      marks: window.__marks,
      firstBatchAt: window.__firstBatchAt,
      trainAt: window.__trainAt,
    }));
    // From the click event on Train, as the page saw it.
    const firstBatchMs = firstBatchAt === null || trainAt === null ? null : firstBatchAt - trainAt;
    if (args.verbose) {
      for (const [d, at] of tasks) {
        const before = marks.filter((m) => m[0] <= at).at(-1);
        console.log(
          `       ${d.toFixed(0).padStart(4)} ms at ${((at - start) / 1000).toFixed(2)} s (after ${before?.[1] ?? 'start'})`,
        );
      }
    }
    return {
      tasks: tasks.map((t) => t[0]),
      trainMs,
      firstBatchMs,
      trace: trace ? traceTasks(trace, profile) : null,
    };
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function stats(tasks) {
  const d = [...tasks].sort((a, b) => a - b);
  const p95 = d.length > 0 ? d[Math.min(d.length - 1, Math.ceil(0.95 * d.length) - 1)] : 0;
  return {
    max: d.at(-1) ?? 0,
    p95,
    count: d.length,
    tbt: d.reduce((s, x) => s + Math.max(0, x - 50), 0),
  };
}

const servers = [];
try {
  for (const dist of args.dist) servers.push({ dist, ...(await serve(dist)) });
  console.log(
    `CO₂ sample, window 24, LSTM 32, batch ${BATCH}, ${EPOCHS} epochs, Train ${SETTLE} ms after the settings; ${RUNS} runs per build, interleaved`,
  );
  const all = new Map(servers.map((s) => [s.dist, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const s of servers) {
      const res = await oneRun(s.url);
      all.get(s.dist).push(res);
      const st = stats(res.tasks);
      console.log(
        `run ${r + 1} ${s.dist.padEnd(16)} max ${st.max.toFixed(0).padStart(4)} ms  p95 ${st.p95.toFixed(0).padStart(4)} ms  ` +
          `long tasks ${String(st.count).padStart(3)}  blocking ${st.tbt.toFixed(0).padStart(5)} ms  training ${(res.trainMs / 1000).toFixed(1)} s  ` +
          `first batch ${res.firstBatchMs === null ? '—' : `${res.firstBatchMs.toFixed(0)} ms`}`,
      );
      if (res.trace) {
        const cpu = res.trace.long.map((t) => t.cpu);
        console.log(
          `       trace: ${res.trace.long.length} main-thread tasks ≥ 50 ms wall; their CPU time: max ` +
            `${Math.max(0, ...cpu).toFixed(0)} ms, ${cpu.filter((c) => c >= 50).length} of them ≥ 50 ms of CPU; ` +
            `busiest tasks of all (CPU): ${res.trace.busiest.map((c) => c.toFixed(0)).join(', ')} ms; ` +
            `main thread CPU in all ${(res.trace.total / 1000).toFixed(1)} s`,
        );
        if (args.profile) {
          const t0 = res.trace.long[0]?.at ?? 0;
          for (const t of res.trace.long) {
            console.log(
              `       ${t.wall.toFixed(0).padStart(4)} ms wall, ${t.cpu.toFixed(0).padStart(3)} ms CPU at +${((t.at - t0) / 1e6).toFixed(2)} s: ${t.what}`,
            );
          }
        }
      }
    }
  }
  console.log('all runs together:');
  for (const [dist, runs] of all) {
    const st = stats(runs.flatMap((r) => r.tasks));
    if (args.trace) {
      const cpu = runs.flatMap((r) => r.trace.long.map((t) => t.cpu));
      const busiest = runs.map((r) => r.trace.busiest[0]?.toFixed(0) ?? '0').join(', ');
      const total = runs.map((r) => (r.trace.total / 1000).toFixed(1)).join(', ');
      console.log(
        `  ${dist.padEnd(16)} CPU time of the long tasks: max ${Math.max(0, ...cpu).toFixed(0)} ms, ` +
          `${cpu.filter((c) => c >= 50).length} of ${cpu.length} with ≥ 50 ms of CPU; ` +
          `busiest task of each run (CPU): ${busiest} ms; main thread CPU per run: ${total} s`,
      );
    }
    const per = runs.map((r) => stats(r.tasks).max.toFixed(0)).join(', ');
    const first = runs.map((r) => (r.firstBatchMs === null ? '—' : r.firstBatchMs.toFixed(0))).join(', ');
    console.log(
      `  ${dist.padEnd(16)} max ${st.max.toFixed(0)} ms (per run: ${per})  p95 ${st.p95.toFixed(0)} ms  ` +
        `long tasks ${(st.count / runs.length).toFixed(1)}/run  blocking ${(st.tbt / runs.length).toFixed(0)} ms/run  ` +
        `Train → first batch ${first} ms`,
    );
  }
} finally {
  for (const s of servers) await s.server.close();
}
