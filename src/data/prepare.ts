// From columns to what the engine trains on: the chosen feature/target columns (gaps handled by the
// missing-value policy) scaled with statistics fitted on the training rows only, the windows (by the
// row they end on, never crossing from one series into another) and the chronological split.
import type { SeriesData } from '../model/backend.ts';
import type { DataConfig } from '../model/config.ts';
import type { Task } from '../model/spec.ts';
import {
  type Differences,
  differenced,
  differencesOf,
  inputStatName,
  targetStatName,
} from './differences.ts';
import { count, DataError, fileRow } from './errors.ts';
import { expandFeatures, numericColumn, requireColumn } from './features.ts';
import { fillGaps } from './missing.ts';
import { fitScaler, scaleColumns } from './scaling.ts';
import { type Segments, segmentStarts } from './segments.ts';
import { findColumn, type Table } from './table.ts';
import { textAsMissingNotice } from './text-as-missing.ts';
import { gapIndex, segmentWindows } from './windows.ts';

export { scalerTransform, unscaleTarget } from './scaling.ts';
export { windowEnds } from './windows.ts';

export interface Scaler {
  kind: 'standard' | 'minmax' | 'none';
  /** Features, then each target that is not also a feature (regression only). */
  columns: string[];
  mean?: number[];
  std?: number[];
  min?: number[];
  max?: number[];
}

export interface Preprocessing {
  features: string[];
  targets: string[];
  window: number;
  horizon: number;
  scaler: Scaler;
  /** Classification: class labels, in head-unit order. */
  classes?: string[];
  /** First differences (differences.ts): of the targets, or of inputs and targets; absent = none. */
  differences?: Exclude<Differences, 'none'>;
}

export interface PreparedData {
  series: SeriesData;
  pre: Preprocessing;
  /** Regression: each target's level per row in the data's units, (rows, targets), NaN where unknown. */
  levels: Float32Array;
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
  /** What the preparation left out or decided (windows dropped for gaps …). */
  notices: string[];
}

/** The data choices that matter for turning rows into windows (a subset of DataConfig). */
export type WindowingConfig = Pick<DataConfig, 'stride' | 'missing' | 'invalid' | 'series'>;

/** Class index per row (NaN = missing) and the class list. */
function classTargets(table: Table, name: string, fixed: string[] | undefined) {
  const c = requireColumn(table, name, 'target');
  if (c.kind === 'time') {
    throw new DataError(
      `Column "${name}" holds times; it cannot be a class column.`,
      null,
      name,
      'wrong-kind',
    );
  }
  const label = (r: number): string | null => {
    if (c.kind === 'categorical') return c.codes[r] >= 0 ? c.levels[c.codes[r]] : null;
    return Number.isNaN(c.values[r]) ? null : String(c.values[r]);
  };
  let classes = fixed;
  if (!classes) {
    const seen = new Set<string>();
    for (let r = 0; r < table.rows; r++) {
      const l = label(r);
      if (l !== null) seen.add(l);
    }
    classes = [...seen].sort((a, b) =>
      Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a.localeCompare(b),
    );
  }
  if (classes.length < 2) {
    throw new DataError(
      `The target column "${name}" has fewer than 2 classes. Classification needs at least 2.`,
      null,
      name,
      'classes',
    );
  }
  const index = new Map(classes.map((k, i) => [k, i]));
  const y = new Float32Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    const l = label(r);
    const k = l === null ? undefined : index.get(l);
    if (l !== null && k === undefined) {
      throw new DataError(
        `Row ${fileRow(r, table.headerRows)}, column "${name}": class "${l}" is not one the model knows (${classes.join(', ')}).`,
        r,
        name,
        'classes',
      );
    }
    y[r] = k ?? Number.NaN;
  }
  return { y, classes };
}

function split(perSegment: Int32Array[], valSplit: number, testSplit: number) {
  const parts: [number[], number[], number[]] = [[], [], []];
  for (const ends of perSegment) {
    const nVal = Math.floor(ends.length * valSplit);
    const nTest = Math.floor(ends.length * testSplit);
    const nTrain = ends.length - nVal - nTest;
    ends.forEach((e, i) => {
      parts[i < nTrain ? 0 : i < nTrain + nVal ? 1 : 2].push(e);
    });
  }
  return parts.map((p) => Int32Array.from(p));
}

/** Rows read (inputs and targets) by the given windows. */
function rowsRead(rows: number, ends: Int32Array, window: number, horizon: number): Uint8Array {
  const diff = new Int32Array(rows + 1);
  for (const e of ends) {
    diff[e - window + 1]++;
    diff[Math.min(rows, e + horizon + 1)]--;
  }
  const mask = new Uint8Array(rows);
  let run = 0;
  for (let r = 0; r < rows; r++) {
    run += diff[r];
    mask[r] = run > 0 ? 1 : 0;
  }
  return mask;
}

