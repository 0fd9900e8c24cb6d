// End-to-end tests of the built app (dist/) in Debian's Chromium, driven by playwright-core.
// Serves dist/ with Vite's preview server on a free 127.0.0.1 port, then checks:
//   1. with WebGPU enabled, the page finds a real adapter (SwiftShader without a GPU) and never falls back;
//   2. the bundled sample dataset loads and shows its row count, chart (it zooms) and columns; it trains
//      with its defaults and beats persistence; then, 400 px wide, the cards stack in the order of the
//      steps and nothing (results, the past runs' table) is wider than the page;
//   3. switching to the classification sample works; it trains, its accuracy is in [0, 1] and the confusion
//      matrix adds up to the windows of each split; the exported model file names the classes;
//      the results tabs follow the WAI-ARIA tabs pattern; every control is reachable with Tab and the
//      status regions are live;
//   4. a CSV opened through the file input trains for a few epochs in the worker, the window counts follow
//      the window length as it is typed, the loss chart draws, pause holds the run and resume finishes it;
//   5. export downloads a model file that parseModelFile accepts, and predictions as CSV; a 96 MB CSV shows
//      its reading progress and Cancel keeps the data loaded before;
//      the prediction chart saves as SVG (title, legend, lines) and as a PNG twice as wide, also 400 px wide;
//   6. importing that file in a fresh page restores the config and predicts the same values;
//   7. a bad CSV and a bad model file show an error and keep what was loaded; a number column with stray
//      text names the cell and offers to treat such cells as missing, then says which cells it read so;
//   8. a reload restores the data, config and model from IndexedDB, and lists the past run;
//   9. without WebGPU (no adapter, or no navigator.gpu at all) the CPU-fallback notice shows, and the
//      CPU fallback trains;
//  10. (page opened with ?e2e, which lets the test destroy the worker's GPUDevice) a lost device stops the
//      run with a message, keeps the last good weights, predicts with them, and "Resume from kept weights"
//      trains on a new device; a diverging loss (SGD, learning rate 10) stops the same way;
//  11. a CSV with two stations stacked (each hour once per station): picking one station counts its windows
//      only, draws it, and trains and predicts on it; "all" counts both; dates that read either way
//      (01/02/2024) show the loader's reading and the choice, and the other order changes the time range;
//  12. a number column of class codes is read as labels, picked as the class and trained as classification;
//      columns of too many values get no checkbox (one line names them; the CO₂ sample shows no labels
//      field at all); the choice survives a reload and goes back to numbers;
//  13. (after 6, in the same page) a horizon of 3 steps shows the error by step beside persistence and a
//      picker of the step the prediction chart draws; the buttons, a mouse drag and a touch drag zoom it;
//      "Use" on a past run brings its settings back (model and training only, from a run on another file).
// Any uncaught page error or console error fails the test it happens in. Screenshots of every step go
// to test-results/e2e/. The last line printed is `N passed, M failed`; the exit code is non-zero on failure.
// Usage: npx vite build && node e2e/run.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { preview } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'test-results', 'e2e');
// Debian's Chromium (CHROMIUM_PATH overrides), the flags every launch gets, WebGPU on, a free port.
const { CHROMIUM, CHROMIUM_FLAGS, WEBGPU_FLAGS, freePort } = await tsImport(
  '../src/cli/chromium.ts',
  import.meta.url,
);
const VIEWPORT = { width: 1280, height: 720 };
const WAIT_MS = 60_000;
const TRAIN_MS = 120_000;

// Known rows in the bundled samples (public/data): header excluded.
const CO2_ROWS = 741;
const SEATTLE_ROWS = 1461;
const SEATTLE_CLASSES = ['drizzle', 'fog', 'rain', 'snow', 'sun'];

// A small generated series for the upload tests: two noisy sines, one a lagged echo of the other.
const SINE_ROWS = 240;
function sineCsv() {
  const lines = ['time,x,y'];
  for (let i = 0; i < SINE_ROWS; i++) {
    const x = Math.sin(i / 6) + 0.1 * Math.sin(i * 1.7);
    const y = Math.sin((i - 3) / 6) * 0.8 + 0.05 * Math.cos(i * 2.3);
    lines.push(`${i},${x.toFixed(5)},${y.toFixed(5)}`);
  }
  return `${lines.join('\n')}\n`;
}

// Two stations stacked in one file, each hour once per station (written interleaved, as exports do).
const STATIONS = { north: 120, south: 90 };
function stationsCsv() {
  const lines = ['time,station,temp'];
  for (let i = 0; i < Math.max(STATIONS.north, STATIONS.south); i++) {
    const t = new Date(Date.UTC(2024, 0, 1, i)).toISOString().slice(0, 19);
    if (i < STATIONS.north) lines.push(`${t},north,${(10 + 3 * Math.sin(i / 5)).toFixed(3)}`);
    if (i < STATIONS.south) lines.push(`${t},south,${(25 + 2 * Math.cos(i / 4)).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

// Class codes 0/1/2 (from a wave's level) beside 90 different prices, one row a day.
const CODES_ROWS = 90;
function codesCsv() {
  const lines = ['date,cls,price,x'];
  for (let i = 0; i < CODES_ROWS; i++) {
    const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    const x = Math.sin(i / 5);
    lines.push(`${day},${x > 0.35 ? 2 : x < -0.35 ? 0 : 1},${(100 + i * 1.25).toFixed(2)},${x.toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}

// The 1st of each month, day first, for three years: no part is over 12, so either order reads (and both
// keep the rows in time order: day/month/year gives months, month/day/year gives the first 12 days).
function ambiguousDatesCsv() {
  const lines = ['date,value'];
  for (let k = 0; k < 36; k++) {
    lines.push(`01/${String((k % 12) + 1).padStart(2, '0')}/${2024 + Math.floor(k / 12)},${(k % 7) * 1.5}`);
  }
  return `${lines.join('\n')}\n`;
}

/** train + validation + test windows, read from the window counts line. */
async function windowTotal(page) {
  await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
  const text = (await page.getByTestId('window-counts').textContent()).replace(/\s+/g, ' ');
  const m = text.match(/([\d,]+) training · ([\d,]+) validation · ([\d,]+) test windows/);
  if (!m) fail(`window counts: "${text}"`);
  return m.slice(1, 4).reduce((a, x) => a + Number(x.replaceAll(',', '')), 0);
}

/** Waits until the window counts add up to `total` (they follow the settings a moment later). */
async function expectWindowTotal(page, total) {
  const until = Date.now() + 10_000;
  let now = await windowTotal(page);
  while (now !== total && Date.now() < until) {
    await page.waitForTimeout(100);
    now = await windowTotal(page);
  }
  if (now !== total) fail(`windows add up to ${now}, expected ${total}`);
}

// Long tasks on the main thread (the page must stay responsive while the worker trains).
const LONGTASK_SCRIPT = () => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__longTasks.push([Math.round(e.duration), Math.round(e.startTime)]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
};

const results = [];
const tempDirs = [];

function fail(message) {
  throw new Error(message);
}

function browserEnv() {
  const env = { ...process.env };
  if (!env.XDG_RUNTIME_DIR) {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-xdg-'));
    tempDirs.push(dir);
    env.XDG_RUNTIME_DIR = dir;
  }
  return env;
}

/** Launches Chromium with a fresh profile; collects page errors and console errors for the tests. */
async function openBrowser(name, { webgpu, initScript }) {
  const profile = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
  tempDirs.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    acceptDownloads: true,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(webgpu ? WEBGPU_FLAGS : [])],
    viewport: VIEWPORT,
    env: browserEnv(),
  });
  await context.addInitScript(LONGTASK_SCRIPT);
  if (initScript) await context.addInitScript(initScript);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
  });
  page.on('requestfailed', (req) =>
    errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  return { context, page, errors };
}

// E2E_ONLY=regex runs only the tests whose names match (while working on them; tests in one browser
// session may build on the ones before).
const ONLY = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;

