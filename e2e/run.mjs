// End-to-end tests of the built app (dist/) in Debian's Chromium, driven by playwright-core.
// Serves dist/ with Vite's preview server on a free 127.0.0.1 port, then checks:
//   1. with WebGPU enabled, the page finds a real adapter (SwiftShader without a GPU) and never falls back;
//   2. the bundled sample dataset loads and shows its row count, chart and columns;
//   3. switching to the classification sample works;
//   4. without WebGPU (no adapter, or no navigator.gpu at all) the CPU-fallback notice shows.
// Any uncaught page error or console error fails the test it happens in. Screenshots of every step go
// to test-results/e2e/. The last line printed is `N passed, M failed`; the exit code is non-zero on failure.
// Usage: npx vite build && node e2e/run.mjs
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'test-results', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 720 };
const WAIT_MS = 60_000;

// Flags every launch gets: no sandbox (CI runs as root), and nothing that reaches the network.
const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// With this, Debian's Chromium exposes an adapter through SwiftShader on a machine without a GPU
// (and the real GPU where there is one). Without it, navigator.gpu exists but requestAdapter() gives null.
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu'];

// Known rows in the bundled samples (public/data): header excluded.
const CO2_ROWS = 741;
const SEATTLE_ROWS = 1461;

const results = [];
const tempDirs = [];

function fail(message) {
  throw new Error(message);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
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
    headless: true,
    args: [...BASE_FLAGS, ...(webgpu ? WEBGPU_FLAGS : [])],
    viewport: VIEWPORT,
    env: browserEnv(),
  });
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

async function test(name, session, screenshot, body) {
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
    // 1–3: WebGPU enabled.
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
          const cells = await page.locator('table tbody tr').count();
          if (cells === 0) fail('preview table is empty');
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
    } finally {
      await gpu.context.close();
    }

    // 4: WebGPU not enabled: navigator.gpu exists but there is no adapter.
    const noAdapter = await openBrowser('no-adapter', { webgpu: false });
    try {
      await noAdapter.page.goto(url);
      await test(
        'no WebGPU adapter: CPU fallback notice',
        noAdapter,
        '04-fallback-no-adapter.png',
        expectFallback,
      );
    } finally {
      await noAdapter.context.close();
    }

    // 5: a browser without the WebGPU API at all.
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
        '05-fallback-no-navigator-gpu.png',
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
  console.log('e2e: gave up after 5 minutes');
  console.log(
    `${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`,
  );
  process.exit(1);
}, 300_000);
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
