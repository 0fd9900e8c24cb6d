// Reading a number column as labels (class codes 0/1/2 that are categories, not amounts): which columns
// the data setup offers and which it leaves out, whether a column has few enough values to be labels, and
// the configuration the choice leads to. The file itself is read again in the worker (the data slice's
// readAsLabels).
import type { Dataset } from '../data/csv.ts';
import { ONE_HOT_LIMIT, tooManyLabels } from '../data/features.ts';
import type { RunConfig } from '../model/config.ts';

export interface LabelsChoice {
  column: string;
  /** Read as labels now (the config names it). */
  labels: boolean;
  /** Distinct values, counted up to ONE_HOT_LIMIT + 1 (that many means too many to be labels). */
  values: number;
}

/** Distinct numbers in `values` (gaps left out), counting stops at `cap`. */
export function distinctValues(values: Float32Array, cap = Number.POSITIVE_INFINITY): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length && seen.size < cap; i++) {
    if (!Number.isNaN(values[i])) seen.add(values[i]);
  }
  return seen.size;
}

/**
 * The columns offered: every number column, and every column read as labels that holds numbers in the
 * file (the config names it), so it can go back. Not the time column, any other time column, or the
 * column that tells stacked series apart (the loader keeps its ids as they are).
 */
export function labelsChoices(
  table: Dataset,
  data: Pick<RunConfig['data'], 'time' | 'series' | 'categorical'>,
): LabelsChoice[] {
  const asked = data.categorical ?? [];
  const seriesColumn = data.series?.column ?? null;
  const out: LabelsChoice[] = [];
  for (const c of table.columns) {
    if (c.name === data.time || c.name === seriesColumn) continue;
    if (c.kind === 'numeric') {
      out.push({ column: c.name, labels: false, values: distinctValues(c.values, ONE_HOT_LIMIT + 1) });
    } else if (c.kind === 'categorical' && asked.includes(c.name)) {
      out.push({ column: c.name, labels: true, values: c.levels.length });
    }
  }
  return out;
}

export interface LabelsOffer {
  /** The checkboxes: columns with few enough values to be labels, and those read as labels now. */
  offered: LabelsChoice[];
  /** Number columns left out, with too many values to be labels (named in one muted line). */
  tooMany: string[];
}

/**
 * `labelsChoices` split into what the data setup offers and what it leaves out. A column of over
 * ONE_HOT_LIMIT values could only be refused, so it gets no checkbox (on a dataset of measurements that was
 * a box of boxes that all refuse); a column read as labels stays whatever its count, so it can go back.
 */
export function labelsOffer(
  table: Dataset,
  data: Pick<RunConfig['data'], 'time' | 'series' | 'categorical'>,
): LabelsOffer {
  const offered: LabelsChoice[] = [];
  const tooMany: string[] = [];
  for (const l of labelsChoices(table, data)) {
    if (l.labels || l.values <= ONE_HOT_LIMIT) offered.push(l);
    else tooMany.push(l.column);
  }
  return { offered, tooMany };
}

/**
 * The one line under the offered columns that says which number columns are not offered and why, or null
 * when none is left out. Past `shown` names the rest are counted, so the line stays one line on wide files.
 */
export function tooManyText(names: readonly string[], shown = 3): string | null {
  if (names.length === 0) return null;
  // "a, b, c and 1 more" is no shorter than naming the fourth.
  const head = names.length <= shown + 1 ? names : names.slice(0, shown);
  const rest = names.length - head.length;
  const list = rest > 0 ? `${head.join(', ')} and ${rest} more` : head.join(', ');
  return `${list}: over ${ONE_HOT_LIMIT} values, so numbers only`;
}

/**
 * Why `column` cannot be read as labels (too many distinct values: the message says how many and what to
 * do), or null when it can. Counted on the numbers as read; the worker checks the labels as written too.
 */
export function labelsProblem(table: Dataset, column: string): string | null {
  const c = table.columns.find((k) => k.name === column);
  if (c?.kind !== 'numeric') return null;
  if (distinctValues(c.values, ONE_HOT_LIMIT + 1) <= ONE_HOT_LIMIT) return null;
  return tooManyLabels(column, distinctValues(c.values)).message;
}

/**
 * The configuration once `column` is read as labels (on) or as numbers again (off). A target that becomes
 * labels makes the task classification (its loss, one class column, the class no longer an input), as the
 * config slice decides for a target that holds text; everything else the user chose stays (differences too:
 * classification leaves them out, and they are back if the task is).
 */
export function labelsConfig(config: RunConfig, column: string, on: boolean): RunConfig {
  const asked = (config.data.categorical ?? []).filter((c) => c !== column);
  if (on) asked.push(column);
  const { categorical: _, ...rest } = config.data;
  let data: RunConfig['data'] = asked.length > 0 ? { ...rest, categorical: asked } : rest;
  let model = config.model;
  if (on && data.targets.includes(column)) {
    data = { ...data, targets: [column], features: data.features.filter((f) => f !== column) };
    model = { ...model, task: 'classification', loss: 'crossentropy' };
  }
  return { ...config, data, model };
}

/** Whether two lists of label columns name the same columns (in any order). */
export function sameLabels(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = new Set(a ?? []);
  const y = new Set(b ?? []);
  return x.size === y.size && [...x].every((c) => y.has(c));
}