/** prepareData's column work, before any window is cut (src/worker/plan.ts counts windows from it too). */
export interface PreparedColumns {
  features: string[];
  targets: string[];
  differences: Differences;
  classes?: string[];
  starts: Segments;
  /** The inputs as the model reads them: gaps filled, differenced with differences 'all'. */
  featureCols: Float32Array[];
  /**
   * Regression: each target's levels, gaps filled; classification: the class codes (NaN = unknown), none
   * when the targets are not read ('predict').
   */
  targetCols: Float32Array[];
  /** What the head learns: the targets, or their changes. */
  outCols: Float32Array[];
  /** Prefix counts of rows with a gap in any input / any learned target. */
  inputGaps: Int32Array;
  targetGaps: Int32Array;
  /** Rows at each segment's start no window may read: differenced inputs start on its second row. */
  lead: number;
  /** The text cells of the columns read that became gaps (text-as-missing.ts), or null when none did. */
  textAsMissing: string | null;
}

/** Which columns are read, and how: chosen in a config, or fixed by a loaded model's preprocessing. */
export interface ColumnChoice {
  features: string[];
  targets: string[];
  differences: Differences;
  /** A loaded model's class labels (classification). */
  classes?: string[];
}

/**
 * What the targets are read for. 'learn' (training, and the window counts) needs every target, checked as
 * strictly as the inputs. 'predict' (a loaded model on new data) does without them: a regression target
 * that is absent or not numeric reads as unknown (its truth and loss are simply missing; with differences
 * it is an error, as the predicted changes add to its last level), and class labels are not read at all.
 */
export type TargetUse = 'learn' | 'predict';

/** The columns of prepareData (a loaded model's `fixed` preprocessing names them, as there). */
export function prepareColumns(
  table: Table,
  cfg: DataConfig,
  task: Task,
  fixed: Preprocessing | null = null,
): PreparedColumns {
  const choice: ColumnChoice = {
    features: fixed?.features ?? expandFeatures(table, cfg.features),
    targets: fixed?.targets ?? cfg.targets,
    differences: fixed
      ? differencesOf(fixed)
      : task === 'regression'
        ? // A config saved before differences existed has none.
          (cfg.differences ?? 'none')
        : 'none',
    ...(fixed?.classes ? { classes: fixed.classes } : {}),
  };
  return readColumns(table, choice, cfg, task, 'learn');
}

/**
 * The one column stage of training, window counts and predictions: the chosen columns with gaps filled
 * by the missing-value policy within each series segment, differenced as chosen, and where they have gaps.
 */
export function readColumns(
  table: Table,
  choice: ColumnChoice,
  cfg: Pick<DataConfig, 'missing' | 'invalid' | 'series'>,
  task: Task,
  use: TargetUse,
): PreparedColumns {
  const { features, targets, differences } = choice;
  const rows = table.rows;
  const invalidAsMissing = cfg.invalid === 'missing';
  const starts = segmentStarts(table, cfg.series);
  const rawFeatures = features.map((f) => numericColumn(table, f, 'feature', invalidAsMissing));
  const levelFeatures = rawFeatures.map((v) => fillGaps(v, starts.all, cfg.missing));
  const featureCols =
    differences === 'all' ? levelFeatures.map((v) => differenced(v, starts.all)) : levelFeatures;

  let classes: string[] | undefined = choice.classes;
  const targetCols: Float32Array[] = [];
  if (task === 'classification') {
    if (use === 'learn') {
      const t = classTargets(table, targets[0], choice.classes);
      classes = t.classes;
      targetCols.push(t.y);
    }
  } else {
    for (const t of targets) {
      const v =
        use === 'learn'
          ? numericColumn(table, t, 'target', invalidAsMissing)
          : predictedTarget(table, t, differences, rows);
      targetCols.push(fillGaps(v, starts.all, cfg.missing));
    }
  }
  // The changes the head learns: Δy[r] needs y[r−1] in the same segment (the window's last level for r+1).
  const outCols = differences === 'none' ? targetCols : targetCols.map((v) => differenced(v, starts.all));
  const inputGaps = gapIndex(rows, (r) => featureCols.some((v) => Number.isNaN(v[r])));
  const targetGaps = gapIndex(rows, (r) => outCols.some((v) => Number.isNaN(v[r])));
  return {
    features,
    targets,
    differences,
    ...(classes ? { classes } : {}),
    starts,
    featureCols,
    targetCols,
    outCols,
    inputGaps,
    targetGaps,
    lead: differences === 'all' ? 1 : 0,
    textAsMissing: textAsMissingNotice(table, [...features, ...targets], cfg.invalid),
  };
}

