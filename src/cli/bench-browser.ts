// `webgpu-lstm bench --browser`: the workloads in Debian's headless Chromium (/usr/bin/chromium, never a
// downloaded browser), WebGPU through SwiftShader where there is no GPU. bench/browser is served from
// 127.0.0.1 by Vite's dev server (TypeScript compiled on the fly, nothing built or written), and each run
// gets a fresh page, so no GPU device or TF.js state is shared between runs. Flags as in e2e/run.mjs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KernelStrategy } from '../model/gpu-backend.ts';
import type { ProfileMethod } from './bench-profile.ts';
import type { BenchResult } from './bench-run.ts';
import type { Workload } from './bench-workloads.ts';
import { CHROMIUM, CHROMIUM_FLAGS, freePort, WEBGPU_FLAGS } from './chromium.ts';
import { CliError } from './errors.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Engine = 'webgpu-lstm' | 'tfjs-webgpu';
/**
 * For `--profile`: Chromium rounds timestamps to 100 µs unless WebGPU developer features are on (a guard
 * against timing attacks), and Dawn's own quantization goes off as in bench-device.ts.
 */
const PROFILE_FLAGS = [
  '--enable-webgpu-developer-features',
  '--disable-dawn-features=timestamp_quantization',
];
type Vite = Awaited<ReturnType<typeof import('vite').createServer>>;
type Context = Awaited<ReturnType<typeof import('playwright-core').chromium.launchPersistentContext>>;
type Page = Awaited<ReturnType<Context['newPage']>>;

export class BrowserBench {
  /** The adapter of the last run (what the page's navigator.gpu reported). */
  adapter = '';

  private constructor(
    private readonly vite: Vite,
    private readonly context: Context,
    private readonly url: string,
    private readonly profileDir: string,
    private readonly log: (s: string) => void,
  ) {}

  static async start(log: (s: string) => void, profiling = false): Promise<BrowserBench> {
    const [{ createServer }, { chromium }] = await Promise.all([import('vite'), import('playwright-core')]);
    const port = await freePort();
    const vite = await createServer({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      clearScreen: false,
      server: { host: '127.0.0.1', port, strictPort: true, hmr: false, open: false },
      optimizeDeps: { entries: ['bench/browser/index.html'] },
    });
    await vite.listen();
    const profile = mkdtempSync(join(tmpdir(), 'webgpu-lstm-bench-chromium-'));
    let context: Context;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [...CHROMIUM_FLAGS, ...WEBGPU_FLAGS, ...(profiling ? PROFILE_FLAGS : [])],
        env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? profile },
      });
    } catch (e) {
      await vite.close();
      rmSync(profile, { recursive: true, force: true });
      throw new CliError(
        `Chromium (${CHROMIUM}) could not start: ${(e as Error).message.split('\n')[0]}. ` +
          "Install Debian's chromium package or set CHROMIUM_PATH.",
      );
    }
    const url = `http://127.0.0.1:${port}/bench/browser/index.html`;
    log(`browser: ${CHROMIUM} (${context.browser()?.version() ?? 'headless'}), page ${url}`);
    return new BrowserBench(vite, context, url, profile, log);
  }

  run(
    engine: Engine,
    w: Workload,
    timedEpochs: number,
    samples: number,
    kernels: KernelStrategy,
  ): Promise<BenchResult> {
    const req = { engine, workload: w.id, samples, timedEpochs, kernels };
    return this.inPage(`${engine} in Chromium failed on ${w.id}`, async (page) => {
      const r = await page.evaluate(
        (q) => (globalThis as unknown as { benchRun: (x: typeof q) => Promise<BenchResult> }).benchRun(q),
        req,
      );
      this.adapter = r.adapter;
      return r;
    });
  }

  /** `bench --browser --profile`: profileWorkload's lines, computed in the page. */
  profile(w: Workload, samples: number, kernels: KernelStrategy, method: ProfileMethod): Promise<string[]> {
    const req = { workload: w.id, samples, kernels, method };
    return this.inPage(`--profile in Chromium failed on ${w.id}`, (page) =>
      page.evaluate(
        (q) =>
          (globalThis as unknown as { benchProfile: (x: typeof q) => Promise<string[]> }).benchProfile(q),
        req,
      ),
    );
  }

  /** A fresh page with the bench page loaded; its errors name what failed. */
  private async inPage<T>(what: string, body: (page: Page) => Promise<T>): Promise<T> {
    const page = await this.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      const text = m.text();
      if (text.startsWith('bench: ')) this.log(`${text.slice(7)}`);
      else if (m.type() === 'error') errors.push(text);
    });
    try {
      await page.goto(this.url);
      await page.waitForFunction(() => (globalThis as { benchReady?: boolean }).benchReady === true, null, {
        timeout: 120_000,
      });
      return await body(page);
    } catch (e) {
      const why = errors.at(-1) ?? (e as Error).message.split('\n')[0];
      throw new CliError(`${what}: ${why}`);
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
    await this.vite.close();
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}
