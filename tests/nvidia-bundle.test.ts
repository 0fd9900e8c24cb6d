// The bundle scripts/nvidia-bench.sh takes to a GPU machine without node_modules: the CLI and the TF.js
// peer bundled into one file each (scripts/bundle-cli.mjs). Built into a scratch folder of the repository
// (the bundled CLI finds package.json and bench/ as ../../) and run here, so a change the bundler cannot
// follow (a new `?raw` pattern, a path computed from import.meta.url) fails here rather than in a lease of a
// GPU machine, where every minute counts.
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-run.ts';

const OUT = join(ROOT, `.nvidia-bench-test-${process.pid}`);

function run(file: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [file, ...args],
      { cwd: ROOT, timeout: 110_000, env: { ...process.env, ...env } },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe('nvidia-bench bundle', () => {
  afterAll(() => rmSync(OUT, { recursive: true, force: true }));

  it('bundles the CLI and the TF.js peer, which train a workload side by side', async () => {
    const built = await run(join(ROOT, 'scripts', 'bundle-cli.mjs'), [OUT]);
    expect(built.code, built.stderr).toBe(0);
    const cli = join(OUT, 'cli', 'webgpu-lstm.mjs');
    const peer = join(OUT, 'peers', 'tfjs.mjs');
    expect(existsSync(cli) && existsSync(peer)).toBe(true);
    const r = await run(
      cli,
      ['bench', '--workload', 'W2', '--epochs', '1', '--n', '32', '--compare', 'tfjs', '--json'],
      { WEBGPU_LSTM_TFJS_PEER: peer },
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.peer)).toEqual(['webgpu-lstm', 'tfjs-webgpu']);
    expect(rows[1].samples_per_s).toBeGreaterThan(0);
  }, 120_000);

  it('refuses an output folder that is not directly inside the repository', async () => {
    const r = await run(join(ROOT, 'scripts', 'bundle-cli.mjs'), [join(ROOT, 'bench', 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: node scripts\/bundle-cli\.mjs OUTDIR \(a folder directly inside /);
  });
});
