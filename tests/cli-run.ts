// Runs the real `webgpu-lstm` bin in a child process (as a user would) for the CLI tests.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const SINE = join(FIXTURES, 'sine.csv');
export const REGIMES = join(FIXTURES, 'regimes.csv');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], timeoutMs = 110_000): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'webgpu-lstm.mjs'), ...args],
      {
        cwd: ROOT,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, WEBGPU_LSTM_DEBUG: '' },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'webgpu-lstm-cli-'));
}

/** `webgpu-lstm train DATA ...args --out OUT`, which must succeed. */
export async function trainCli(data: string, args: string[], out: string): Promise<void> {
  const r = await runCli(['train', data, ...args, '--out', out]);
  if (r.code !== 0) throw new Error(`train exited ${r.code}: ${r.stderr}`);
}

/** Lines of stderr, without the notices Dawn itself prints when it creates a device. */
export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/^Warning: .*artificially reduced/.test(l));
}

/** A failure is ONE line on stderr, no stack trace, and a non-zero exit code. */
export function expectOneErrorLine(r: CliResult, code: number, ...parts: (string | RegExp)[]): string {
  expect(r.code, `exit code; stderr: ${r.stderr}`).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, 'exactly one stderr line').toHaveLength(1);
  const line = lines[0];
  expect(line).toMatch(/^webgpu-lstm: error: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const p of parts)
    expect(line).toMatch(typeof p === 'string' ? new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : p);
  return line;
}

/** Parse the CSV the CLI writes (no quoted fields in these tests). */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}