async function test(name, session, screenshot, body) {
  if (ONLY && !ONLY.test(name)) return;
  const started = Date.now();
  const errorsBefore = session.errors.length;
  let error = null;
  try {
    await body(session.page);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  try {
    await session.page.screenshot({ path: join(OUT, screenshot), fullPage: true });
  } catch (err) {
    error ??= `screenshot failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  const pageErrors = session.errors.slice(errorsBefore);
  if (!error && pageErrors.length > 0) error = pageErrors.join('\n    ');
  const ms = Date.now() - started;
  results.push({ name, ok: !error });
  if (error)
    console.log(`FAIL ${name} (${ms} ms)\n    ${error}\n    screenshot: test-results/e2e/${screenshot}`);
  else console.log(`ok   ${name} (${ms} ms)`);
}

async function settledAdapter(page) {
  const el = page.getByTestId('adapter');
  await page.waitForSelector('[data-testid="adapter"]:not([data-state="pending"])', { timeout: WAIT_MS });
  return { state: await el.getAttribute('data-state'), text: (await el.textContent()).trim() };
}

async function readyDataset(page) {
  await page.waitForSelector(
    '[data-testid="dataset"][data-state="ready"], [data-testid="dataset"][data-state="error"]',
    {
      timeout: WAIT_MS,
    },
  );
  const el = page.getByTestId('dataset');
  const state = await el.getAttribute('data-state');
  const text = (await el.textContent()).trim();
  if (state !== 'ready') fail(`dataset did not load: ${await page.getByRole('alert').allInnerTexts()}`);
  const match = text.match(/([\d,]+) rows/);
  if (!match) fail(`dataset summary has no row count: "${text}"`);
  return { text, rows: Number(match[1].replaceAll(',', '')) };
}

async function expectFallback(page) {
  const adapter = await settledAdapter(page);
  if (adapter.state !== 'cpu')
    fail(`expected the CPU fallback, got state "${adapter.state}": "${adapter.text}"`);
  if (!adapter.text.includes('CPU fallback'))
    fail(`adapter badge does not say "CPU fallback": "${adapter.text}"`);
  const notice = page.getByTestId('webgpu-notice');
  const noticeText = await notice.textContent({ timeout: WAIT_MS });
  if (!/no WebGPU/i.test(noticeText) || !noticeText.includes('CPU fallback')) {
    fail(`fallback notice is unclear: "${noticeText}"`);
  }
  // The app stays usable without WebGPU.
  const dataset = await readyDataset(page);
  if (dataset.rows !== CO2_ROWS) fail(`expected ${CO2_ROWS} rows, saw "${dataset.text}"`);
}

/** Types a value into a labelled number input (found by its test id). */
async function fill(page, testId, value) {
  const input = page.getByTestId(testId);
  await input.fill(String(value));
  await input.blur();
}

/** Small model and run settings (SwiftShader and the CPU fallback are slow). */
async function tinySetup(page, { window = 8, units = 16, epochs = 3, batch = 32 } = {}) {
  await fill(page, 'window-input', window);
  await fill(page, 'units-0', units);
  await fill(page, 'epochs-input', epochs);
  await fill(page, 'batch-input', batch);
  await fill(page, 'lr-input', 0.01);
  await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
}

async function runState(page) {
  return page.getByTestId('run-state').getAttribute('data-state');
}

async function waitRun(page, states, timeout = TRAIN_MS) {
  const sel = states.map((s) => `[data-testid="run-state"][data-state="${s}"]`).join(', ');
  await page.waitForSelector(sel, { timeout });
  return runState(page);
}

async function lossPoints(page) {
  return Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
}

async function openCsv(page, name, text) {
  await page
    .getByTestId('csv-input')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

async function download(page, testId) {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.getByTestId(testId).click(),
  ]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** Clicks a control that downloads `count` files; returns their names and paths. */
async function downloads(page, testId, count) {
  const seen = [];
  const all = new Promise((resolve) => {
    const on = async (d) => {
      seen.push({ name: d.suggestedFilename(), path: await d.path() });
      if (seen.length === count) {
        page.off('download', on);
        resolve(seen);
      }
    };
    page.on('download', on);
  });
  await page.getByTestId(testId).click();
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`${testId}: ${seen.length} of ${count} downloads arrived`)), WAIT_MS),
  );
  return Promise.race([all, timeout]);
}

async function resultsReady(page) {
  await page.waitForSelector('[data-testid="results"][data-state="ready"]', { timeout: TRAIN_MS });
  return page.getByTestId('results').getAttribute('data-fingerprint');
}

/** Accuracy in [0, 1] and confusion counts that add up to the windows of the split shown. */
async function checkClassification(page) {
  const accuracy = Number(await page.getByTestId('accuracy').getAttribute('data-value'));
  if (!(accuracy >= 0 && accuracy <= 1)) fail(`accuracy is ${accuracy}`);
  const windows = Number(await page.getByTestId('split-windows').getAttribute('data-windows'));
  const cells = await page.getByTestId('confusion').locator('tbody td').allInnerTexts();
  const counts = cells.map((t) => Number(t.replaceAll(',', '')));
  if (counts.length !== SEATTLE_CLASSES.length ** 2) fail(`confusion has ${counts.length} cells`);
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(windows > 0) || total !== windows)
    fail(`confusion counts add up to ${total}, not ${windows} windows`);
  const diagonal = counts.filter((_, i) => i % (SEATTLE_CLASSES.length + 1) === 0).reduce((a, b) => a + b, 0);
  // The accuracy shown is the diagonal's share (to display precision).
  if (Math.abs(diagonal / total - accuracy) > 1e-9)
    fail(`accuracy ${accuracy}, diagonal ${diagonal}/${total}`);
}

/**
 * Presses Tab until focus comes back around; returns the visible, enabled controls (tabIndex ≥ 0) it
 * never reached. Tabs of a tab list count when their list was reached (arrows reach the rest).
 */
async function tabThroughPage(page) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.__focused = new Set();
    document.addEventListener('focusin', (e) => window.__focused.add(e.target), true);
  });
  const total = await page.evaluate(
    () => document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]').length,
  );
  for (let i = 0; i < total + 5; i++) await page.keyboard.press('Tab');
  return page.evaluate(() => {
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const reached = (el) =>
      window.__focused.has(el) ||
      (el.getAttribute('role') === 'tab' &&
        [...el.parentElement.children].some((t) => window.__focused.has(t)));
    return [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .filter((el) => !el.disabled && el.tabIndex >= 0 && visible(el) && !el.closest('fieldset:disabled'))
      .filter((el) => !reached(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

async function expectCounts(page, text) {
  try {
    await page.waitForSelector(`[data-testid="window-counts"][data-state="ok"]:has-text("${text}")`, {
      timeout: 10_000,
    });
  } catch {
    const now = (await page.getByTestId('window-counts').textContent()).replace(/\s+/g, ' ');
    fail(`window counts: "${now}", expected "${text}"`);
  }
}

/** A CSV of about `mb` megabytes (time, x, y), written to a temp file. */
function bigCsvFile(mb) {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-big-'));
  tempDirs.push(dir);
  const path = join(dir, 'big.csv');
  const lines = ['t,x,y'];
  let bytes = 6;
  for (let i = 0; bytes < mb * 1e6; i++) {
    const line = `${i},${Math.sin(i / 50).toFixed(6)},${Math.cos(i / 70).toFixed(6)}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, bytes };
}

/** Every axis label of a chart lies inside the chart: none is cut off at its edges. */
async function labelsInside(page, testId) {
  const chart = page.getByTestId(testId);
  await chart.locator('.recharts-cartesian-axis-tick-value').first().waitFor({ timeout: WAIT_MS });
  const cut = await chart.evaluate((fig) => {
    const svg = fig.querySelector('svg.recharts-surface');
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('.recharts-cartesian-axis-tick-value')]
      .map((t) => [t.textContent, t.getBoundingClientRect()])
      .filter(([, r]) => r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5)
      .map(
        ([text, r]) =>
          `"${text}" (${r.left.toFixed(0)}–${r.right.toFixed(0)} px, chart ${box.left.toFixed(0)}–${box.right.toFixed(0)} px)`,
      );
  });
  if (cut.length > 0) fail(`${testId}: axis labels cut off at the chart's edge: ${cut.join(', ')}`);
}

