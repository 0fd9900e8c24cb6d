// Parse throughput and peak memory of the CSV loader on a generated 1,000,000-row × 6-column file
// (an ISO timestamp and 5 numeric columns), in Node. Not a test: run it with `npm run bench:data`;
// `npm run bench:data -- --browser` runs the same loader on the same file in headless Chromium instead
// (bench/data/browser.ts).
//   MB/s = file bytes / parse wall time; peak = the process's maximum resident set size during the
//   run minus its size before the file was read (so it counts the input bytes and everything built).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../src/data/csv.ts';
import { BENCH_FILE, generate } from './generate.ts';

const USAGE =
  'usage: npm run bench:data [-- --browser [--runs 2]]   (Node, or headless Chromium; docs/data.md has the figures)';
{
  const argv = process.argv.slice(2);
  const known = argv.every(
    (a, i) => a === '--browser' || a === '--runs' || (argv[i - 1] === '--runs' && /^[1-9]\d*$/.test(a)),
  );
  if (argv.includes('--help') || !known || (argv.includes('--runs') && !argv.includes('--browser'))) {
    const help = argv.includes('--help');
    (help ? console.log : console.error)(
      help ? USAGE : `error: unexpected arguments "${argv.join(' ')}"\n${USAGE}`,
    );
    process.exit(help ? 0 : 2);
  }
}

if (process.argv.includes('--browser')) {
  const { browserBench } = await import('./browser.ts');
  process.exit(await browserBench(process.argv.slice(2)));
}

if (generate()) {
  // Measure in a fresh process: the peak RSS of generating would mask the parser's.
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
globalThis.gc?.();
const before = process.memoryUsage().rss;
const bytes = readFileSync(BENCH_FILE);
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
