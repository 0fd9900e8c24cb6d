// A horizon of several steps, step by step: how the error grows from the next row to the last step
// predicted, beside the naive baseline at each step (pooled scores hide where a model stops being useful),
// and which step the prediction chart shows.
import { useId, useMemo } from 'react';
import type { RegressionSeries, SplitResult } from '../../worker/protocol.ts';
import { formatNum } from './fields.tsx';
import { ValueChart } from './ValueChart.tsx';

type StepAccuracies = NonNullable<SplitResult['classification']>['steps'];

const stepLabel = (k: number) => `+${k + 1}`;
/** Each step's point as a dot while they stand apart; past this many, the line says it all. */
const MAX_DOTS = 40;
const showDots = (data: unknown[]) => data.length <= MAX_DOTS;

/** RMSE by step, the model's and persistence's, and the picker of the step the prediction chart shows. */
export function StepErrors({
  series,
  step,
  onStep,
}: {
  series: RegressionSeries;
  step: number;
  onStep: (step: number) => void;
}) {
  const id = useId();
  const data = useMemo(
    () =>
      series.steps.map((s, k) => ({
        t: stepLabel(k),
        model: s.rmse,
        persistence: s.persistence?.rmse ?? null,
      })),
    [series],
  );
  const baseline = series.steps.some((s) => s.persistence);
  const beaten = series.steps.filter((s) => s.persistence && s.rmse < s.persistence.rmse).length;
  return (
    <div className="horizon-steps" data-testid="step-errors">
      <h3>Error by step</h3>
      {baseline && (
        <p className="muted small" data-testid="steps-beaten" data-beaten={beaten}>
          Beats persistence at {beaten} of {series.steps.length} steps.
        </p>
      )}
      <ValueChart
        label={`RMSE of ${series.target} by step of the horizon`}
        testId="step-error-chart"
        height={180}
        data={data}
        lines={[
          { key: 'model', name: 'model RMSE', stroke: '#f97316', width: 2, dots: showDots(data) },
          ...(baseline
            ? [
                {
                  key: 'persistence',
                  name: 'persistence RMSE',
                  stroke: '#6b7280',
                  width: 1.5,
                  dash: '5 3',
                  dots: showDots(data),
                },
              ]
            : []),
        ]}
      />
      <div className="field step-picker">
        <label htmlFor={id}>Step shown below</label>
        <select
          id={id}
          value={step}
          data-testid="step-select"
          onChange={(e) => onStep(Number(e.target.value))}
        >
          {series.steps.map((s, k) => (
            <option key={stepLabel(k)} value={k}>
              {stepLabel(k)} · RMSE {formatNum(s.rmse)}
              {s.persistence ? ` · persistence ${formatNum(s.persistence.rmse)}` : ''}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** Accuracy by step, the model's and the majority class's on the same points. */
export function StepAccuracy({ steps, majority }: { steps: StepAccuracies; majority: string }) {
  const data = useMemo(
    () => steps.map((s, k) => ({ t: stepLabel(k), model: 100 * s.accuracy, majority: 100 * s.majority })),
    [steps],
  );
  const beaten = steps.filter((s) => s.accuracy > s.majority).length;
  return (
    <div className="horizon-steps" data-testid="step-accuracy">
      <h3>Accuracy by step</h3>
      <p className="muted small" data-testid="steps-beaten" data-beaten={beaten}>
        Beats always “{majority}” at {beaten} of {steps.length} steps.
      </p>
      <ValueChart
        label="Accuracy by step of the horizon, in %"
        testId="step-accuracy-chart"
        height={180}
        data={data}
        lines={[
          { key: 'model', name: 'model accuracy %', stroke: '#2563eb', width: 2, dots: showDots(data) },
          {
            key: 'majority',
            name: `always “${majority}” %`,
            stroke: '#6b7280',
            width: 1.5,
            dash: '5 3',
            dots: showDots(data),
          },
        ]}
      />
    </div>
  );
}
