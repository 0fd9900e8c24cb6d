// bench --save / --update-docs: results files and the regenerated table in docs/performance.md, in a
// temporary folder (the real bench/results and docs are never touched by tests).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commandLine,
  machineFacts,
  markdownTable,
  type RunFile,
  saveRun,
  slug,
  TABLE_END,
  TABLE_START,
  updateDocs,
} from '../src/cli/bench-results.ts';
import type { BenchResult } from '../src/cli/bench-run.ts';

const row = (peer: string, sps: number, peak: number | null = null): BenchResult => ({
  workload: 'W2',
  peer,
  adapter: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)',
  samples_per_s: sps,
  epoch_ms: 1000,
  first_epoch_ms: 1500,
  peak_gpu_bytes: peak,
  memory_ratio: peak === null ? null : 1.83,
});

const run = (date: string, rows: BenchResult[]): RunFile => ({
  command: commandLine(['--workload', 'W2', '--compare', 'tfjs', '--save']),
  date,
  adapter: rows[0].adapter,
  machine: machineFacts(),
  rows,
});

describe('bench results', () => {
  it('names files by date and adapter, never overwriting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const r = run('2026-11-27T05:40:00.000Z', [row('webgpu-lstm', 800, 12_000_000)]);
    saveRun(r, dir);
    saveRun(r, dir);
    expect(readdirSync(dir).sort()).toEqual([
      '2026-11-27-llvmpipe-mesa-25-0-7-llvm-15-0-6-2.json',
      '2026-11-27-llvmpipe-mesa-25-0-7-llvm-15-0-6.json',
    ]);
    const back = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
    expect(back).toEqual(r);
    expect(slug('NVIDIA H200 / Vulkan')).toBe('nvidia-h200-vulkan');
  });

  it('quotes the command as a shell would need it', () => {
    expect(commandLine(['--workload', 'W1,W2', '--n', '256'])).toBe(
      'node bin/webgpu-lstm.mjs bench --workload W1,W2 --n 256',
    );
    expect(commandLine(['--x', "a b'c"])).toBe(`node bin/webgpu-lstm.mjs bench --x 'a b'\\''c'`);
  });

  it('regenerates only the text between the markers, newest run first, with ratios per run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    saveRun(run('2026-11-26T10:00:00.000Z', [row('webgpu-lstm', 100, 1 << 20), row('tfjs-webgpu', 50)]), dir);
    saveRun(
      run('2026-11-27T10:00:00.000Z', [
        { ...row('webgpu-lstm', 900, 1 << 20), first_batch_ms: 420 },
        row('tfjs-webgpu', 100),
      ]),
      dir,
    );
    const doc = join(dir, 'performance.md');
    writeFileSync(doc, `# Perf\n\nkept above\n\n${TABLE_START}\nold table\n${TABLE_END}\n\nkept below\n`);
    expect(updateDocs(doc, dir)).toBe(2);
    const text = readFileSync(doc, 'utf8');
    expect(text).toMatch(/^# Perf\n\nkept above\n\n<!-- bench:table:start -->\n/);
    expect(text).toMatch(/<!-- bench:table:end -->\n\nkept below\n$/);
    expect(text).not.toMatch(/old table/);
    // Newest first; each tfjs row carries ours ÷ tfjs of its own run (900/100 and 100/50). Rows without a
    // first batch time (files from before it was measured) leave that column empty.
    expect(text.indexOf('2026-11-27 10:00')).toBeLessThan(text.indexOf('2026-11-26 10:00'));
    expect(text).toMatch(/\| W2 +\| tfjs-webgpu \| [^|]+\| +100 \| [^|]+\| [^|]+\| +\| +9\.0× \|/);
    expect(text).toMatch(/\| W2 +\| tfjs-webgpu \| [^|]+\| +50\.0 \| [^|]+\| [^|]+\| +\| +2\.0× \|/);
    expect(text).toMatch(
      /\| W2 +\| webgpu-lstm \| [^|]+\| +900 \| [^|]+\| [^|]+\| +420 \| +\| +1\.0 \| +1\.83× \|/,
    );
    expect(text).toContain('`node bin/webgpu-lstm.mjs bench --workload W2 --compare tfjs --save`');
  });

  it('pads tables the way the formatter does: every line of a table equally long, numbers right-aligned', () => {
    const lines = markdownTable(
      ['workload', 'peer', 'adapter', 'samples/s'],
      [['W2', 'tfjs-webgpu', 'a', '7.5']],
    );
    expect(lines).toEqual([
      '| workload | peer        | adapter | samples/s |',
      '| -------- | ----------- | ------- | --------: |',
      '| W2       | tfjs-webgpu | a       |       7.5 |',
    ]);
  });

  it('refuses a document without the markers, saying where they go', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const doc = join(dir, 'performance.md');
    writeFileSync(doc, '# Perf\n');
    expect(() => updateDocs(doc, dir)).toThrow(
      /has no <!-- bench:table:start --> … <!-- bench:table:end --> markers/,
    );
  });
});
