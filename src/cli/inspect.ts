// `webgpu-lstm inspect`: what the data loader makes of a CSV, or its error (exit 1).
import { summarize } from '../data/summary.ts';
import { Args, type FlagSpecs } from './args.ts';
import { UsageError } from './errors.ts';
import { thousands } from './io.ts';
import {
  dateOrderFlag,
  loadData,
  PARSE_FLAGS,
  PARSE_HELP,
  parseFlags,
  seriesColumnFlag,
  timeFlag,
} from './load-data.ts';

export const INSPECT_FLAGS: FlagSpecs = {
  json: { value: false },
  time: { value: true },
  'date-order': { value: true },
  'series-column': { value: true },
  ...PARSE_FLAGS,
};

export const INSPECT_HELP = `Usage: webgpu-lstm inspect <data.csv> [--json] [--time COL|none] [--date-order dmy|mdy] [--series-column COL|none]

Prints what the data loader found in a CSV file: the dialect (delimiter, decimal mark, header), the rows,
each column with its type (numeric, time, categorical), missing and unreadable cells and its range, the
time column and its span, stacked series, and the notices (sorted rows, renamed columns, ambiguous
dates …). A file the loader cannot read gives its error (what, where, how to fix) and exit code 1.

  --json                  print the summary as JSON on stdout
  --time COL|none         the time column (default: detected)
  --date-order dmy|mdy    how to read dates like 01/02/2024 (default: from the data)
  --series-column COL     the column naming stacked series (default: detected; none = one series)

${PARSE_HELP}`;

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export async function inspectCommand(argv: string[]): Promise<number> {
  const args = Args.parse(argv, INSPECT_FLAGS, 'inspect');
  if (args.help) {
    process.stdout.write(`${INSPECT_HELP}\n`);
    return 0;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError('inspect takes one data file: webgpu-lstm inspect data.csv', 'inspect');
  }
  const path = args.positionals[0];
  const ds = loadData(path, {
    ...parseFlags(args),
    time: timeFlag(args),
    dateOrder: dateOrderFlag(args),
    seriesColumn: seriesColumnFlag(args),
  });
  const s = summarize(ds);
  if (args.switch('json')) {
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `file: ${path}`,
    `rows: ${thousands(s.rows)}; ${DELIMITER_NAMES[s.delimiter]}-separated, decimal ${s.decimal === ',' ? 'comma' : 'point'}, ${s.header ? 'header row' : 'no header row'}`,
    `time: ${s.time ? `${s.time.column}, ${s.time.first} → ${s.time.last}` : 'none (rows in file order)'}`,
  ];
  if (s.series) {
    const ids = s.series.ids.slice(0, 10).join(', ') + (s.series.count > 10 ? ', …' : '');
    lines.push(`series: ${s.series.count} in column ${s.series.column} (${ids})`);
  }
  lines.push('columns:');
  const width = Math.max(...s.columns.map((c) => c.name.length));
  for (const c of s.columns) {
    const parts: string[] = [c.type];
    if (c.format) parts.push(c.format);
    if (c.min !== undefined) parts.push(`${c.min} … ${c.max}`);
    if (c.levels !== undefined)
      parts.push(`${c.levels} values (${c.examples!.join(', ')}${c.levels > 5 ? ', …' : ''})`);
    parts.push(`${thousands(c.missing)} missing`);
    if (c.invalid) parts.push(`${thousands(c.invalid)} not numbers (first "${c.firstInvalid!.text}")`);
    if (c.constant) parts.push('constant');
    lines.push(`  ${c.name.padEnd(width)}  ${parts.join('; ')}`);
  }
  for (const n of s.notices) lines.push(`note: ${n}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