async function maxLongTask(page) {
  const tasks = await page.evaluate(() => window.__longTasks ?? []);
  if (process.env.E2E_DEBUG) console.log('     long tasks [ms, at ms]:', JSON.stringify(tasks));
  return tasks.length > 0 ? Math.max(...tasks.map((t) => t[0])) : 0;
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.log('dist/index.html is missing: build the app first (npx vite build).');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    console.log(
      `${CHROMIUM} is missing: run \`bash .ci/install-system-deps\` (as root) or set CHROMIUM_PATH.`,
    );
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  const port = await freePort();
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const url = `http://127.0.0.1:${port}/`;
  console.log(`serving dist/ at ${url}; browser ${CHROMIUM}`);

  try {
    // 1–5: WebGPU enabled.
    const csv = sineCsv();
    let exported = null;
    const gpu = await openBrowser('webgpu', { webgpu: true });
    try {
      await gpu.page.goto(url);
      await test('page loads and finds a WebGPU adapter', gpu, '01-webgpu-adapter.png', async (page) => {
        const title = await page.getByRole('heading', { level: 1 }).textContent();
        if (title.trim() !== 'webgpu-lstm') fail(`header is "${title}"`);
        const adapter = await settledAdapter(page);
        if (adapter.state !== 'webgpu' || adapter.text.includes('CPU fallback')) {
          fail(`WebGPU must work in Chromium here, but the page fell back: "${adapter.text}"`);
        }
        const name = adapter.text.replace(/^WebGPU\s*/, '').trim();
        if (name.length === 0 || name === 'unknown adapter') fail(`adapter has no name: "${adapter.text}"`);
        console.log(`     adapter: ${name}`);
      });
      await test(
        'bundled sample dataset shows with its row count',
        gpu,
        '02-dataset-co2.png',
        async (page) => {
          const dataset = await readyDataset(page);
          if (!dataset.text.includes('co2-concentration.csv')) fail(`unexpected dataset: "${dataset.text}"`);
          if (!(dataset.rows > 0)) fail(`row count is not positive: "${dataset.text}"`);
          if (dataset.rows !== CO2_ROWS) fail(`expected ${CO2_ROWS} rows, saw "${dataset.text}"`);
          await page
            .locator('.chart .recharts-line path.recharts-curve')
            .first()
            .waitFor({ timeout: WAIT_MS });
          const chips = await page.getByRole('list', { name: 'Columns' }).getByRole('listitem').count();
          if (chips !== 3) fail(`expected 3 column chips, saw ${chips}`);
          // The data chart zooms as the prediction chart does (its buttons here; drags are tested there).
          const range = page.getByTestId('data-zoom-range');
          const rows = async () => [
            Number(await range.getAttribute('data-start')),
            Number(await range.getAttribute('data-end')),
          ];
          await page.getByTestId('data-zoom-in').click();
          const [from, to] = await rows();
          if (
            Math.abs(to - from - CO2_ROWS / 2) > 1 ||
            !/^Showing 19\d\d-\d\d-\d\d → /.test(await range.textContent())
          )
            fail(`data chart zoomed in: rows ${from}–${to}, "${await range.textContent()}"`);
          await page.getByTestId('data-zoom-all').click();
          if ((await rows()).join() !== `0,${CO2_ROWS}`) fail(`data chart after "Show all": ${await rows()}`);
          const cells = await page.locator('table tbody tr').count();
          if (cells === 0) fail('preview table is empty');
          // Every control has an accessible name (a label, aria-label or its text).
          const unnamed = await page.evaluate(() =>
            [...document.querySelectorAll('input, select, textarea, button')]
              .filter((el) => {
                const label = el.labels?.[0]?.textContent?.trim();
                const own = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
                const text = el.tagName === 'BUTTON' ? el.textContent.trim() : '';
                return !(label || own || text);
              })
              .map((el) => el.outerHTML.slice(0, 100)),
          );
          if (unnamed.length > 0) fail(`controls without a name:\n    ${unnamed.join('\n    ')}`);
        },
      );
      await test(
        'the CO₂ sample with its defaults (differences in and out) beats persistence on validation and test',
        gpu,
        '02b-co2-baseline.png',
        async (page) => {
          const diff = await page.getByTestId('differences-select').inputValue();
          if (diff !== 'all') fail(`the CO₂ sample starts with differences "${diff}", want "all"`);
          // One click on Train with the sample's own settings: what every user sees first.
          await page.getByTestId('train').click();
          const end = await waitRun(page, ['done', 'failed']);
          const status = (await page.getByTestId('run-state').textContent()).trim();
          if (end !== 'done') fail(`CO₂ training failed: "${status}"`);
          await resultsReady(page);
          const tabs = page.getByTestId('split-tabs').getByRole('tab');
          const names = await tabs.allInnerTexts();
          if (names.join(',') !== 'Validation,Test') fail(`split tabs: ${names}`);
          for (const [i, split] of names.entries()) {
            await tabs.nth(i).click();
            const cue = page.getByTestId('baseline');
            const text = (await cue.textContent()).replace(/\s+/g, ' ');
            const model = Number(await cue.getAttribute('data-model'));
            const base = Number(await cue.getAttribute('data-baseline'));
            console.log(`     ${split}: RMSE ${model.toFixed(3)} vs persistence ${base.toFixed(3)} ppm`);
            if (!/persistence/.test(text))
              fail(`${split}: the baseline cue does not name persistence: "${text}"`);
            const metrics = (await page.getByTestId('metrics').textContent()).replace(/\s+/g, ' ');
            if (!/RMSE ?[\d.]+ · persistence [\d.]+/.test(metrics))
              fail(`${split}: metrics without the baseline: "${metrics}"`);
            // Persistence on this sample is ~1.3–1.4 ppm; a model of changes gets ~0.4–0.5 (CLI, 20 epochs).
            if ((await cue.getAttribute('data-better')) !== 'true' || !(model < base))
              fail(`${split}: RMSE ${model} does not beat persistence ${base}: "${text}"`);
          }
          await tabs.first().click();
          // The past run's row, with its baseline, fits in its card (it once pushed the last columns out).
          const runs = await page.getByTestId('runs').evaluate((t) => {
            const box = t.parentElement.getBoundingClientRect();
            return { table: t.getBoundingClientRect().width, box: box.width, text: t.textContent };
          });
          if (runs.table > runs.box + 1)
            fail(`the past-runs table is ${runs.table} px wide in a ${runs.box} px card`);
          if (!/persistence/.test(runs.text)) fail('the past run does not show its baseline');
        },
      );
      await test(
        'phone-wide, with results and a past run: one column in the order of the steps (settings before Train), nothing wider than the page',
        gpu,
        '02a-phone-wide.png',
        async (page) => {
          await page.setViewportSize({ width: 400, height: 800 });
          try {
            const steps = await page.$$eval('.card .eyebrow', (els) =>
              els.map((e) => ({ n: Number.parseInt(e.textContent, 10), top: e.getBoundingClientRect().top })),
            );
            const order = steps.sort((a, b) => a.top - b.top).map((e) => e.n);
            if (order.join(',') !== '1,2,3,4,5,6,7,8') fail(`cards from top to bottom: ${order.join(', ')}`);
            // The charts follow their box through a ResizeObserver: give them a few frames to shrink.
            const fits = await page
              .waitForFunction(
                () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
                null,
                { timeout: 5_000 },
              )
              .then(() => true)
              .catch(() => false);
            if (!fits) {
              const width = await page.evaluate(() => ({
                scroll: document.documentElement.scrollWidth,
                client: document.documentElement.clientWidth,
              }));
              fail(`the page is ${width.scroll} px wide in ${width.client} px`);
            }
            // The adapter's name is whole, not cut off beside the title.
            const badge = await page
              .getByTestId('adapter')
              .evaluate((b) => ({ scroll: b.scrollWidth, client: b.clientWidth }));
            if (badge.scroll > badge.client)
              fail(`the adapter badge is cut: ${badge.scroll} in ${badge.client} px`);
            await page.screenshot({ path: join(OUT, '02a-phone-wide-top.png') });
          } finally {
            await page.setViewportSize(VIEWPORT);
          }
        },
      );
      await test('switching to the classification sample', gpu, '03-dataset-seattle.png', async (page) => {
        await page.getByLabel('Sample dataset').selectOption('seattle-weather');
        await page.waitForSelector(
          '[data-testid="dataset"][data-state="ready"]:has-text("seattle-weather.csv")',
          {
            timeout: WAIT_MS,
          },
        );
        const dataset = await readyDataset(page);
        if (dataset.rows !== SEATTLE_ROWS) fail(`expected ${SEATTLE_ROWS} rows, saw "${dataset.text}"`);
        if (!dataset.text.includes('classification')) fail(`task not shown: "${dataset.text}"`);
      });

      await test(
        'the classification sample trains; accuracy and the confusion matrix add up; the model file has the classes',
        gpu,
        '03b-classification.png',
        async (page) => {
          await tinySetup(page, { window: 7, units: 8, epochs: 3, batch: 64 });
          await page.getByTestId('train').click();
          const end = await waitRun(page, ['done', 'failed']);
          const status = (await page.getByTestId('run-state').textContent()).trim();
          if (end !== 'done') fail(`classification training failed: "${status}"`);
          if ((await lossPoints(page)) !== 3) fail(`expected 3 epochs, saw ${await lossPoints(page)}`);
          await resultsReady(page);
          await checkClassification(page);
          const cue = (await page.getByTestId('baseline').textContent()).replace(/\s+/g, ' ');
          if (!/most frequent training class/.test(cue)) fail(`no majority-class baseline: "${cue}"`);
          const model = await download(page, 'export-model');
          const { parseModelFile } = await tsImport('../src/model/model-file.ts', import.meta.url);
          const { file } = parseModelFile(model.text);
          const shown = await page.getByTestId('confusion').locator('thead th.num').allInnerTexts();
          if (JSON.stringify(file.preprocessing.classes) !== JSON.stringify(shown))
            fail(`classes in the file ${JSON.stringify(file.preprocessing.classes)}, shown ${shown}`);
          if (file.preprocessing.classes.join(',') !== SEATTLE_CLASSES.join(','))
            fail(`classes: ${file.preprocessing.classes}`);
          const head = file.layers.at(-1);
          if (head.activation !== 'softmax' || head.units !== SEATTLE_CLASSES.length)
            fail(`head: ${head.activation} × ${head.units}`);
          if (file.config.model.task !== 'classification')
            fail(`task in the file: ${file.config.model.task}`);
        },
      );

      await test(
        'results tabs follow the WAI-ARIA tabs pattern (arrows, Home/End, roving tabindex)',
        gpu,
        '03c-results-tabs.png',
        async (page) => {
          const tabs = page.getByTestId('split-tabs').getByRole('tab');
          const names = await tabs.allInnerTexts();
          if (names.join(',') !== 'Validation,Test') fail(`split tabs: ${names}`);
          const state = () =>
            page.evaluate(() => {
              const all = [...document.querySelectorAll('[data-testid="split-tabs"] [role="tab"]')];
              return {
                selected: all.findIndex((t) => t.getAttribute('aria-selected') === 'true'),
                focused: all.indexOf(document.activeElement),
                tabbable: all.filter((t) => t.tabIndex === 0).length,
                panelOk: all.every(
                  (t) =>
                    t.getAttribute('aria-selected') !== 'true' ||
                    document.getElementById(t.getAttribute('aria-controls'))?.getAttribute('role') ===
                      'tabpanel',
                ),
              };
            });
          const expect = async (selected, why) => {
            const s = await state();
            if (s.selected !== selected || s.focused !== selected)
              fail(`${why}: tab ${s.selected} selected, ${s.focused} focused (want ${selected})`);
            if (s.tabbable !== 1) fail(`${why}: ${s.tabbable} tabs in the Tab order (want 1)`);
            if (!s.panelOk) fail(`${why}: the selected tab does not control a tabpanel`);
          };
          const windows = () => page.getByTestId('split-windows').getAttribute('data-windows');
          await tabs.first().focus();
          const valWindows = await windows();
          await page.keyboard.press('ArrowRight');
          await expect(1, 'ArrowRight');
          if ((await windows()) === valWindows) fail('the panel did not switch to the test split');
          await checkClassification(page);
          await page.keyboard.press('ArrowRight');
          await expect(0, 'ArrowRight wraps');
          await page.keyboard.press('End');
          await expect(1, 'End');
          await page.keyboard.press('Home');
          await expect(0, 'Home');
          await page.keyboard.press('ArrowLeft');
          await expect(1, 'ArrowLeft wraps');
          // Tab leaves the tab list for its panel.
          await page.keyboard.press('Tab');
          const role = await page.evaluate(() => document.activeElement?.getAttribute('role'));
          if (role !== 'tabpanel') fail(`Tab from the tab list went to a ${role}, not the tabpanel`);
        },
      );

      await test(
        'every control is reachable with Tab, operable from the keyboard, and status is announced',
        gpu,
        '03d-keyboard.png',
        async (page) => {
          const missed = await tabThroughPage(page);
          if (missed.length > 0) fail(`not reachable with Tab:\n    ${missed.join('\n    ')}`);
          // Space toggles a checkbox, Enter presses a button.
          const log = page.getByRole('checkbox', { name: 'Log scale' });
          await log.focus();
          await page.keyboard.press('Space');
          if (!(await log.isChecked())) fail('Space did not tick "Log scale"');
          await page.keyboard.press('Space');
          // Status regions are live, so screen readers announce them.
          const live = await page.evaluate(() =>
            ['run-state', 'dataset', 'adapter', 'window-counts'].map((id) => {
              const el = document.querySelector(`[data-testid="${id}"]`);
              const region =
                el?.closest('[aria-live], [role="status"], [role="alert"], output') ??
                el?.querySelector('[aria-live], [role="status"], [role="alert"]');
              return region ? null : id;
            }),
          );
          const silent = live.filter(Boolean);
          if (silent.length > 0) fail(`not announced (no live region): ${silent.join(', ')}`);
          const status = await page.getByTestId('run-state').getByRole('status').textContent();
          if (!/Finished/.test(status)) fail(`the run's status region says "${status}"`);
          // Keyboard only: pick a layer count and train from the keyboard (Enter on the Train button).
          await page.getByTestId('epochs-input').focus();
          await page.keyboard.press('Control+A');
          await page.keyboard.type('1');
          await page.getByTestId('train').focus();
          await page.keyboard.press('Enter');
          const end = await waitRun(page, ['done', 'failed']);
          if (end !== 'done') fail(`keyboard-started run: ${end}`);
          if ((await lossPoints(page)) !== 1) fail(`expected 1 epoch, saw ${await lossPoints(page)}`);
          await resultsReady(page);
        },
      );

      await test(
        'a CSV opened through the file input trains; pause holds the run, resume finishes it',
        gpu,
        '04-train-uploaded-csv.png',
        async (page) => {
          await openCsv(page, 'sines.csv', csv);
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("sines.csv")', {
            timeout: WAIT_MS,
          });
          const dataset = await readyDataset(page);
          if (dataset.rows !== SINE_ROWS) fail(`expected ${SINE_ROWS} rows, saw "${dataset.text}"`);
          await tinySetup(page, { epochs: 6 });
          // 240 rows, window 8, horizon 1: 232 windows; 20 % validation (46), 10 % test (23), 163 to train.
          await expectCounts(page, '163 training · 46 validation · 23 test windows');
          // Live as you type: window 20 leaves 220 windows (44, 22, 154).
          await fill(page, 'window-input', 20);
          await expectCounts(page, '154 training · 44 validation · 22 test windows');
          await fill(page, 'window-input', 8);
          await expectCounts(page, '163 training · 46 validation · 23 test windows');
          await page.evaluate(() => {
            window.__longTasks = [];
          });
          await page.getByTestId('train').click();
          await waitRun(page, ['running']);
          const backend = (await page.getByTestId('backend-line').textContent()).trim();
          if (!/WebGPU/.test(backend)) fail(`training is not on WebGPU: "${backend}"`);
          await page.waitForFunction(
            () =>
              Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')) >= 1,
            null,
            { timeout: TRAIN_MS },
          );
          await page.getByTestId('pause').click();
          await waitRun(page, ['paused']);
          await page.screenshot({ path: join(OUT, '04a-paused.png'), fullPage: true });
          await page.waitForTimeout(800);
          const a = await lossPoints(page);
          await page.waitForTimeout(1500);
          const b = await lossPoints(page);
          if (a !== b) fail(`the loss chart grew from ${a} to ${b} epochs while paused`);
          if ((await runState(page)) !== 'paused') fail('the run left the paused state by itself');
          if (a >= 6) fail('the run finished before it could be paused; make it longer');
          await page.getByTestId('resume').click();
          const end = await waitRun(page, ['done', 'failed']);
          const status = (await page.getByTestId('run-state').textContent()).trim();
          if (end !== 'done') fail(`training failed: "${status}"`);
          if (!/Trained 6 epochs/.test(status)) fail(`unexpected end of training: "${status}"`);
          const points = await lossPoints(page);
          if (points !== 6) fail(`expected 6 epochs in the loss chart, saw ${points}`);
          await page
            .locator('[data-testid="loss-chart"] .recharts-line path.recharts-curve')
            .first()
            .waitFor({ timeout: WAIT_MS });
          await resultsReady(page);
          const metrics = (await page.getByTestId('metrics').textContent()).replace(/\s+/g, ' ');
          if (!/RMSE/.test(metrics) || !/MAE/.test(metrics)) fail(`metrics missing: "${metrics}"`);
          // Trained here on this very file: its held-out windows were never seen in training.
          const held = await page.getByTestId('split-windows').textContent();
          if (!/windows, never seen in training\.$/.test(held)) fail(`split line: "${held}"`);
          await page
            .getByTestId('prediction-chart')
            .locator('path.recharts-curve')
            .first()
            .waitFor({ timeout: WAIT_MS });
          const forecast = (await page.getByTestId('forecast').textContent()).replace(/\s+/g, ' ');
          if (!/1 steps? after the last row/.test(forecast)) fail(`forecast: "${forecast}"`);
          await labelsInside(page, 'prediction-chart');
          await labelsInside(page, 'forecast-chart');
          const longest = await maxLongTask(page);
          console.log(`     longest main-thread task while training: ${longest} ms`);
        },
      );

      await test(
        'export downloads a model file that validates, and predictions',
        gpu,
        '05-export.png',
        async (page) => {
          const model = await download(page, 'export-model');
          if (!model.name.endsWith('.json')) fail(`model download is named "${model.name}"`);
          const { parseModelFile } = await tsImport('../src/model/model-file.ts', import.meta.url);
          const loaded = parseModelFile(model.text);
          if (loaded.file.preprocessing.window !== 8)
            fail(`window in the file: ${loaded.file.preprocessing.window}`);
          if (loaded.file.layers[0].units !== 16) fail(`units in the file: ${loaded.file.layers[0].units}`);
          if (loaded.file.history.loss.length !== 6)
            fail(`history has ${loaded.file.history.loss.length} epochs`);
          const predictions = await download(page, 'export-predictions');
          const lines = predictions.text.trim().split('\n');
          if (lines[0] !== 'window_end,target_row,time,y,y_true') fail(`predictions header: "${lines[0]}"`);
          if (lines.length - 1 !== SINE_ROWS - 8 + 1)
            fail(`expected ${SINE_ROWS - 7} prediction rows, got ${lines.length - 1}`);
          const config = await download(page, 'export-config');
          if (JSON.parse(config.text).model.layers[0].units !== 16) fail('config download lacks the layers');
          // TensorFlow.js: one click, two files (model.json names weights.bin); TF.js loads them.
          const tfjsFiles = await downloads(page, 'export-tfjs', 2);
          const names = tfjsFiles.map((f) => f.name).sort();
          if (names.join(',') !== 'model.json,weights.bin') fail(`TF.js export files: ${names.join(', ')}`);
          const tfjsJson = JSON.parse(
            readFileSync(tfjsFiles.find((f) => f.name === 'model.json').path, 'utf8'),
          );
          const bin = readFileSync(tfjsFiles.find((f) => f.name === 'weights.bin').path);
          const tf = await import('@tensorflow/tfjs');
          await tf.setBackend('cpu');
          const tfModel = await tf.loadLayersModel({
            load: async () => ({
              modelTopology: tfjsJson.modelTopology,
              weightSpecs: tfjsJson.weightsManifest[0].weights,
              weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
            }),
          });
          const out = await tfModel.predict(tf.zeros([1, 8, 2])).data();
          if (out.length !== 1 || !Number.isFinite(out[0])) fail(`TF.js prediction: ${Array.from(out)}`);
          const fingerprint = await page.getByTestId('results').getAttribute('data-fingerprint');
          exported = { model: model.text, predictions: predictions.text, fingerprint };
          writeFileSync(join(OUT, 'exported-model.json'), model.text);
        },
      );

      await test(
        'a big CSV shows its reading progress, and Cancel keeps the data loaded before',
        gpu,
        '05b-big-file-cancelled.png',
        async (page) => {
          const before = await readyDataset(page);
          // Big enough that a fast machine still shows several progress steps before Cancel lands.
          const big = bigCsvFile(96);
          // Every value the progress bar takes, as the page sees it.
          await page.evaluate(() => {
            window.__progress = [];
            new MutationObserver(() => {
              const bar = document.querySelector('[data-testid="load-progress"] [role="progressbar"]');
              const v = bar ? Number(bar.getAttribute('aria-valuenow')) : null;
              if (v !== null && window.__progress.at(-1) !== v) window.__progress.push(v);
            }).observe(document.body, { subtree: true, childList: true, attributes: true });
          });
          await page.getByTestId('csv-input').setInputFiles(big.path);
          await page.getByTestId('load-progress').waitFor({ timeout: WAIT_MS });
          await page.waitForFunction(() => window.__progress.some((v) => v > 0), null, { timeout: WAIT_MS });
          // The top of the page (the progress bar is there); a full-page shot would take longer than a step.
          await page.screenshot({ path: join(OUT, '05a-big-file-progress.png') });
          // Wait for the bar to move twice past 0 %, then cancel.
          await page.waitForFunction(() => window.__progress.filter((v) => v > 0).length >= 2, null, {
            timeout: WAIT_MS,
          });
          await page.getByTestId('cancel-load').click();
          const seen = await page.evaluate(() => window.__progress);
          if (seen.at(-1) >= 100) fail(`the file was read before Cancel could be pressed: ${seen}`);
          await page.getByTestId('load-progress').waitFor({ state: 'detached', timeout: WAIT_MS });
          const progressed = seen.filter((v) => v > 0);
          if (!progressed.every((v, i) => i === 0 || v > progressed[i - 1]))
            fail(`progress went backwards: ${seen}`);
          console.log(
            `     ${(big.bytes / 1e6).toFixed(0)} MB: progress ${seen.join(' → ')} %, then cancelled`,
          );
          // A moment for anything late from the worker; the data from before must still be there.
          await page.waitForTimeout(1500);
          const after = await readyDataset(page);
          if (after.text !== before.text) fail(`the data changed: "${before.text}" → "${after.text}"`);
          if (await page.getByTestId('data-error').isVisible()) fail('cancelling showed an error');
          if ((await page.getByTestId('window-counts').getAttribute('data-state')) !== 'ok')
            fail('the window counts are gone');
        },
      );

      await test(
        'a chart downloads as SVG (title, legend, lines, fonts) and as PNG at twice its width, 400 px wide too',
        gpu,
        '05c-chart-export.png',
        async (page) => {
          // The sines run of test 4 is still on the page: its results, with validation and test tabs. The
          // file is named after the split shown (earlier tests may have left Test picked).
          await resultsReady(page);
          await page.getByTestId('split-tabs').getByRole('tab', { name: 'Validation' }).click();
          const chart = page.getByTestId('prediction-chart');
          await chart.locator('path.recharts-curve').first().waitFor({ timeout: WAIT_MS });
          const svgButton = page.getByRole('button', { name: 'Download the prediction chart as SVG' });
          const pngButton = page.getByRole('button', { name: 'Download the prediction chart as PNG' });
          const saved = async (press) => {
            const [dl] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), press()]);
            return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
          };
          const svg = await saved(() => svgButton.click());
          if (svg.name !== 'predicted-and-true-y-validation.svg') fail(`SVG file name: "${svg.name}"`);
          writeFileSync(join(OUT, 'chart-export.svg'), svg.bytes);
          const label = await chart.getAttribute('aria-label');
          // Parsed as XML by the browser: any mistake in the markup is a parsererror.
          const doc = await page.evaluate((text) => {
            const xml = new DOMParser().parseFromString(text, 'image/svg+xml');
            const root = xml.documentElement;
            const texts = [...xml.querySelectorAll('text')];
            return {
              error: xml.querySelector('parsererror')?.textContent ?? null,
              root: root.localName,
              ns: root.namespaceURI,
              title: root.querySelector(':scope > title')?.textContent ?? null,
              background: root.querySelector(':scope > rect')?.getAttribute('fill') ?? null,
              texts: texts.map((t) => t.textContent),
              unstyled: texts.filter((t) => !t.closest('[font-family]') || !t.closest('[fill]')).length,
              curves: [...xml.querySelectorAll('path.recharts-curve')]
                .map((p) => ({ d: p.getAttribute('d') ?? '', stroke: p.getAttribute('stroke') }))
                .filter((p) => p.d.length > 100),
            };
          }, svg.bytes.toString('utf8'));
          if (doc.error) fail(`the SVG is not well-formed: ${doc.error}`);
          if (doc.root !== 'svg' || doc.ns !== 'http://www.w3.org/2000/svg')
            fail(`root: ${doc.root} ${doc.ns}`);
          if (doc.title !== label) fail(`SVG title "${doc.title}", chart label "${label}"`);
          if (doc.background !== '#ffffff') fail(`no white background: ${doc.background}`);
          for (const word of ['y (true)', 'y (predicted)'])
            if (!doc.texts.includes(word))
              fail(`legend "${word}" missing from the SVG: ${doc.texts.join(' | ')}`);
          if (doc.unstyled > 0) fail(`${doc.unstyled} texts in the SVG without a font or a colour`);
          // The truth's and the prediction's colours, as computed styles (#111827, #f97316).
          const strokes = doc.curves.map((c) => c.stroke).sort();
          if (strokes.join(',') !== 'rgb(17, 24, 39),rgb(249, 115, 22)')
            fail(`the SVG's lines: ${doc.curves.length} curves, strokes ${strokes.join(', ')}`);
          // From the keyboard: Enter on the focused PNG button.
          await pngButton.focus();
          const png = await saved(() => page.keyboard.press('Enter'));
          if (png.name !== 'predicted-and-true-y-validation.png') fail(`PNG file name: "${png.name}"`);
          writeFileSync(join(OUT, 'chart-export.png'), png.bytes);
          if (!png.bytes.subarray(0, 8).equals(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')))
            fail(`not a PNG: ${png.bytes.subarray(0, 8).toString('hex')}`);
          const box = await chart.boundingBox();
          // IHDR: width and height, big-endian, at bytes 16 and 20.
          const [w, h] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
          if (w !== 2 * Math.round(box.width)) fail(`PNG ${w} px wide, chart ${box.width} px`);
          if (h < 2 * 0.9 * box.height || h > 2 * box.height + 2)
            fail(`PNG ${h} px tall, chart ${box.height} px`);
          // Every chart on the page has its two buttons, enabled once drawn, named after the chart.
          const charts = await page.$$eval('figure.chart', (figs) =>
            figs.map((f) => ({
              label: f.getAttribute('aria-label'),
              buttons: [...f.querySelectorAll('.chart-export button')].map((b) => [
                b.getAttribute('aria-label'),
                b.disabled,
              ]),
            })),
          );
          for (const c of charts) {
            if (
              c.buttons.length !== 2 ||
              c.buttons.some(([name, off]) => off || !/^Download the .+ as (SVG|PNG)$/.test(name))
            )
              fail(`chart "${c.label}": buttons ${JSON.stringify(c.buttons)}`);
          }
          // 400 px wide: the buttons stay inside the chart, clear of its legend.
          await page.setViewportSize({ width: 400, height: 800 });
          try {
            await chart.scrollIntoViewIfNeeded();
            await page.waitForTimeout(300);
            const overlap = await chart.evaluate((fig) => {
              const f = fig.getBoundingClientRect();
              const b = fig.querySelector('.chart-export').getBoundingClientRect();
              const hits = [...fig.querySelectorAll('.chart-legend li')]
                .map((li) => li.getBoundingClientRect())
                .filter((r) => r.right > b.left && r.left < b.right && r.bottom > b.top && r.top < b.bottom);
              return { inside: b.left >= f.left && b.right <= f.right + 0.5, hits: hits.length };
            });
            if (!overlap.inside || overlap.hits > 0) fail(`400 px wide: ${JSON.stringify(overlap)}`);
            await chart.screenshot({ path: join(OUT, '05c-chart-export-400px.png') });
          } finally {
            await page.setViewportSize(VIEWPORT);
          }
        },
      );
    } finally {
      await gpu.context.close();
    }

    // 6–8: a fresh browser profile (nothing saved) imports the exported file; then a reload.
    const fresh = await openBrowser('import', { webgpu: true });
    try {
      await fresh.page.goto(url);
      await test(
        'importing the model file in a fresh page restores it and predicts the same values',
        fresh,
        '06-import.png',
        async (page) => {
          if (!exported) fail('nothing was exported');
          await readyDataset(page);
          await openCsv(page, 'sines.csv', csv);
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("sines.csv")', {
            timeout: WAIT_MS,
          });
          await page.getByTestId('model-input').setInputFiles({
            name: 'model.json',
            mimeType: 'application/json',
            buffer: Buffer.from(exported.model),
          });
          await page.waitForSelector('[data-testid="model-info"]:has-text("Imported model.json")', {
            timeout: WAIT_MS,
          });
          const fingerprint = await resultsReady(page);
          // An imported model: the page cannot know what it learned from.
          const held = await page.getByTestId('split-windows').textContent();
          if (!/windows of this file\.$/.test(held)) fail(`split line of an imported model: "${held}"`);
          if (fingerprint !== exported.fingerprint) {
            fail(`imported model predicts differently:\n    ${fingerprint}\n    ${exported.fingerprint}`);
          }
          const info = (await page.getByTestId('model-info').textContent()).trim();
          if (!/Imported model\.json/.test(info)) fail(`model info: "${info}"`);
          if ((await page.getByTestId('units-0').inputValue()) !== '16')
            fail('the layer units were not restored');
          if ((await page.getByTestId('window-input').inputValue()) !== '8')
            fail('the window was not restored');
          if ((await lossPoints(page)) !== 6) fail('the loss history was not restored');
          const predictions = await download(page, 'export-predictions');
          if (predictions.text !== exported.predictions) fail('predictions CSV differs after import');
          // ... and it can keep training from the imported weights.
          await fill(page, 'epochs-input', 1);
          await page.getByTestId('continue').click();
          await waitRun(page, ['done', 'failed']);
          if ((await lossPoints(page)) !== 7)
            fail(`expected 7 epochs after one more, saw ${await lossPoints(page)}`);
          // Told in the model's epochs, as the progress bar counts them (not "Trained 1 epoch" at 7 / 7).
          const status = (await page.getByTestId('run-state').textContent()).replace(/\s+/g, ' ');
          if (!/Trained 1 more epoch \(7 in all\)/.test(status))
            fail(`status after one more epoch: "${status}"`);
          const bar = page.getByTestId('epoch-progress');
          if (
            (await bar.getAttribute('aria-valuenow')) !== '7' ||
            (await bar.getAttribute('aria-valuemax')) !== '7'
          )
            fail('the epoch bar does not read 7 / 7');
        },
      );

      await test(
        'a bad CSV and a bad model file show errors and keep what was loaded',
        fresh,
        '07-bad-files.png',
        async (page) => {
          const before = await readyDataset(page);
          await openCsv(page, 'broken.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
          const err = page.getByTestId('data-error');
          await err.waitFor({ timeout: WAIT_MS });
          const text = (await err.textContent()).trim();
          if (!/previous data is kept/.test(text)) fail(`error does not say the data is kept: "${text}"`);
          if (!/row/i.test(text)) fail(`error does not name the row: "${text}"`);
          const after = await readyDataset(page);
          if (after.text !== before.text) fail(`the data changed: "${before.text}" → "${after.text}"`);
          await page.getByTestId('model-input').setInputFiles({
            name: 'not-a-model.json',
            mimeType: 'application/json',
            buffer: Buffer.from('{"format":"webgpu-lstm.model","version":1,"config":{}}'),
          });
          const merr = page.getByTestId('model-error');
          await merr.waitFor({ timeout: WAIT_MS });
          const mtext = (await merr.textContent()).trim();
          if (!/config\.data/.test(mtext)) fail(`model error does not name the path: "${mtext}"`);
          if (!/Imported model\.json/.test(await page.getByTestId('model-info').textContent()))
            fail('the model was lost');
          await page.getByRole('button', { name: 'Dismiss' }).first().click();
          // JSON opened as data is named as such (it failed as "a quoted field is never closed")...
          await openCsv(page, 'numbers.csv', '{"a": [1, 2, 3]}\n');
          await page.waitForSelector('[data-testid="data-error"]:has-text("JSON, not CSV")', {
            timeout: WAIT_MS,
          });
          if ((await readyDataset(page)).text !== before.text) fail('the data changed after the JSON file');
        },
      );

      await test(
        'a reload restores the session and lists past runs',
        fresh,
        '08-reload.png',
        async (page) => {
          const before = {
            dataset: await readyDataset(page),
            fingerprint: await resultsReady(page),
            points: await lossPoints(page),
          };
          await page.getByTestId('lr-input').fill('0.02');
          await page.waitForTimeout(600); // the config is saved 300 ms after the last edit
          await page.reload();
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("sines.csv")', {
            timeout: WAIT_MS,
          });
          await page.waitForSelector('[data-testid="model-info"]:has-text("Imported model.json")', {
            timeout: WAIT_MS,
          });
          const fingerprint = await resultsReady(page);
          const dataset = await readyDataset(page);
          if (dataset.text !== before.dataset.text) fail(`data after reload: "${dataset.text}"`);
          if (fingerprint !== before.fingerprint) fail('the restored model predicts differently');
          if ((await lossPoints(page)) !== before.points) fail('the loss history was not restored');
          if ((await page.getByTestId('lr-input').inputValue()) !== '0.02')
            fail('the edited config was not restored');
          if ((await page.getByTestId('window-input').inputValue()) !== '8')
            fail('the window was not restored');
          const rows = await page.getByTestId('runs').locator('tbody tr').count();
          if (rows !== 1) fail(`expected 1 past run (the continued import), saw ${rows}`);
          await page
            .getByRole('checkbox', { name: /Compare run/ })
            .first()
            .check();
          await page
            .getByTestId('compare-chart')
            .locator('path.recharts-curve')
            .first()
            .waitFor({ timeout: WAIT_MS });
        },
      );

      // Last in this page: it replaces the imported model the tests above rely on.
      await test(
        'a model trained in PyTorch (examples/pytorch_export.py) imports and predicts what PyTorch predicted',
        fresh,
        '06b-import-pytorch.png',
        async (page) => {
          const dir = mkdtempSync(join(tmpdir(), 'e2e-torch-'));
          const csvPath = join(dir, 'sines.csv');
          writeFileSync(csvPath, csv);
          const modelPath = join(dir, 'torch-model.json');
          const ownPath = join(dir, 'torch-own.csv');
          // Debian's python3-torch, installed by .ci/install-system-deps.
          execFileSync(
            '/usr/bin/python3',
            [
              join(ROOT, 'examples', 'pytorch_export.py'),
              csvPath,
              '--target',
              'y',
              '--features',
              'x,y',
              '--time',
              'time',
              '--window',
              '8',
              '--layers',
              '6',
              '--epochs',
              '3',
              '--out',
              modelPath,
              '--predictions',
              ownPath,
            ],
            { stdio: ['ignore', 'ignore', 'pipe'] },
          );
          await readyDataset(page);
          await openCsv(page, 'sines.csv', csv);
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("sines.csv")', {
            timeout: WAIT_MS,
          });
          // Picked with "Open CSV…" (the data button): a .json file is imported as a model there too, as
          // when it is dropped (it used to fail as a CSV with a broken quote); the data stays.
          const data = (await readyDataset(page)).text;
          await page.getByTestId('csv-input').setInputFiles({
            name: 'torch-model.json',
            mimeType: 'application/json',
            buffer: readFileSync(modelPath),
          });
          await page.waitForSelector('[data-testid="model-info"]:has-text("Imported torch-model.json")', {
            timeout: WAIT_MS,
          });
          if ((await readyDataset(page)).text !== data) fail('the data changed with the model file');
          await resultsReady(page);
          const ours = (await download(page, 'export-predictions')).text.trim().split('\n');
          const theirs = readFileSync(ownPath, 'utf8').trim().split('\n');
          const col = ours[0].split(',').indexOf('y');
          if (ours.length !== theirs.length)
            fail(`${ours.length - 1} predictions here, ${theirs.length - 1} from PyTorch`);
          // Float32 on both sides from the same weights: ~1e-6 apart; 1e-4·(1 + |v|) catches any mapping error.
          for (let k = 1; k < ours.length; k++) {
            const a = Number(ours[k].split(',')[col]);
            const b = Number(theirs[k].split(',')[1]);
            if (!(Math.abs(a - b) <= 1e-4 * (1 + Math.abs(b))))
              fail(`window ${k - 1}: ${a} here, ${b} in PyTorch`);
          }
          rmSync(dir, { recursive: true, force: true });
          // ... and training continues from PyTorch's weights and history (3 epochs there, 1 here).
          await fill(page, 'epochs-input', 1);
          await page.getByTestId('continue').click();
          await waitRun(page, ['done', 'failed']);
          if ((await lossPoints(page)) !== 4)
            fail(`expected 4 epochs after one more, saw ${await lossPoints(page)}`);
        },
      );
      await test(
        'a horizon of 3 steps: error by step beside persistence, and the chart shows the step picked',
        fresh,
        '13-horizon-steps.png',
        async (page) => {
          await page.getByLabel('Sample dataset').selectOption('co2');
          await page.waitForSelector(
            '[data-testid="dataset"][data-state="ready"]:has-text("co2-concentration.csv")',
            { timeout: WAIT_MS },
          );
          await tinySetup(page, { window: 12, units: 8, epochs: 2, batch: 64 });
          await fill(page, 'horizon-input', 3);
          // Both splits (the model imported before this test had no test split).
          for (const [label, pct] of [
            ['Validation %', 20],
            ['Test %', 10],
          ]) {
            await page.getByLabel(label, { exact: true }).fill(String(pct));
            await page.getByLabel(label, { exact: true }).blur();
          }
          await page.getByTestId('train').click();
          const end = await waitRun(page, ['done', 'failed']);
          if (end !== 'done') fail(`training: ${await page.getByTestId('run-state').textContent()}`);
          await resultsReady(page);
          const options = await page.getByTestId('step-select').locator('option').allInnerTexts();
          if (options.length !== 3 || !options.every((o, k) => o.startsWith(`+${k + 1} · RMSE `)))
            fail(`step choices: ${JSON.stringify(options)}`);
          // Persistence at every step: CO₂ always has the window's last level.
          if (!options.every((o) => o.includes('persistence'))) fail(`no baseline per step: ${options}`);
          const beaten = Number(await page.getByTestId('steps-beaten').getAttribute('data-beaten'));
          if (!(beaten >= 0 && beaten <= 3)) fail(`steps beaten: ${beaten}`);
          await page
            .getByTestId('step-error-chart')
            .locator('path.recharts-curve')
            .first()
            .waitFor({ timeout: WAIT_MS });
          const legend = page.getByTestId('prediction-chart');
          if (!(await legend.textContent()).includes('CO2 (predicted 1 ahead)'))
            fail(`prediction legend: "${await legend.textContent()}"`);
          await page.getByTestId('step-select').selectOption('2');
          await page.waitForSelector('[data-testid="prediction-chart"]:has-text("CO2 (predicted 3 ahead)")', {
            timeout: WAIT_MS,
          });
          const forecast = (await page.getByTestId('forecast').textContent()).replace(/\s+/g, ' ');
          if (!/3 steps after the last row/.test(forecast)) fail(`forecast: "${forecast}"`);
          await labelsInside(page, 'step-error-chart');
          // Zoom: the buttons halve the stretch shown and move it; "Show all" goes back.
          const range = page.getByTestId('zoom-range');
          const shown = async () => ({
            start: Number(await range.getAttribute('data-start')),
            end: Number(await range.getAttribute('data-end')),
            text: (await range.textContent()).trim(),
          });
          const all = await shown();
          if (all.start !== 0 || !/Drag across the chart/.test(all.text))
            fail(`before zooming: ${JSON.stringify(all)}`);
          await page.getByTestId('zoom-in').click();
          const half = await shown();
          if (
            Math.abs(half.end - half.start - all.end / 2) > 1 ||
            !/^Showing \d{4}-\d\d-\d\d → /.test(half.text)
          )
            fail(`zoomed in: ${JSON.stringify(half)} of ${all.end}`);
          await page.getByTestId('zoom-earlier').click();
          if ((await shown()).start >= half.start) fail('"Earlier" did not move the stretch back');
          await page.getByTestId('zoom-all').click();
          if ((await shown()).end - (await shown()).start !== all.end) fail('"Show all" did not show all');
          // A drag across the middle of the plot zooms into what it covered.
          const box = await page
            .getByTestId('prediction-chart')
            .locator('svg.recharts-surface')
            .boundingBox();
          const y = box.y + box.height / 2;
          await page.mouse.move(box.x + box.width * 0.35, y);
          await page.mouse.down();
          await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
          await page.mouse.move(box.x + box.width * 0.65, y, { steps: 5 });
          await page.mouse.up();
          const dragged = await shown();
          const width = dragged.end - dragged.start;
          if (!(dragged.start > 0 && width < all.end && width > all.end / 10))
            fail(`after a drag over 30 % of the plot: ${JSON.stringify(dragged)} of ${all.end}`);
          // A finger drags the same way (touch events through the DevTools protocol; the first point comes
          // with the first move).
          await page.getByTestId('zoom-all').click();
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
          const at = (f) => [{ x: box.x + box.width * f, y }];
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.3) });
          for (const f of [0.35, 0.45, 0.55, 0.65])
            await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(f) });
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
          await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
          await cdp.detach();
          const touched = await shown();
          if (!(touched.start > 0 && touched.end - touched.start < all.end))
            fail(`after a touch drag: ${JSON.stringify(touched)} of ${all.end}`);
          // Another split is other windows: its chart starts whole.
          await page.getByTestId('split-tabs').getByRole('tab', { name: 'Test' }).click();
          const test = await shown();
          if (test.start !== 0 || !/Drag across the chart/.test(test.text))
            fail(`the test split opened zoomed: ${JSON.stringify(test)}`);
          await page.getByTestId('split-tabs').getByRole('tab', { name: 'Validation' }).click();
          // Past runs: "Use" brings a run's settings back. A run on another file (sines.csv) gives its model
          // and training only; this run gives everything, the window and horizon included.
          const rows = page.getByTestId('runs').locator('tbody tr');
          const runRows = await rows.evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())),
          );
          const other = runRows.findIndex((cells) => cells[2] === 'sines.csv');
          const mine = runRows.findIndex((cells) => /Mauna Loa/.test(cells[2]));
          if (other < 0 || mine < 0) fail(`past runs: ${JSON.stringify(runRows)}`);
          const otherUnits = runRows[other][3].match(/^LSTM (\d+)/)?.[1];
          await fill(page, 'window-input', 20);
          await rows
            .nth(other)
            .getByRole('button', { name: /^Use the settings of run/ })
            .click();
          const note = page.getByTestId('run-settings-note');
          if (
            !/model and training settings are in use; the data settings stay/.test(await note.textContent())
          )
            fail(`after using the sines run: "${await note.textContent()}"`);
          // The fields follow the config a render later: wait for them.
          const fields = (want) =>
            page
              .waitForFunction(
                (w) =>
                  Object.entries(w).every(
                    ([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.value === v,
                  ),
                want,
                { timeout: 5_000 },
              )
              .catch(async () => {
                const seen = {};
                for (const id of Object.keys(want)) seen[id] = await page.getByTestId(id).inputValue();
                fail(`fields ${JSON.stringify(seen)}, want ${JSON.stringify(want)}`);
              });
          await fields({ 'units-0': otherUnits, 'window-input': '20' });
          await rows
            .nth(mine)
            .getByRole('button', { name: /^Use the settings of run/ })
            .click();
          if (!/settings are in use\.$/.test(await note.textContent()))
            fail(`note: "${await note.textContent()}"`);
          await fields({ 'window-input': '12', 'horizon-input': '3', 'units-0': '8' });
          // Reloaded, the page still knows the model learned from this data alone.
          await page.waitForTimeout(600); // the config is saved 300 ms after the last edit
          await page.reload();
          await page.waitForSelector(
            '[data-testid="dataset"][data-state="ready"]:has-text("co2-concentration.csv")',
            {
              timeout: WAIT_MS,
            },
          );
          await resultsReady(page);
          const held = await page.getByTestId('split-windows').textContent();
          if (!/windows, never seen in training\.$/.test(held)) fail(`after a reload: "${held}"`);
        },
      );
    } finally {
      await fresh.context.close();
    }

    // Stacked series and ambiguous dates, in a browser of their own (a fresh session).
    const stacked = await openBrowser('stacked', { webgpu: true });
    try {
      await stacked.page.goto(url);
      await readyDataset(stacked.page);
      await test(
        'stacked series: one station counts, draws, trains and predicts on its own rows; all counts both',
        stacked,
        '14-stacked-series.png',
        async (page) => {
          await openCsv(page, 'stations.csv', stationsCsv());
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("stations.csv")', {
            timeout: WAIT_MS,
          });
          const dataset = await readyDataset(page);
          const rows = STATIONS.north + STATIONS.south;
          if (dataset.rows !== rows) fail(`expected ${rows} rows, saw "${dataset.text}"`);
          const select = page.getByLabel('Series (station)');
          const options = await select.locator('option').allInnerTexts();
          if (options.length !== 3 || !/^All 2 series/.test(options[0]))
            fail(`series options: ${JSON.stringify(options)}`);
          // The column that tells the series apart is not an input feature (not even one to tick).
          const features = await page.getByRole('list', { name: 'Input features' }).textContent();
          if (/station/.test(features)) fail(`the series column is offered as a feature: "${features}"`);
          await select.selectOption('north');
          await tinySetup(page, { window: 8, units: 8, epochs: 2, batch: 32 });
          // Windows of 8 rows plus 1 to predict, stride 1, inside north only.
          await expectWindowTotal(page, STATIONS.north - 8);
          // The time range shown is north's own (hours 0–119), not the file's first and last rows.
          const summary = (await readyDataset(page)).text;
          if (!summary.includes('2024-01-01 → 2024-01-05T23:00:00Z (north)')) fail(`summary: "${summary}"`);
          const caption = await page.getByTestId('series-shown').textContent();
          if (!caption.includes('“north”') || !caption.includes('120 rows'))
            fail(`chart caption: "${caption}"`);
          await page.getByTestId('train').click();
          const end = await waitRun(page, ['done', 'failed']);
          if (end !== 'done') fail(`training on north: ${await page.getByTestId('run-state').textContent()}`);
          if ((await lossPoints(page)) !== 2) fail(`expected 2 epochs, saw ${await lossPoints(page)}`);
          const fingerprint = await resultsReady(page);
          if (!fingerprint) fail('no predictions after training');
          const forecast = (await page.getByTestId('forecast').textContent()).replace(/\s+/g, ' ');
          if (!/\d+ steps? after the last row/.test(forecast)) fail(`forecast: "${forecast}"`);
          // Date labels (hours of one day), the last one at the chart's right edge.
          await labelsInside(page, 'forecast-chart');
          const model = await download(page, 'export-model');
          const series = JSON.parse(model.text).config.data.series;
          if (series?.column !== 'station' || series?.value !== 'north')
            fail(`series in the model file: ${JSON.stringify(series)}`);
          await page.screenshot({ path: join(OUT, '14a-stacked-north.png'), fullPage: true });
          // All series: the windows of both, none across the boundary.
          await select.selectOption({ index: 0 });
          await expectWindowTotal(page, STATIONS.north - 8 + STATIONS.south - 8);
          const all = await page.getByTestId('series-shown').textContent();
          if (!/training uses all 2/.test(all)) fail(`chart caption for all: "${all}"`);
          // South: its windows, its rows in the preview, its range in the summary.
          await select.selectOption('south');
          await expectWindowTotal(page, STATIONS.south - 8);
          const firstRow = await page.locator('.table-wrap tbody tr').first().locator('td').allInnerTexts();
          if (firstRow[1] !== 'south') fail(`preview's first row: ${firstRow.join(', ')}`);
          const south = (await readyDataset(page)).text;
          if (!south.includes('2024-01-01 → 2024-01-04T17:00:00Z (south)')) fail(`summary: "${south}"`);
          // From the keyboard: arrows move through the choices (south → back up to north).
          await select.focus();
          await page.keyboard.press('ArrowUp');
          await expectWindowTotal(page, STATIONS.north - 8);
          // Importing the model trained on north brings the choice back (from "all") and predicts the same.
          await select.selectOption({ index: 0 });
          await expectWindowTotal(page, STATIONS.north - 8 + STATIONS.south - 8);
          await page.getByTestId('model-input').setInputFiles({
            name: 'north.json',
            mimeType: 'application/json',
            buffer: Buffer.from(model.text),
          });
          await page.waitForSelector('[data-testid="model-info"]:has-text("Imported north.json")', {
            timeout: WAIT_MS,
          });
          if ((await select.inputValue()) !== 'north')
            fail(`series after import: "${await select.inputValue()}"`);
          await expectWindowTotal(page, STATIONS.north - 8);
          const again = await resultsReady(page);
          if (again !== fingerprint)
            fail(`the imported model predicts differently:\n    ${again}\n    ${fingerprint}`);
        },
      );
      await test(
        'ambiguous dates: the notice and the choice show; the other order changes the time range',
        stacked,
        '15-ambiguous-dates.png',
        async (page) => {
          await openCsv(page, 'dates.csv', ambiguousDatesCsv());
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("dates.csv")', {
            timeout: WAIT_MS,
          });
          const choice = page.getByTestId('date-order');
          await choice.waitFor({ timeout: WAIT_MS });
          const text = (await choice.textContent()).replace(/\s+/g, ' ');
          if (!/could be read two ways/.test(text) || !/time order/.test(text))
            fail(`date notice: "${text}"`);
          if ((await choice.getAttribute('data-order')) !== 'dmy')
            fail(`read as ${await choice.getAttribute('data-order')}`);
          // 36 rows, windows of 2 plus 1 to predict (the default for a file this short).
          await expectWindowTotal(page, 36 - 2);
          const before = (await readyDataset(page)).text;
          if (!before.includes('2024-01-01 → 2026-12-01')) fail(`time range (day first): "${before}"`);
          const mdy = page.getByRole('radio', { name: /Month\/day\/year/ });
          await mdy.focus();
          await page.keyboard.press('Space');
          await page.waitForSelector('[data-testid="date-order"][data-order="mdy"]', { timeout: WAIT_MS });
          // The focus stays on the radio through the re-read (a disabled one would lose it to the body).
          const focused = await page.evaluate(() => document.activeElement?.getAttribute('value'));
          if (focused !== 'mdy')
            fail(`after the re-read the focus is on "${focused}", not the month/day/year radio`);
          const after = (await readyDataset(page)).text;
          if (!after.includes('2024-01-01 → 2026-01-12')) fail(`time range (month first): "${after}"`);
          if (!(await mdy.isChecked())) fail('the month/day/year radio is not checked');
          await expectWindowTotal(page, 36 - 2);
          const note = (await choice.textContent()).replace(/\s+/g, ' ');
          if (!/as you chose/.test(note)) fail(`after the choice: "${note}"`);
          // Arrow keys move between the two readings (a radio group).
          await page.keyboard.press('ArrowUp');
          await page.waitForSelector('[data-testid="date-order"][data-order="dmy"]', { timeout: WAIT_MS });
          if (!(await readyDataset(page)).text.includes('→ 2026-12-01'))
            fail('back to day first did not read');
          // A click works too (the radio turns checked once the file has been read that way).
          await mdy.click();
          await page.waitForSelector('[data-testid="date-order"][data-order="mdy"]', { timeout: WAIT_MS });
          await expectWindowTotal(page, 36 - 2);
          // The choice is part of the saved session: a reload reads the file the same way.
          await page.reload();
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("dates.csv")', {
            timeout: WAIT_MS,
          });
          await page.waitForSelector('[data-testid="date-order"][data-order="mdy"]', { timeout: WAIT_MS });
          const reloaded = (await readyDataset(page)).text;
          if (!reloaded.includes('2024-01-01 → 2026-01-12')) fail(`after a reload: "${reloaded}"`);
        },
      );
      await test(
        'a number column with stray text: the error names the cell, one click treats such cells as missing; no feature ticked is said plainly',
        stacked,
        '15-stray-text.png',
        async (page) => {
          const lines = ['date,v'];
          for (let i = 0; i < 60; i++) {
            const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
            lines.push(`${day},${i === 30 ? 'n/a?' : (i % 7) * 1.5}`);
          }
          await openCsv(page, 'stray.csv', `${lines.join('\n')}\n`);
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("stray.csv")', {
            timeout: WAIT_MS,
          });
          await page.waitForSelector('[data-testid="window-counts"][data-state="error"]', {
            timeout: WAIT_MS,
          });
          const text = (await page.getByTestId('window-counts').textContent()).replace(/\s+/g, ' ');
          if (!/Row 32, column "v": "n\/a\?" is not a number/.test(text)) fail(`error: "${text}"`);
          if (!(await page.getByTestId('train').isDisabled())) fail('Train is enabled with no windows');
          // The data chart breaks its line at the cell (a line drawn across would show a value the file lacks).
          const d = await page
            .locator('[data-testid="dataset-chart"] path.recharts-curve')
            .first()
            .getAttribute('d');
          if ((d.match(/M/g) ?? []).length !== 2)
            fail(`the line over the bad cell: ${(d.match(/M/g) ?? []).length} pieces`);
          // The fixes the message names are in the page: reading the column as labels, and a button here
          // for the select it sets.
          const asLabels = (await page.getByTestId('invalid-as-labels').textContent()).trim();
          if (asLabels !== 'Read “v” as labels') fail(`labels button: "${asLabels}"`);
          if (!/read the column as labels/.test(text)) fail(`error: "${text}"`);
          await page.getByTestId('invalid-as-missing').click();
          await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
          if ((await page.getByTestId('invalid-select').inputValue()) !== 'missing')
            fail('the "Text in number columns" select does not say "missing"');
          const counts = (await page.getByTestId('window-counts').textContent()).replace(/\s+/g, ' ');
          if (!/windows touch a missing value/.test(counts)) fail(`counts: "${counts}"`);
          // The cell now read as missing is named beside the counts (the choice carries to the next file).
          if (!/1 cell of text in "v" \(the first "n\/a\?", row 32\) is read as missing/.test(counts))
            fail(`counts: "${counts}"`);
          if (!/· 1 input per step/.test(counts)) fail(`counts: "${counts}"`);
          if (await page.getByTestId('train').isDisabled()) fail('Train is still disabled');
          // Unticking the only feature: what to do, in the page's words (not the config schema's).
          await page.getByRole('checkbox', { name: 'v', exact: true }).uncheck();
          await page.waitForSelector('[data-testid="window-counts"][data-state="error"]', {
            timeout: WAIT_MS,
          });
          const none = (await page.getByTestId('window-counts').textContent()).replace(/\s+/g, ' ');
          if (!/No input feature is ticked/.test(none) || /expected array/.test(none))
            fail(`no features: "${none}"`);
          await page.getByRole('checkbox', { name: 'v', exact: true }).check();
          await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
        },
      );
      await test(
        'class codes in a number column: read as labels, picked as the class, trained as classification; columns of too many values are not offered; the choice survives a reload and goes back to numbers',
        stacked,
        '16-labels.png',
        async (page) => {
          const setup = page.locator('section[aria-labelledby="setup-title"]');
          // The CO₂ sample's two columns are measurements (hundreds of values): no labels field at all.
          if ((await page.getByLabel('Sample dataset').inputValue()) !== 'co2')
            await page.getByLabel('Sample dataset').selectOption('co2');
          await page.waitForSelector(
            '[data-testid="dataset"][data-state="ready"]:has-text("co2-concentration.csv")',
            { timeout: WAIT_MS },
          );
          await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
          const co2Boxes = await page.locator('input[data-testid^="labels-"]').count();
          if (co2Boxes !== 0 || (await page.getByTestId('labels-choice').count()) !== 0)
            fail(`the CO₂ sample shows a labels field with ${co2Boxes} checkboxes`);
          await setup.screenshot({ path: join(OUT, '16a-labels-co2.png') });

          await openCsv(page, 'codes.csv', codesCsv());
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("codes.csv")', {
            timeout: WAIT_MS,
          });
          await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
          const task = page.getByLabel('Task', { exact: true });
          const target = page.getByTestId('target-select');
          const cls = page.getByTestId('labels-cls');
          const choice = (await page.getByTestId('labels-choice').textContent()).replace(/\s+/g, ' ');
          if (!/cls · 3 values/.test(choice) || /date/.test(choice)) fail(`labels choice: "${choice}"`);
          // 90 prices and 90 sines cannot be labels: no checkbox (a box that could only refuse), and
          // one muted line says which columns and why.
          const boxes = await page
            .locator('input[data-testid^="labels-"]')
            .evaluateAll((els) => els.map((e) => e.dataset.testid));
          if (boxes.join(',') !== 'labels-cls') fail(`labels checkboxes: ${boxes.join(', ')}`);
          const leftOut = (await page.getByTestId('labels-left-out').textContent()).trim();
          if (leftOut !== 'price, x: over 32 values, so numbers only') fail(`left-out line: "${leftOut}"`);
          const oneLine = await page
            .getByTestId('labels-left-out')
            .evaluate((e) => e.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(e).fontSize));
          if (!oneLine) fail('the left-out line wraps');
          if (await cls.isChecked()) fail('cls is read as labels before the choice');
          if ((await task.inputValue()) !== 'regression' || (await target.inputValue()) !== 'x')
            fail(`start: ${await task.inputValue()} on ${await target.inputValue()}`);
          await setup.screenshot({ path: join(OUT, '16b-labels-offered.png') });
          const error = page.getByTestId('labels-error');

          // The class codes as labels: the file is read again, cls turns into one-hot inputs.
          await cls.click();
          await page.waitForSelector('[data-testid="labels-cls"]:checked', { timeout: WAIT_MS });
          if ((await error.count()) !== 0) fail(`labels error: "${await error.textContent()}"`);
          await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
          const features = (await page.locator('.feature-list').first().textContent()).replace(/\s+/g, ' ');
          if (!/cls \(one-hot\)/.test(features)) fail(`features: "${features}"`);
          const chips = (await page.getByRole('list', { name: 'Columns' }).textContent()).replace(
            /\s+/g,
            ' ',
          );
          if (!/cls ?labels · feature/.test(chips)) fail(`column chips: "${chips}"`);
          // As the class: the task becomes classification.
          await target.selectOption('cls');
          if ((await task.inputValue()) !== 'classification') fail(`task: ${await task.inputValue()}`);
          await tinySetup(page, { window: 8, units: 8, epochs: 2, batch: 32 });
          if (!(await page.getByText('Loss: categorical cross-entropy').isVisible()))
            fail('the model panel does not say the loss is cross-entropy');
          await page.getByTestId('train').click();
          const end = await waitRun(page, ['done', 'failed']);
          if (end !== 'done') fail(`run: "${await page.getByTestId('run-state').textContent()}"`);
          await resultsReady(page);
          const accuracy = Number(await page.getByTestId('accuracy').getAttribute('data-value'));
          if (!(accuracy >= 0 && accuracy <= 1)) fail(`accuracy is ${accuracy}`);
          const cells = await page.getByTestId('confusion').locator('tbody td').allInnerTexts();
          if (cells.length !== 9) fail(`confusion has ${cells.length} cells, not 3 × 3`);
          const windows = Number(await page.getByTestId('split-windows').getAttribute('data-windows'));
          const total = cells.reduce((a, t) => a + Number(t.replaceAll(',', '')), 0);
          if (!(windows > 0) || total !== windows) fail(`confusion adds up to ${total}, not ${windows}`);

          // Saved with the session: a reload reads cls as labels again, and the model predicts on it.
          await page.reload();
          await page.waitForSelector('[data-testid="dataset"][data-state="ready"]:has-text("codes.csv")', {
            timeout: WAIT_MS,
          });
          await page.waitForSelector('[data-testid="labels-cls"]:checked', { timeout: WAIT_MS });
          if ((await task.inputValue()) !== 'classification' || (await target.inputValue()) !== 'cls')
            fail(`after a reload: ${await task.inputValue()} on ${await target.inputValue()}`);
          await resultsReady(page);

          // Back to numbers: the class codes stay the classes.
          await cls.click();
          await page.waitForSelector('[data-testid="labels-cls"]:not(:checked)', { timeout: WAIT_MS });
          await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
          if ((await task.inputValue()) !== 'classification' || (await target.inputValue()) !== 'cls')
            fail(`back to numbers: ${await task.inputValue()} on ${await target.inputValue()}`);
        },
      );
    } finally {
      await stacked.context.close();
    }

    // A lost GPU device and a diverging loss: the page opened with ?e2e, which lets the test tell the
    // worker to destroy its device (window.__lstmDebug); without the parameter the worker refuses.
    const debug = await openBrowser('debug', { webgpu: true });
    try {
      await debug.page.goto(`${url}?e2e`);
      await test(
        'a lost GPU device stops training with a message, keeps the last good weights, and resumes on a new device',
        debug,
        '12-device-lost.png',
        async (page) => {
          await readyDataset(page);
          await settledAdapter(page);
          await tinySetup(page, { window: 12, units: 16, epochs: 40, batch: 32 });
          await page.getByTestId('train').click();
          await waitRun(page, ['running']);
          await page.waitForFunction(
            () =>
              Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')) >= 2,
            null,
            { timeout: TRAIN_MS },
          );
          await page.evaluate(() => window.__lstmDebug.loseDevice());
          const end = await waitRun(page, ['done', 'failed']);
          const status = (await page.getByTestId('run-state').textContent()).replace(/\s+/g, ' ');
          if (end !== 'done') fail(`the run failed instead of stopping cleanly: "${status}"`);
          if (!/GPU was lost/.test(status)) fail(`status: "${status}"`);
          const notice = (await page.getByTestId('run-stopped').textContent()).replace(/\s+/g, ' ');
          const kept = notice.match(/Kept the weights of epoch (\d+)/);
          if (!/GPU stopped working/.test(notice) || !kept) fail(`notice: "${notice}"`);
          await page.screenshot({ path: join(OUT, '12a-device-lost-stopped.png'), fullPage: true });
          const epochs = Number(kept[1]);
          const points = await lossPoints(page);
          if (points !== epochs) fail(`the chart has ${points} epochs, the kept weights ${epochs}`);
          // The kept weights predict (on a fresh device).
          await resultsReady(page);
          const info = (await page.getByTestId('model-info').textContent()).replace(/\s+/g, ' ');
          if (!info.includes(`${epochs} epochs`)) fail(`model info: "${info}"`);
          const resume = page.getByTestId('continue');
          if ((await resume.textContent()).trim() !== 'Resume from kept weights')
            fail(`the resume button says "${await resume.textContent()}"`);
          await fill(page, 'epochs-input', 2);
          await resume.click();
          const again = await waitRun(page, ['done', 'failed']);
          const status2 = (await page.getByTestId('run-state').textContent()).replace(/\s+/g, ' ');
          if (again !== 'done' || !status2.includes(`Trained 2 more epochs (${epochs + 2} in all)`))
            fail(`resumed run: "${status2}"`);
          if ((await lossPoints(page)) !== epochs + 2)
            fail(`expected ${epochs + 2} epochs after resuming, saw ${await lossPoints(page)}`);
          const backend = (await page.getByTestId('backend-line').textContent()).trim();
          if (!/WebGPU/.test(backend)) fail(`the resumed run is not on WebGPU: "${backend}"`);
          await resultsReady(page);
        },
      );
      await test(
        'a diverging loss (absurd learning rate) stops with a message and keeps the last good weights',
        debug,
        '13-diverged.png',
        async (page) => {
          const fingerprint = await resultsReady(page);
          await page.getByLabel('Scaling').selectOption('none');
          await page.getByLabel('Optimizer').selectOption('sgd');
          await fill(page, 'lr-input', 10);
          await page.getByRole('checkbox', { name: 'Clip gradients (global norm)' }).uncheck();
          await fill(page, 'epochs-input', 5);
          await page.waitForSelector('[data-testid="window-counts"][data-state="ok"]', { timeout: WAIT_MS });
          await page.getByTestId('train').click();
          const end = await waitRun(page, ['done', 'failed']);
          const status = (await page.getByTestId('run-state').textContent()).replace(/\s+/g, ' ');
          if (end !== 'done' || !/loss diverged/.test(status)) fail(`status: "${status}"`);
          const notice = (await page.getByTestId('run-stopped').textContent()).replace(/\s+/g, ' ');
          if (!/became (NaN|infinite)/.test(notice) || !/Kept the weights/.test(notice))
            fail(`notice: "${notice}"`);
          if (!/Lower the learning rate/.test(notice))
            fail(`the notice does not say how to fix it: "${notice}"`);
          // Predictions from the kept (finite) weights.
          const after = await resultsReady(page);
          if (!after || after === fingerprint) fail('no new predictions from the kept weights');
          if (after.split(',').some((v) => !Number.isFinite(Number(v)))) fail(`predictions: ${after}`);
          // A sane learning rate continues from them.
          await fill(page, 'lr-input', 0.000001);
          await fill(page, 'epochs-input', 1);
          await page.getByTestId('continue').click();
          const again = await waitRun(page, ['done', 'failed']);
          const status2 = (await page.getByTestId('run-state').textContent()).replace(/\s+/g, ' ');
          if (again !== 'done' || !/Trained 1 more epoch \(\d+ in all\)/.test(status2))
            fail(`resumed run: "${status2}"`);
        },
      );
    } finally {
      await debug.context.close();
    }

    // 9–10: WebGPU not enabled: navigator.gpu exists but there is no adapter.
    const noAdapter = await openBrowser('no-adapter', { webgpu: false });
    try {
      await noAdapter.page.goto(url);
      await test(
        'no WebGPU adapter: CPU fallback notice',
        noAdapter,
        '09-fallback-no-adapter.png',
        expectFallback,
      );
      await test(
        'no WebGPU adapter: the CPU fallback trains',
        noAdapter,
        '10-fallback-trains.png',
        async (page) => {
          await tinySetup(page, { window: 8, units: 8, epochs: 2, batch: 64 });
          // From the keyboard: focus Train and press Enter.
          await page.getByTestId('train').focus();
          await page.keyboard.press('Enter');
          const end = await waitRun(page, ['done', 'failed']);
          const status = (await page.getByTestId('run-state').textContent()).trim();
          if (end !== 'done') fail(`CPU training failed: "${status}"`);
          if ((await lossPoints(page)) !== 2) fail(`expected 2 epochs, saw ${await lossPoints(page)}`);
          if (!(await page.getByTestId('webgpu-notice').isVisible())) fail('the fallback notice is gone');
          await resultsReady(page);
        },
      );
    } finally {
      await noAdapter.context.close();
    }

    // 11: a browser without the WebGPU API at all.
    const noApi = await openBrowser('no-api', {
      webgpu: true,
      initScript: () => {
        delete Navigator.prototype.gpu;
      },
    });
    try {
      await noApi.page.goto(url);
      await test(
        'no navigator.gpu: CPU fallback notice',
        noApi,
        '11-fallback-no-navigator-gpu.png',
        expectFallback,
      );
    } finally {
      await noApi.context.close();
    }
  } finally {
    await server.close();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

const watchdog = setTimeout(() => {
  console.log('e2e: gave up after 8 minutes');
  console.log(
    `${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`,
  );
  process.exit(1);
}, 480_000);
watchdog.unref();

try {
  await main();
} catch (err) {
  console.log(`FAIL e2e harness: ${err instanceof Error ? err.stack : String(err)}`);
  results.push({ name: 'harness', ok: false });
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
