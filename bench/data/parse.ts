// Parse throughput and peak memory of the CSV loader on a generated 1,000,000-row × 6-column file
// (an ISO timestamp and 5 numeric columns), in Node. Not a test: run it with `npm run bench:data`.
//   MB/s = file bytes / parse wall time; peak = the process's maximum resident set size during the
//   run minus its size before the file was read (so it counts the input bytes and everything built).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../src/data/csv.ts';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const file = join(tmpdir(), `webgpu-lstm-parse-${ROWS}.csv`);

function generate(): void {
  const lines = ['time,temp,humidity,pressure,wind,load'];
  let x = 0.5;
  const t0 = Date.UTC(2020, 0, 1);
  for (let r = 0; r < ROWS; r++) {
    x = ((x * 9301 + 49297) % 233280) / 233280; // deterministic, cheap
    const ts = new Date(t0 + r * 60_000).toISOString().slice(0, 19);
    lines.push(
      `${ts},${(15 + 10 * x).toFixed(2)},${(40 + 50 * x).toFixed(1)},${(1000 + 30 * x).toFixed(1)},${(8 * x).toFixed(2)},${(x * 1000).toFixed(3)}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

if (!existsSync(file)) {
  // Generate, then measure in a fresh process: the peak RSS of generating would mask the parser's.
  generate();
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
globalThis.gc?.();
const before = process.memoryUsage().rss;
const bytes = readFileSync(file);
const t = performance.now();
const ds = parseCsv(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
const ms = performance.now() - t;
const peak = process.resourceUsage().maxRSS * 1024 - before;
const mb = bytes.byteLength / 1e6;
console.log(
  JSON.stringify({
    rows: ds.rows,
    columns: ds.columns.map((c) => `${c.name}:${c.kind}`),
    file_mb: +mb.toFixed(1),
    parse_ms: Math.round(ms),
    mb_per_s: +(mb / (ms / 1000)).toFixed(1),
    peak_mb: +(peak / 1e6).toFixed(1),
    peak_over_file: +(peak / bytes.byteLength).toFixed(2),
  }),
);
