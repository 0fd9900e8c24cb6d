// The benchmark's CSV: 1,000,000 rows × 6 columns (an ISO timestamp and 5 numeric columns, 51 MB),
// generated once into the temp dir and reused; ROWS=… makes another size. Shared by the Node and the
// Chromium parse benchmarks so both read the same bytes.
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROWS = Number(process.env.ROWS ?? 1_000_000);
export const BENCH_FILE = join(tmpdir(), `webgpu-lstm-parse-${ROWS}.csv`);

/** Writes the file unless it is there already; true when it was written now. */
export function generate(): boolean {
  if (existsSync(BENCH_FILE)) return false;
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
  writeFileSync(BENCH_FILE, `${lines.join('\n')}\n`);
  return true;
}
