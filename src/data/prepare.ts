// From columns to what the engine trains on: the chosen feature/target columns scaled with statistics
// fitted on the training rows only, the windows (by the row they end on) and the chronological split.
import type { SeriesData } from '../model/backend.ts';
import type { DataConfig } from '../model/config.ts';
import type { Task } from '../model/spec.ts';
import { DataError, fileRow } from './errors.ts';
import { type Column, findColumn, type Table } from './table.ts';

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
}

export interface PreparedData {
  series: SeriesData;
  pre: Preprocessing;
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

function column(table: Table, name: string, role: string): Column {
  const c = findColumn(table, name);
  if (!c) {
    const names = table.columns.map((x) => `"${x.name}"`).join(', ');
    throw new DataError(
      `The ${role} column "${name}" is not in the file. Columns are: ${names}.`,
      null,
      name,
    );
  }
  return c;
}

function numericValues(c: Column, role: string): Float32Array {
  if (c.kind !== 'numeric') {
    const example = c.levels[0] ?? '';
    throw new DataError(
      `Column "${c.name}" holds text (e.g. "${example}"), not numbers, so it cannot be a ${role}. ` +
        'Choose a numeric column, or use it as the target of a classification task.',
      null,
      c.name,
    );
  }
  for (let r = 0; r < c.values.length; r++) {
    if (Number.isNaN(c.values[r])) {
      throw new DataError(
        `Row ${fileRow(r)}, column "${c.name}": the value is missing. ` +
          'Fill the gap or remove the row (missing-value policies come with the full data loader).',
        r,
        c.name,
      );
    }
  }
  return c.values;
}

/** Window-end rows r = T-1, T-1+stride, … whose targets r+1 … r+horizon exist (or, for inference, any r). */
export function windowEnds(
  rows: number,
  window: number,
  horizon: number,
  stride: number,
  needTargets = true,
): Int32Array {
  const last = needTargets ? rows - 1 - horizon : rows - 1;
  const first = window - 1;
  if (last < first) return new Int32Array(0);
  const n = Math.floor((last - first) / stride) + 1;
  return Int32Array.from({ length: n }, (_, k) => first + k * stride);
}

function fitScaler(kind: Scaler['kind'], names: string[], cols: Float32Array[], fitRows: number): Scaler {
  if (kind === 'none') return { kind, columns: names };
  if (kind === 'minmax') {
    const min: number[] = [];
    const max: number[] = [];
    for (const v of cols) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = 0; r < fitRows; r++) {
        lo = Math.min(lo, v[r]);
        hi = Math.max(hi, v[r]);
      }
      min.push(lo);
      // A constant column would divide by zero: give it a unit range instead.
      max.push(hi > lo ? hi : lo + 1);
    }
    return { kind, columns: names, min, max };
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (const v of cols) {
    let s = 0;
    for (let r = 0; r < fitRows; r++) s += v[r];
    const m = s / fitRows;
    let q = 0;
    for (let r = 0; r < fitRows; r++) q += (v[r] - m) ** 2;
    const sd = Math.sqrt(q / fitRows);
    mean.push(m);
    std.push(sd > 0 ? sd : 1); // constant column: unit scale, never a division by zero
  }
  return { kind, columns: names, mean, std };
}

/** (v - shift) / scale for column i of the scaler. */
export function scalerTransform(s: Scaler, i: number): { shift: number; scale: number } {
  if (s.kind === 'standard') return { shift: s.mean![i], scale: s.std![i] };
  if (s.kind === 'minmax') return { shift: s.min![i], scale: s.max![i] - s.min![i] };
  return { shift: 0, scale: 1 };
}

/** Undo the scaling of a regression target for reporting predictions in the data's units. */
export function unscaleTarget(pre: Preprocessing, target: string, v: number): number {
  const i = pre.scaler.columns.indexOf(target);
  if (i < 0) return v;
  const { shift, scale } = scalerTransform(pre.scaler, i);
  return v * scale + shift;
}

/** (rows, F) row-major inputs, each column scaled with its statistics. */
function scaleFeatures(cols: Float32Array[], features: string[], scaler: Scaler, rows: number): Float32Array {
  const F = features.length;
  const x = new Float32Array(rows * F);
  features.forEach((f, j) => {
    const { shift, scale } = scalerTransform(scaler, scaler.columns.indexOf(f));
    const v = cols[j];
    for (let r = 0; r < rows; r++) x[r * F + j] = (v[r] - shift) / scale;
  });
  return x;
}

export interface InferenceInput {
  series: SeriesData;
  /** Window-end rows window-1 … rows-1: every window, also those whose targets lie past the end. */
  ends: Int32Array;
}

/**
 * A saved model's view of new data: its features scaled with its scaler, windows ending on every row.
 * Targets are not needed (predictions are what is wanted); where a regression target column is present
 * its scaled values fill the target tensor, and gaps or absent columns are 0 (they only affect a loss
 * nobody reads).
 */