/** A regression target's values when predicting: unknown (NaN) where the file has no numeric column. */
function predictedTarget(table: Table, name: string, differences: Differences, rows: number): Float32Array {
  const c = findColumn(table, name);
  if (c?.kind === 'numeric') return c.values;
  if (differences !== 'none') {
    throw new DataError(
      `The model predicts changes of "${name}" and adds them to its last value, but the file has no numeric column "${name}". Give a file with that column.`,
      null,
      name,
      'missing-column',
    );
  }
  return new Float32Array(rows).fill(Number.NaN);
}

/**
 * Scale and window a table. With `fixed` (a loaded model's preprocessing), its columns, scaler and classes
 * are used as they are, so predictions and continued training see exactly what the model was trained on.
 */
export function prepareData(
  table: Table,
  cfg: DataConfig,
  task: Task,
  fixed: Preprocessing | null = null,
): PreparedData {
  const window = fixed?.window ?? cfg.window;
  const horizon = fixed?.horizon ?? cfg.horizon;
  const rows = table.rows;
  if (rows < window + horizon) {
    throw new DataError(
      `The file has ${count(rows)} row${rows === 1 ? '' : 's'}, fewer than one window of ${window} rows plus ${horizon} to predict. ` +
        'Use a shorter window or horizon, or a longer series.',
      null,
      null,
      'too-few-rows',
    );
  }
  const {
    features,
    targets,
    differences,
    classes,
    starts,
    featureCols,
    targetCols,
    outCols,
    textAsMissing,
    ...gaps
  } = prepareColumns(table, cfg, task, fixed);
  const how = differences === 'none' ? {} : { differences };
  const levels = task === 'regression' ? interleave(targetCols, rows) : new Float32Array(0);
  const { perSegment, dropped } = segmentWindows(
    starts.used,
    window,
    horizon,
    cfg.stride,
    true,
    gaps.inputGaps,
    gaps.targetGaps,
    gaps.lead,
  );
  const [train, val, test] = split(perSegment, cfg.valSplit, cfg.testSplit);
  const total = train.length + val.length + test.length;
  if (train.length < 1) {
    throw new DataError(
      `Only ${count(total)} windows fit in ${count(rows)} rows${dropped > 0 ? ` (${count(dropped)} more touch a gap)` : ''}, ` +
        'leaving none to train on after the validation and test splits. Lower the splits or the window length' +
        (dropped > 0 ? ', or fill the gaps (missing: "ffill" or "linear").' : '.'),
      null,
      null,
      'too-few-rows',
    );
  }
  const notices: string[] = textAsMissing ? [textAsMissing] : [];
  if (dropped > 0) {
    notices.push(
      `${count(dropped)} of ${count(dropped + total)} windows touch a missing value and were left out (missing: "${cfg.missing}").`,
    );
  }

  // Statistics come from the rows the training windows read (inputs and targets), never later rows.
  const fit = rowsRead(rows, train, window, horizon);
  // A target that is also an input shares its statistics when both are the same values (levels, or
  // changes with differences 'all'); with differences 'target' its changes get their own (Δname).
  const inputNames = features.map((f) => inputStatName(how, f));
  const targetNames = targets.map((t) => targetStatName(how, t));
  const scaledTargets =
    task === 'regression' ? targets.filter((_, j) => !inputNames.includes(targetNames[j])) : [];
  const scalerNames = [...inputNames, ...scaledTargets.map((t) => targetStatName(how, t))];
  const scalerCols = [...featureCols, ...scaledTargets.map((t) => outCols[targets.indexOf(t)])];
  const scaler = fixed?.scaler ?? fitScaler(cfg.scale, scalerNames, scalerCols, fit);

  const x = scaleColumns(featureCols, inputNames, scaler, rows);
  const y =
    task === 'regression'
      ? scaleColumns(outCols, targetNames, scaler, rows)
      : targetCols[0].map((k) => (Number.isNaN(k) ? 0 : k));
  const pre: Preprocessing = {
    features,
    targets,
    window,
    horizon,
    scaler,
    ...(classes ? { classes } : {}),
    ...how,
  };
  return { series: { rows, x, y }, pre, levels, train, val, test, notices };
}

/** Columns side by side: (rows, columns) row-major. */
export function interleave(cols: Float32Array[], rows: number): Float32Array {
  const C = cols.length;
  const out = new Float32Array(rows * C);
  cols.forEach((v, j) => {
    for (let r = 0; r < rows; r++) out[r * C + j] = v[r];
  });
  return out;
}
