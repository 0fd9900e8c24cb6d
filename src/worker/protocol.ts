// The typed messages between the UI and the training worker. Every message is a member of a discriminated
// union; both ends switch on `type` exhaustively. Big binary payloads (file bytes) are transferred.

import type { Dataset } from '../data/csv.ts';
import type { DateOrder } from '../data/dates.ts';
import type { DataErrorCode } from '../data/errors.ts';
import type { DatasetSummary } from '../data/summary.ts';
import type { DataConfig, RunConfig } from '../model/config.ts';
import type { Task } from '../model/spec.ts';
import type { EpochMetrics, StopReason, TrainHistory } from '../model/trainer.ts';

/** Where training runs: the WebGPU adapter, or the CPU fallback and why. */
export type BackendInfo =
  | { kind: 'webgpu'; name: string; software: boolean }
  | { kind: 'cpu'; reason: string };

/** What a data configuration gives, computed in the worker as the user edits it. */
export interface DataPlan {
  /** Input columns after one-hot expansion (the model's input size is their count). */
  features: string[];
  /** Classification: the class labels. */
  classes: string[] | null;
  rows: number;
  train: number;
  val: number;
  test: number;
  notices: string[];
}

/** The model the worker holds (trained here or imported), without its weights. */
export interface ModelInfo {
  source: 'trained' | 'imported';
  name: string;
  config: RunConfig;
  features: string[];
  targets: string[];
  classes: string[] | null;
  window: number;
  horizon: number;
  paramCount: number;
  history: { loss: (number | null)[]; valLoss: (number | null)[]; lr: number[] };
  /** Epochs this model has been trained for in all (the history's length). */
  epochs: number;
}

/** Truth against prediction at one step of the horizon, in data units, with that step's scores. */
export interface StepSeries {
  /**
   * One point per window whose step is known (the predicted row's time label), in row order; past
   * results.ts's stepPoints the split is thinned keeping each stretch's extremes, so no missed peak is lost.
   */
  labels: string[];
  truth: number[];
  pred: number[];
  rmse: number;
  mae: number;
  /** The naive baseline on the same points: y[t+k] = y[t] (null when no last level is known). */
  persistence: { rmse: number; mae: number } | null;
}

export interface RegressionSeries {
  target: string;
  /** Scores over every step of the horizon. */
  rmse: number;
  mae: number;
  /** Mean absolute percentage error; null when the truth touches or crosses 0 (metrics.ts says why). */
  mape: number | null;
  /** The naive baseline on the same windows: y[t+k] = y[t] (null when no last level is known). */
  persistence: { rmse: number; mae: number } | null;
  /** steps[k − 1]: step +k of the horizon (one entry for a horizon of 1). */
  steps: StepSeries[];
}

export interface SplitResult {
  split: 'validation' | 'test' | 'training';
  windows: number;
  regression: RegressionSeries[] | null;
  classification: {
    classes: string[];
    accuracy: number;
    /** confusion[true][predicted] counts. */
    confusion: number[][];
    /** The baseline: always the training windows' most frequent class. */
    majority: { klass: string; accuracy: number };
    /** Step by step (one entry for a horizon of 1): accuracy, and the majority class's on the same points. */
    steps: { accuracy: number; majority: number }[];
  } | null;
}

/** Predictions past the end of the data, from its last window. */
export interface Forecast {
  /** recursive: each predicted step fed back as the next input; direct: the horizon's steps at once. */
  method: 'recursive' | 'direct';
  regression:
    | {
        target: string;
        /** The last values of the series, for context. */
        pastLabels: string[];
        past: number[];
        labels: string[];
        values: number[];
      }[]
    | null;
  classification: { label: string; klass: string; p: number[] }[] | null;
  classes: string[] | null;
}

export interface Results {
  splits: SplitResult[];
  forecast: Forecast | null;
  /** The first predictions in model order (raw head outputs), for checks that two models agree. */
  fingerprint: number[];
}

export interface BatchPoint {
  /**
   * Fractional epoch at the end of this batch (epoch − 1 + (batch + 1) / batches), counted like the
   * epoch messages: from the model's first epoch, so a continued run's points follow the model's history.
   */
  x: number;
  loss: number;
}

export interface TrainStarted {
  backend: BackendInfo;
  epochs: number;
  batches: number;
  batchSize: number;
  trainWindows: number;
  valWindows: number;
  paramCount: number;
  /** Epochs already behind the starting weights (continued training), else 0. */
  startEpoch: number;
}

export interface TrainProgress {
  epoch: number;
  batch: number;
  batches: number;
  samplesPerSec: number;
  etaSec: number | null;
  points: BatchPoint[];
}

