import type { AppState } from '../store.ts';
import { useAppStore } from '../store.ts';
import { ComputeNotice } from './ComputePanel.tsx';
import { formatCount, formatDuration, formatNum } from './fields.tsx';
import { LossChart } from './LossChart.tsx';

const selectRun = (s: AppState) => s.run;
const selectCanTrain = (s: AppState) => s.dataset !== null && s.plan.state === 'ok' && s.plan.plan.train > 0;
const selectModel = (s: AppState) => s.model;
const selectLastEpoch = (s: AppState) => s.epochs[s.epochs.length - 1] ?? null;

const STATE_TEXT: Record<AppState['run']['state'], string> = {
  idle: 'Ready',
  starting: 'Preparing the data and the device…',
  running: 'Training',
  paused: 'Paused',
  stopping: 'Stopping after the current batch…',
  done: 'Finished',
  failed: 'Could not train',
};

/** The headline of a finished run: how it ended (the message says the details). */
export function endText(stopReason: AppState['run']['stopReason']): string {
  switch (stopReason) {
    case 'device-error':
      return 'Stopped: the GPU was lost';
    case 'non-finite':
      return 'Stopped: the loss diverged';
    case 'cancelled':
      return 'Stopped';
    case 'early-stopping':
      return 'Finished early';
    default:
      return 'Finished';
  }
}

function Bar({ label, value, max, testId }: { label: string; value: number; max: number; testId: string }) {
  const pct = max > 0 ? Math.min(100, (100 * value) / max) : 0;
  return (
    <div className="bar-row">
      <span className="bar-label">{label}</span>
      <div
        className="bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        data-testid={testId}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="bar-value mono">
        {formatCount(value)} / {formatCount(max)}
      </span>
    </div>
  );
}

/** Start, pause, resume and stop; progress, speed, ETA and the live loss chart. */
export function TrainMonitor() {
  const run = useAppStore(selectRun);
  const canTrain = useAppStore(selectCanTrain);
  const model = useAppStore(selectModel);
  const last = useAppStore(selectLastEpoch);
  const { startTraining, pauseTraining, resumeTraining, stopTraining } = useAppStore.getState();
  const active =
    run.state === 'running' || run.state === 'paused' || run.state === 'starting' || run.state === 'stopping';
  const info = run.info;
  const epochsTotal = info ? info.startEpoch + info.epochs : 0;
  const epochNow = info
    ? Math.min(
        epochsTotal,
        info.startEpoch + Math.max(0, run.epoch - 1) + (run.batch + 1 >= run.batches ? 1 : 0),
      )
    : 0;
  const kept = run.stopReason === 'non-finite' || run.stopReason === 'device-error';

  return (
    <section className="card monitor" aria-labelledby="monitor-title">
      <div className="card-head">
        <div>
          <p className="eyebrow">5 · Train</p>
          <h2 id="monitor-title">Training</h2>
        </div>
        <fieldset className="head-actions" aria-label="Training controls">
          {!active && (
            <>
              <button
                type="button"
                className="btn btn-primary"
                disabled={!canTrain}
                onClick={() => startTraining(false)}
                data-testid="train"
              >
                {model ? 'Train a new model' : 'Train'}
              </button>
              {model && (
                <button
                  type="button"
                  className="btn"
                  disabled={!canTrain}
                  onClick={() => startTraining(true)}
                  data-testid="continue"
                >
                  {kept ? 'Resume from kept weights' : 'Keep training'}
                </button>
              )}
            </>
          )}
          {run.state === 'running' && (
            <button type="button" className="btn" onClick={pauseTraining} data-testid="pause">
              Pause
            </button>
          )}
          {run.state === 'paused' && (
            <button type="button" className="btn btn-primary" onClick={resumeTraining} data-testid="resume">
              Resume
            </button>
          )}
          {active && (
            <button
              type="button"
              className="btn btn-danger"
              onClick={stopTraining}
              disabled={run.state === 'stopping'}
              data-testid="stop"
            >
              Stop
            </button>
          )}
        </fieldset>
      </div>

      <ComputeNotice />

      <div className="status" data-testid="run-state" data-state={run.state}>
        <p role="status" aria-live="polite">
          <strong>{run.state === 'done' ? endText(run.stopReason) : STATE_TEXT[run.state]}</strong>
          {run.message && !kept && <span> · {run.message}</span>}
        </p>
        {kept && run.state === 'done' && (
          <div className="notice" role="alert" data-testid="run-stopped">
            <p>{run.message}</p>
            <p className="small">
              {run.stopReason === 'device-error'
                ? 'The results below come from the kept weights. “Resume from kept weights” continues on a fresh device.'
                : 'The results below come from the kept weights. Change the settings (a lower learning rate, clipping), then “Resume from kept weights” or train a new model.'}
            </p>
          </div>
        )}
        {info && (
          <>
            <Bar label="Epoch" value={epochNow} max={epochsTotal} testId="epoch-progress" />
            <Bar
              label="Batch"
              value={Math.max(0, run.batch + 1)}
              max={run.batches || info.batches}
              testId="batch-progress"
            />
            <dl className="stats">
              <div>
                <dt>Speed</dt>
                <dd data-testid="speed">
                  {run.samplesPerSec ? `${formatCount(run.samplesPerSec)} windows/s` : '—'}
                </dd>
              </div>
              <div>
                <dt>Time left</dt>
                <dd>{active ? formatDuration(run.etaSec) : '—'}</dd>
              </div>
              <div>
                <dt>Loss</dt>
                <dd className="mono">{formatNum(last?.loss)}</dd>
              </div>
              <div>
                <dt>Val. loss</dt>
                <dd className="mono">{formatNum(last?.valLoss)}</dd>
              </div>
              <div>
                <dt>Learning rate</dt>
                <dd className="mono">{formatNum(last?.lr ?? null)}</dd>
              </div>
            </dl>
            <p className="muted small">
              {formatCount(info.paramCount)} parameters · {formatCount(info.trainWindows)} training windows in
              batches of {info.batchSize} · {formatCount(info.valWindows)} validation windows
            </p>
          </>
        )}
      </div>
      <LossChart />
    </section>
  );
}
