// Training slice: where training runs (the worker's backend), the run's state and progress, and the
// loss curves. Progress from the worker is merged at most once per animation frame (see store.ts).
import type { RunConfig } from '../../model/config.ts';
import type { StopReason } from '../../model/trainer.ts';
import type { BackendInfo, BatchPoint, TrainStarted } from '../../worker/protocol.ts';
import { dataKey } from '../data-key.ts';
import { nextReq, send } from '../worker-client.ts';
import type { Slice } from './types.ts';

export type RunState = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'failed';

export interface EpochPoint {
  epoch: number;
  loss: number | null;
  valLoss: number | null;
  lr: number;
}

export interface RunStatus {
  state: RunState;
  req: number;
  info: TrainStarted | null;
  epoch: number;
  batch: number;
  batches: number;
  samplesPerSec: number | null;
  etaSec: number | null;
  /** How the run ended (or why it failed to start). */
  message: string | null;
  stopReason: StopReason | null;
  /** The configuration this run was started with. */
  config: RunConfig | null;
  /** The data it trains on (data-key.ts), and whether it continues the held model. */
  data: string | null;
  resumed: boolean;
}

export interface TrainingSlice {
  /** null while the worker is still looking for a device. */
  backend: BackendInfo | null;
  run: RunStatus;
  epochs: EpochPoint[];
  /** The run's batch losses, thinned past a bound (batch-history.ts). */
  batchPoints: BatchPoint[];
  /** The epoch-axis width each kept stretch of batchPoints covers; 0 while every batch is kept. */
  batchStretch: number;
  logScale: boolean;
  startTraining(resume: boolean): void;
  pauseTraining(): void;
  resumeTraining(): void;
  stopTraining(): void;
  setLogScale(on: boolean): void;
}

/** A run under way (starting, running or paused): the settings and the held model are not to change. */
export function isBusy(run: RunStatus): boolean {
  return run.state === 'running' || run.state === 'paused' || run.state === 'starting';
}

export const IDLE_RUN: RunStatus = {
  state: 'idle',
  req: 0,
  info: null,
  epoch: 0,
  batch: 0,
  batches: 0,
  samplesPerSec: null,
  etaSec: null,
  message: null,
  stopReason: null,
  config: null,
  data: null,
  resumed: false,
};

export const createTrainingSlice: Slice<TrainingSlice> = (set, get) => ({
  backend: null,
  run: IDLE_RUN,
  epochs: [],
  batchPoints: [],
  batchStretch: 0,
  logScale: false,

  startTraining(resume) {
    const s = get();
    if (isBusy(s.run)) return;
    const req = nextReq();
    const model = s.model;
    // Continuing keeps the curves of the epochs behind the starting weights.
    const epochs: EpochPoint[] =
      resume && model
        ? model.history.loss.map((loss, i) => ({
            epoch: i + 1,
            loss,
            valLoss: model.history.valLoss[i] ?? null,
            lr: model.history.lr[i] ?? 0,
          }))
        : [];
    set({
      run: {
        ...IDLE_RUN,
        state: 'starting',
        req,
        config: s.config,
        data: dataKey(s.dataset),
        resumed: resume,
      },
      epochs,
      batchPoints: [],
      batchStretch: 0,
    });
    send({ type: 'train', req, config: s.config, resume });
  },
  pauseTraining() {
    if (get().run.state === 'running') send({ type: 'pause' });
  },
  resumeTraining() {
    if (get().run.state === 'paused') send({ type: 'resume' });
  },
  stopTraining() {
    const { run } = get();
    if (!isBusy(run)) return;
    set({ run: { ...run, state: 'stopping' } });
    send({ type: 'stop' });
  },
  setLogScale: (on) => set({ logScale: on }),
});