export interface TrainDone {
  stopReason: StopReason;
  message: string;
  bestEpoch: number;
  history: TrainHistory;
}

export type Operation = 'load-csv' | 'plan' | 'train' | 'import-model' | 'export' | 'predict';

export type ExportKind = 'model' | 'predictions' | 'tfjs';

/** One file to download; binary payloads are transferred. */
export interface ExportedFile {
  filename: string;
  type: string;
  data: string | ArrayBuffer;
}

/** How the worker reads a file where the loader's guess is not what the user wants. */
export interface ReadChoices {
  /** How to read ambiguous d/m/y dates (null: decided from the data). */
  dateOrder: DateOrder | null;
  /** Columns read as labels even where they hold numbers (the config's `categorical`; [] = none). */
  categorical: string[];
}

/** Read choices with the absent ones as the loader decides (from a message, or a config's `data`). */
export function readChoices(from: Partial<ReadChoices>): ReadChoices {
  return { dateOrder: from.dateOrder ?? null, categorical: from.categorical ?? [] };
}

export type ToWorker =
  /**
   * Find the compute backend; webgpu: false forces the CPU fallback (the page has no WebGPU).
   * debug: honour the debug-* messages below (the page sends true only when opened with `?e2e`).
   */
  | { type: 'init'; webgpu: boolean; debug?: boolean }
  /**
   * persist: keep the file's bytes in IndexedDB (the session comes back after a reload). The read
   * choices: see ReadChoices.
   */
  | ({
      type: 'load-csv';
      req: number;
      name: string;
      bytes: ArrayBuffer;
      persist: boolean;
    } & Partial<ReadChoices>)
  /** Read the loaded file again with other read choices (a failure keeps the data held now). */
  | ({ type: 'reread-csv'; req: number } & ReadChoices)
  /** Stop loading file `req` (the data loaded before stays). */
  | { type: 'cancel-load'; req: number }
  /** Load the file saved with the session. */
  | ({ type: 'restore-data'; req: number; name: string } & Partial<ReadChoices>)
  /** Save the held model in IndexedDB (or forget the saved one when there is none). */
  | { type: 'persist-model' }
  /** Import the model saved with the session. */
  | { type: 'restore-model'; req: number }
  | { type: 'plan'; req: number; data: DataConfig; task: Task }
  /** resume: start from the held model's weights (and its preprocessing) instead of a fresh init. */
  | { type: 'train'; req: number; config: RunConfig; resume: boolean }
  /**
   * The page is idle with this configuration: create the kernels a fresh run of it will use, so Train
   * finds them compiled (warm-up.ts). Best effort, no reply; ignored while a run is going.
   */
  | { type: 'warm-up'; config: RunConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** source: 'trained' when a saved session brings back a model trained in the page. */
  | { type: 'import-model'; req: number; name: string; text: string; source?: 'trained' | 'imported' }
  | { type: 'predict'; req: number }
  | { type: 'export'; req: number; what: ExportKind }
  /**
   * Tests only, refused unless init said debug: destroy the GPUDevice behind the trainer's back, which is
   * what a driver reset or a removed GPU looks like to the page (device.lost resolves mid-run).
   */
  | { type: 'debug-lose-device' };

export type FromWorker =
  | { type: 'backend'; info: BackendInfo }
  | { type: 'csv-progress'; req: number; done: number; total: number; rows: number }
  | { type: 'csv-loaded'; req: number; name: string; dataset: Dataset; summary: DatasetSummary }
  | { type: 'plan'; req: number; plan: DataPlan }
  | { type: 'train-started'; req: number; info: TrainStarted }
  | { type: 'progress'; req: number; progress: TrainProgress }
  | { type: 'epoch'; req: number; metrics: EpochMetrics }
  | { type: 'paused'; req: number; paused: boolean }
  | { type: 'train-done'; req: number; done: TrainDone }
  | { type: 'model'; model: ModelInfo | null }
  | { type: 'results'; req: number; results: Results | null; message: string | null }
  | { type: 'exported'; req: number; what: ExportKind; files: ExportedFile[] }
  | {
      type: 'error';
      req: number;
      op: Operation;
      message: string;
      row: number | null;
      column: string | null;
      /** A data problem's kind (DataError's code), so the page can offer the fix that fits it. */
      code?: DataErrorCode;
    };

/** For exhaustive switches: a compile error when a message type is not handled. */
export function unreachable(x: never): never {
  throw new Error(`unhandled message ${JSON.stringify(x)}`);
}
