import { useDeferredValue, useMemo, useState } from 'react';
import type { Forecast, SplitResult } from '../../worker/protocol.ts';
import type { View } from '../chart-zoom.ts';
import { dataKey } from '../data-key.ts';
import type { AppState } from '../store.ts';
import { useAppStore } from '../store.ts';
import { formatCount, formatNum } from './fields.tsx';
import { StepAccuracy, StepErrors } from './HorizonSteps.tsx';
import { PredictionChart } from './PredictionChart.tsx';
import { panelId, Tabs, tabId } from './Tabs.tsx';
import { ValueChart } from './ValueChart.tsx';

const selectResults = (s: AppState) => s.results;
const selectMessage = (s: AppState) => s.resultsMessage;
const selectPredicting = (s: AppState) => s.predicting;
const selectModel = (s: AppState) => s.model;

const SPLIT_NAMES: Record<SplitResult['split'], string> = {
  validation: 'Validation',
  test: 'Test',
  training: 'Training',
};

function Confusion({ split }: { split: SplitResult }) {
  const c = split.classification!;
  const max = Math.max(1, ...c.confusion.flat());
  return (
    <div className="table-wrap">
      <table className="confusion" data-testid="confusion">
        <caption>Confusion matrix (rows: true class, columns: predicted)</caption>
        <thead>
          <tr>
            <th scope="col">true ↓ / predicted →</th>
            {c.classes.map((k) => (
              <th key={k} scope="col" className="num">
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {c.classes.map((k, i) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              {c.confusion[i].map((n, j) => (
                <td
                  key={c.classes[j]}
                  className={`num${i === j ? ' diag' : ''}`}
                  style={{ background: n > 0 ? `rgba(37, 99, 235, ${(0.08 + 0.5 * n) / max})` : undefined }}
                >
                  {formatCount(n)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const stepsText = (n: number) => (n === 1 ? '1 step' : `${n} steps`);

function ForecastView({ forecast }: { forecast: Forecast }) {
  const reg = forecast.regression?.[0];
  const data = useMemo(() => {
    if (!reg) return [];
    const out: { t: string; past: number | null; forecast: number | null }[] = reg.past.map((v, i) => ({
      t: reg.pastLabels[i],
      past: v,
      forecast: i === reg.past.length - 1 ? v : null,
    }));
    reg.values.forEach((v, i) => {
      out.push({ t: reg.labels[i], past: null, forecast: v });
    });
    return out;
  }, [reg]);
  const how =
    forecast.method === 'recursive'
      ? 'each predicted step is fed back as the next input'
      : 'the model’s horizon, predicted at once from the last window';
  return (
    <div className="forecast" data-testid="forecast">
      <h3>Forecast past the end of the data</h3>
      <p className="muted small">
        {stepsText(forecast.classification ? forecast.classification.length : (reg?.values.length ?? 0))}{' '}
        after the last row: {how}.
      </p>
      {reg && (
        <ValueChart
          label={`Forecast of ${reg.target}`}
          testId="forecast-chart"
          height={200}
          data={data}
          lines={[
            { key: 'past', name: `${reg.target} (data)`, stroke: '#111827', width: 1.5 },
            { key: 'forecast', name: `${reg.target} (forecast)`, stroke: '#9333ea', width: 2, dash: '5 3' },
          ]}
        />
      )}
      {forecast.classification && forecast.classes && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Most likely</th>
                {forecast.classes.map((c) => (
                  <th key={c} scope="col" className="num">
                    p({c})
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {forecast.classification.map((f) => (
                <tr key={f.label}>
                  <td>{f.label}</td>
                  <td>
                    <strong>{f.klass}</strong>
                  </td>
                  {f.p.map((p, i) => (
                    <td key={forecast.classes?.[i]} className="num">
                      {formatNum(p, 2)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * The naive baseline beside the metrics, with a plain better/worse cue: a model that does not beat it
 * has learned nothing a forecaster could use. Results saved before baselines existed have none.
 */
function Baseline({
  model,
  baseline,
  what,
  higherIsBetter = false,
}: {
  model: number;
  baseline: number | null;
  what: string;
  higherIsBetter?: boolean;
}) {
  if (baseline === null || !Number.isFinite(baseline) || !Number.isFinite(model)) return null;
  const better = higherIsBetter ? model > baseline : model < baseline;
  return (
    <p
      className={`baseline ${better ? 'baseline-better' : 'baseline-worse'}`}
      data-testid="baseline"
      data-better={better}
      data-model={model}
      data-baseline={baseline}
    >
      <strong>{better ? 'Beats the naive baseline' : 'No better than the naive baseline'}</strong>: {what}
      {higherIsBetter ? '' : ` ${formatNum(baseline)}`}.
    </p>
  );
}

/** Predictions against the truth on the held-out windows, with their metrics. */
export function ResultsPanel() {
  // Deferred: new results mount two charts; that render runs in interruptible slices.
  const latest = useAppStore(selectResults);
  const results = useDeferredValue(latest);
  const message = useAppStore(selectMessage);
  const predicting = useAppStore(selectPredicting);
  const model = useAppStore(selectModel);
  // "Never seen in training" holds only for a model trained here on this very data (data-key.ts).
  const unseen = useAppStore((s) => s.trainedOn !== null && s.trainedOn === dataKey(s.dataset));
  const [splitIndex, setSplit] = useState(0);
  const [target, setTarget] = useState(0);
  const splits = results?.splits ?? [];
  const split = splits[Math.min(splitIndex, splits.length - 1)];
  const reg = split?.regression?.[Math.min(target, (split.regression?.length ?? 1) - 1)];
  // The step of the horizon the prediction chart shows (0-based), kept across splits and targets.
  const [stepIndex, setStep] = useState(0);
  // The prediction chart's zoom belongs to the split it was made on (the same windows across steps and
  // targets); another split's windows, or new results, open whole.
  const [zoom, setZoom] = useState<{ of: SplitResult; view: View } | null>(null);
  const view = zoom && zoom.of === split ? zoom.view : null;
  const setView = (v: View | null) => setZoom(v && split ? { of: split, view: v } : null);
  const horizon = reg?.steps.length ?? split?.classification?.steps.length ?? 1;
  const step = Math.min(stepIndex, horizon - 1);

  return (
    <section className="card" aria-labelledby="results-title" aria-busy={predicting}>
      <div className="card-head">
        <div>
          <p className="eyebrow">6 · Results</p>
          <h2 id="results-title">Predictions</h2>
        </div>
        {splits.length > 1 && (
          <Tabs
            label="Data split"
            idBase="split"
            testId="split-tabs"
            items={splits.map((s) => ({ key: s.split, label: SPLIT_NAMES[s.split] }))}
            selected={splits.indexOf(split)}
            onSelect={setSplit}
          />
        )}
      </div>
      <div
        data-testid="results"
        data-state={predicting || results !== latest ? 'pending' : results ? 'ready' : 'empty'}
        data-fingerprint={results?.fingerprint.join(',') ?? ''}
      >
        {!results && !message && (
          <p className="muted">
            {predicting
              ? 'Predicting…'
              : model
                ? 'No results yet.'
                : 'Train a model (or import one) to see its predictions here.'}
          </p>
        )}
        {message && (
          <p className="notice" role="alert">
            {message}
          </p>
        )}
        {split && (
          <div
            className="split-panel"
            {...(splits.length > 1
              ? {
                  role: 'tabpanel',
                  tabIndex: 0,
                  id: panelId('split', split.split),
                  'aria-labelledby': tabId('split', split.split),
                }
              : {})}
          >
            <p className="muted small" data-testid="split-windows" data-windows={split.windows}>
              {SPLIT_NAMES[split.split]} data: {formatCount(split.windows)} windows
              {split.split === 'training'
                ? ' (no validation or test split: these are the windows the model trained on)'
                : unseen
                  ? ', never seen in training'
                  : ' of this file'}
              .
            </p>
            {split.regression && reg && (
              <>
                {split.regression.length > 1 && (
                  <Tabs
                    label="Target"
                    idBase="target"
                    items={split.regression.map((r) => ({ key: r.target, label: r.target }))}
                    selected={split.regression.indexOf(reg)}
                    onSelect={setTarget}
                  />
                )}
                <div
                  className="target-panel"
                  {...(split.regression.length > 1
                    ? {
                        role: 'tabpanel',
                        tabIndex: 0,
                        id: panelId('target', reg.target),
                        'aria-labelledby': tabId('target', reg.target),
                      }
                    : {})}
                >
                  {horizon > 1 && (
                    <p className="muted small">
                      Over all {horizon} steps of the horizon; step by step below.
                    </p>
                  )}
                  <dl className="metrics" data-testid="metrics">
                    <div>
                      <dt>RMSE</dt>
                      <dd>
                        {formatNum(reg.rmse)}
                        {reg.persistence && (
                          <span className="muted small">
                            {' '}
                            · persistence {formatNum(reg.persistence.rmse)}
                          </span>
                        )}
                      </dd>
                    </div>
                    <div>
                      <dt>MAE</dt>
                      <dd>
                        {formatNum(reg.mae)}
                        {reg.persistence && (
                          <span className="muted small"> · persistence {formatNum(reg.persistence.mae)}</span>
                        )}
                      </dd>
                    </div>
                    <div>
                      <dt>MAPE</dt>
                      {reg.mape === null ? (
                        <dd title="The true values reach or cross 0, where percentages blow up and say nothing">
                          — <span className="muted small">(values cross 0)</span>
                        </dd>
                      ) : (
                        <dd>{formatNum(reg.mape, 3)} %</dd>
                      )}
                    </div>
                  </dl>
                  <Baseline
                    model={reg.rmse}
                    baseline={reg.persistence?.rmse ?? null}
                    what="persistence (each step = the window's last value), by RMSE"
                  />
                  {horizon > 1 && <StepErrors series={reg} step={step} onStep={setStep} />}
                  <PredictionChart
                    target={reg.target}
                    series={reg.steps[step]}
                    step={step + 1}
                    steps={horizon}
                    view={view}
                    onView={setView}
                  />
                </div>
              </>
            )}
            {split.classification && (
              <>
                {horizon > 1 && (
                  <p className="muted small">Over all {horizon} steps of the horizon; step by step below.</p>
                )}
                <dl className="metrics" data-testid="metrics">
                  <div>
                    <dt>Accuracy</dt>
                    <dd data-testid="accuracy" data-value={split.classification.accuracy}>
                      {formatNum(split.classification.accuracy * 100, 3)} %
                    </dd>
                  </div>
                  <div>
                    <dt>Classes</dt>
                    <dd>{split.classification.classes.length}</dd>
                  </div>
                </dl>
                {split.classification.majority && (
                  <Baseline
                    model={split.classification.accuracy}
                    baseline={split.classification.majority.accuracy}
                    higherIsBetter
                    what={`always "${split.classification.majority.klass}" (the most frequent training class), ${formatNum(split.classification.majority.accuracy * 100, 3)} % accuracy`}
                  />
                )}
                {horizon > 1 && (
                  <StepAccuracy
                    steps={split.classification.steps}
                    majority={split.classification.majority.klass}
                  />
                )}
                <Confusion split={split} />
              </>
            )}
          </div>
        )}
        {results?.forecast && <ForecastView forecast={results.forecast} />}
      </div>
    </section>
  );
}
