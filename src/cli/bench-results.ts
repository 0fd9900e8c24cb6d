// `bench --save`: one file per run in bench/results (every row, the exact command, the adapter, the date,
// the machine), and the table in docs/performance.md regenerated from all of them, between the markers
// below. `bench --update-docs` regenerates the table alone (after copying in files from another machine,
// such as the NVIDIA script's output).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-run.ts';
import { CliError } from './errors.ts';
import { reason } from './io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const DOC = join(ROOT, 'docs', 'performance.md');
export const TABLE_START = '<!-- bench:table:start -->';
export const TABLE_END = '<!-- bench:table:end -->';

export interface RunFile {
  command: string;
  /** ISO 8601, UTC, when the run started. */
  date: string;
  /** The adapter of the run's first row (each row names its own). */
  adapter: string;
  /** The repository's commit (`git rev-parse --short HEAD`); the working tree may differ from it. */
  commit?: string;
  machine: {
    cpu: string;
    cores: number;
    memory_gib: number;
    os: string;
    node: string;
    /** 1-minute load average when the run started: how busy the machine was. */
    load_at_start: number;
  };
  rows: BenchResult[];
}

/** `node bin/webgpu-lstm.mjs bench …` as typed, quoted where the shell would need it. */
export function commandLine(argv: string[]): string {
  const q = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
  return ['node', 'bin/webgpu-lstm.mjs', 'bench', ...argv].map(q).join(' ');
}

export function machineFacts(): RunFile['machine'] {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memory_gib: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    load_at_start: Math.round(loadavg()[0] * 100) / 100,
  };
}

/**
 * The checkout's commit; outside a git checkout (the NVIDIA bundle's copy of the tree) the one
 * WEBGPU_LSTM_COMMIT names (nvidia-bench.sh records it when bundling), else undefined.
 */
export function gitCommit(): string | undefined {
  if (process.env.WEBGPU_LSTM_COMMIT) return process.env.WEBGPU_LSTM_COMMIT;
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 48)
      .replace(/-$/, '') || 'unknown'
  );
}

/** Writes bench/results/<date>-<adapter slug>[-k].json and returns its path. */
export function saveRun(run: RunFile, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const base = `${run.date.slice(0, 10)}-${slug(run.adapter)}`;
  let path = join(dir, `${base}.json`);
  for (let k = 2; existsSync(path); k++) path = join(dir, `${base}-${k}.json`);
  try {
    writeFileSync(path, `${JSON.stringify(run, null, 2)}\n`);
  } catch (e) {
    throw new CliError(`Cannot write ${path}: ${reason(e)}`);
  }
  return path;
}

export function loadRuns(dir = RESULTS_DIR): { file: string; run: RunFile }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      try {
        return { file, run: JSON.parse(readFileSync(join(dir, file), 'utf8')) as RunFile };
      } catch (e) {
        throw new CliError(`bench/results/${file} is not a results file: ${reason(e)}. Fix or remove it.`);
      }
    })
    .sort((a, b) => a.run.date.localeCompare(b.run.date) || a.file.localeCompare(b.file));
}

const HEADER = [
  'workload',
  'peer',
  'adapter',
  'samples/s',
  'epoch ms',
  'first epoch ms',
  'first batch ms',
  'ours ÷ peer',
  'peak GPU MiB',
  'memory ratio',
];
/** Columns from `samples/s` on are numbers: right-aligned. */
const FIRST_NUMBER_COLUMN = 3;

/** A markdown table padded the way the repository's formatter (biome) writes one, so lint stays green. */
export function markdownTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const right = (i: number) => i >= FIRST_NUMBER_COLUMN;
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)];
}

const num = (x: number) => (x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US'));
const mib = (b: number | null) => (b === null ? '' : (b / 2 ** 20).toFixed(1));

/** Our engine's row of a workload in a run: the first row that is ours, in the peer's own environment. */
function oursFor(rows: BenchResult[], r: BenchResult): BenchResult | undefined {
  const env = r.peer.includes('@') ? r.peer.slice(r.peer.indexOf('@')) : '';
  const same = rows.filter((x) => x.workload === r.workload && x.peer.startsWith('webgpu-lstm'));
  return same.find((x) => x.peer.endsWith(env) && (env !== '' || !x.peer.includes('@'))) ?? same[0];
}

/** The markdown of every run, newest first, each with its command, adapter, date and machine. */
export function renderTable(runs: { file: string; run: RunFile }[]): string {
  const out: string[] = [];
  for (const { file, run } of [...runs].reverse()) {
    const m = run.machine;
    out.push(
      `#### ${run.date.slice(0, 16).replace('T', ' ')} UTC — ${run.adapter}`,
      '',
      `\`${run.command}\`${run.commit ? ` at ${run.commit}` : ''}  `,
      `${m.cores} × ${m.cpu}, ${m.memory_gib} GiB, ${m.os}, Node ${m.node}, load ${m.load_at_start} at the ` +
        `start; [bench/results/${file}](../bench/results/${file})`,
      '',
    );
    const cells = run.rows.map((r) => {
      const ours = oursFor(run.rows, r);
      return [
        r.workload,
        r.peer,
        r.adapter,
        num(r.samples_per_s),
        num(r.epoch_ms),
        num(r.first_epoch_ms),
        r.first_batch_ms === null || r.first_batch_ms === undefined ? '' : num(r.first_batch_ms),
        ours && ours !== r ? `${(ours.samples_per_s / r.samples_per_s).toFixed(1)}×` : '',
        mib(r.peak_gpu_bytes),
        r.memory_ratio === null || r.memory_ratio === undefined ? '' : `${r.memory_ratio.toFixed(2)}×`,
      ];
    });
    out.push(...markdownTable(HEADER, cells));
    out.push('');
  }
  if (out.length === 0) out.push('No saved runs yet: `npm run bench -- --save`.', '');
  return out.join('\n');
}

/** Replaces the text between the markers of docs/performance.md with the table of all saved runs. */
export function updateDocs(doc = DOC, dir = RESULTS_DIR): number {
  let text: string;
  try {
    text = readFileSync(doc, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read ${doc}: ${reason(e)}`);
  }
  const a = text.indexOf(TABLE_START);
  const b = text.indexOf(TABLE_END);
  if (a < 0 || b < a)
    throw new CliError(`${doc} has no ${TABLE_START} … ${TABLE_END} markers: put them where the table goes`);
  const runs = loadRuns(dir);
  const next = `${text.slice(0, a + TABLE_START.length)}\n\n${renderTable(runs)}\n${text.slice(b)}`;
  writeFileSync(doc, next);
  return runs.length;
}