export function prepareInference(table: Table, pre: Preprocessing, task: Task): InferenceInput {
  const rows = table.rows;
  if (rows < pre.window) {
    throw new DataError(
      `The file has ${rows} rows, fewer than the model's window of ${pre.window} rows: there is nothing to predict from.`,
    );
  }
  const featureCols = pre.features.map((f) => numericValues(column(table, f, 'feature'), 'feature'));
  const x = scaleFeatures(featureCols, pre.features, pre.scaler, rows);
  const Ty = pre.targets.length;
  const y = new Float32Array(rows * Ty);
  if (task === 'regression') {
    pre.targets.forEach((t, j) => {
      const c = findColumn(table, t);
      if (c?.kind !== 'numeric') return;
      const { shift, scale } = scalerTransform(pre.scaler, pre.scaler.columns.indexOf(t));
      for (let r = 0; r < rows; r++)
        y[r * Ty + j] = Number.isNaN(c.values[r]) ? 0 : (c.values[r] - shift) / scale;
    });
  }
  return { series: { rows, x, y }, ends: windowEnds(rows, pre.window, pre.horizon, 1, false) };
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
  const features = fixed?.features ?? cfg.features;
  const targets = fixed?.targets ?? cfg.targets;
  const window = fixed?.window ?? cfg.window;
  const horizon = fixed?.horizon ?? cfg.horizon;
  const rows = table.rows;
  if (rows < window + horizon) {
    throw new DataError(
      `The file has ${rows} rows, fewer than one window of ${window} rows plus ${horizon} to predict. ` +
        'Use a shorter window or horizon, or a longer series.',
    );
  }
  const featureCols = features.map((f) => numericValues(column(table, f, 'feature'), 'feature'));
  const all = windowEnds(rows, window, horizon, cfg.stride);
  const nVal = Math.floor(all.length * cfg.valSplit);
  const nTest = Math.floor(all.length * cfg.testSplit);
  const nTrain = all.length - nVal - nTest;
  if (nTrain < 1) {
    throw new DataError(
      `Only ${all.length} windows fit in ${rows} rows, leaving none to train on after the validation and ` +
        'test splits. Lower the splits or the window length.',
    );
  }
  const train = all.subarray(0, nTrain);
  const val = all.subarray(nTrain, nTrain + nVal);
  const test = all.subarray(nTrain + nVal);
  // Statistics come from the rows the training windows read (inputs and targets), never later rows.
  const fitRows = train[train.length - 1] + horizon + 1;

  let classes: string[] | undefined;
  const y = new Float32Array(rows * targets.length);
  const scaledTargets: string[] = [];
  const targetCols: Float32Array[] = [];
  if (task === 'classification') {
    const c = column(table, targets[0], 'target');
    const labels = c.kind === 'categorical' ? c.levels : null;
    const values = c.kind === 'numeric' ? c.values : null;
    const asLabel = (r: number) =>
      labels ? (c.kind === 'categorical' && c.codes[r] >= 0 ? labels[c.codes[r]] : '') : String(values![r]);
    classes =
      fixed?.classes ??
      [
        ...new Set(Array.from({ length: rows }, (_, r) => asLabel(r)).filter((s) => s !== '' && s !== 'NaN')),
      ].sort((a, b) =>
        Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a.localeCompare(b),
      );
    if (classes.length < 2) {
      throw new DataError(
        `The target column "${c.name}" has fewer than 2 classes. Classification needs at least 2.`,
        null,
        c.name,
      );
    }
    const index = new Map(classes.map((k, i) => [k, i]));
    for (let r = 0; r < rows; r++) {
      const label = asLabel(r);
      const k = index.get(label);
      if (k === undefined) {
        throw new DataError(
          label === '' || label === 'NaN'
            ? `Row ${fileRow(r)}, column "${c.name}": the class label is missing. Fill it or remove the row.`
            : `Row ${fileRow(r)}, column "${c.name}": class "${label}" is not one the model knows (${classes.join(', ')}).`,
          r,
          c.name,
        );
      }
      y[r] = k;
    }
  } else {
    for (const t of targets) {
      const v = numericValues(column(table, t, 'target'), 'target');
      targetCols.push(v);
      if (!features.includes(t)) scaledTargets.push(t);
    }
  }
  const scalerNames = [...features, ...scaledTargets];
  const scalerCols = [...featureCols, ...scaledTargets.map((t) => targetCols[targets.indexOf(t)])];
  const scaler = fixed?.scaler ?? fitScaler(cfg.scale, scalerNames, scalerCols, fitRows);

  const x = scaleFeatures(featureCols, features, scaler, rows);
  if (task === 'regression') {
    const Ty = targets.length;
    targets.forEach((t, j) => {
      const { shift, scale } = scalerTransform(scaler, scaler.columns.indexOf(t));
      const v = targetCols[j];
      for (let r = 0; r < rows; r++) y[r * Ty + j] = (v[r] - shift) / scale;
    });
  }
  const pre: Preprocessing = { features, targets, window, horizon, scaler, ...(classes ? { classes } : {}) };
  return { series: { rows, x, y }, pre, train, val, test };
}
