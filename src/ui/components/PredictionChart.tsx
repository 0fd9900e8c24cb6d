// Predictions against the truth at one step of the horizon, and its zoom: a stretch of the windows shown
// at the resolution the chart has pixels for, moved by a drag across the chart or by the buttons under it.
import { useMemo } from 'react';
import { minMaxIndices } from '../../data/thin.ts';
import type { StepSeries } from '../../worker/protocol.ts';
import { clampView, dragView, isWhole, MIN_VIEW, panView, type View, zoomView } from '../chart-zoom.ts';
import { ValueChart } from './ValueChart.tsx';

/** Points per line drawn (two lines; the chart is ~700 px wide). */
const MAX_POINTS = 400;

/** Truth and prediction at one step of the horizon (`step` counts from 1; `steps` is the horizon). */
export function PredictionChart({
  target,
  series,
  step,
  steps,
  view: asked,
  onView,
}: {
  target: string;
  series: StepSeries;
  step: number;
  steps: number;
  /** The stretch of points shown (null: all of them). */
  view: View | null;
  onView: (view: View | null) => void;
}) {
  const n = series.truth.length;
  const view = clampView(asked, n);
  const whole = isWhole(view, n);
  const { start, end } = view;
  // A few hundred points per line of the stretch shown, each stretch keeping its extremes: more than the
  // chart has pixels for only costs time, and evenly spaced picks would drop the peaks the model missed.
  const data = useMemo(() => {
    const truth = series.truth.slice(start, end);
    const pred = series.pred.slice(start, end);
    return minMaxIndices(end - start, [truth, pred], MAX_POINTS).map((k) => ({
      t: series.labels[start + k],
      i: start + k,
      truth: truth[k],
      pred: pred[k],
    }));
  }, [series, start, end]);
  const ahead = steps > 1 ? ` ${step} step${step === 1 ? '' : 's'} ahead` : '';
  const zoomTo = (v: View) => onView(isWhole(v, n) ? null : v);
  return (
    <>
      <ValueChart
        label={`Predicted and true ${target}${ahead}`}
        testId="prediction-chart"
        height={240}
        data={data}
        lines={[
          { key: 'truth', name: `${target} (true)`, stroke: '#111827', width: 1.5 },
          {
            key: 'pred',
            name: steps > 1 ? `${target} (predicted ${step} ahead)` : `${target} (predicted)`,
            stroke: '#f97316',
            width: 2,
          },
        ]}
        onDrag={(from, to) => {
          const v = dragView(data[from].i, data[to].i, n);
          if (v) zoomTo(v);
        }}
      />
      {n > MIN_VIEW && (
        <fieldset className="zoom-bar" aria-label="Zoom the prediction chart">
          <span className="muted small zoom-range" data-testid="zoom-range" data-start={start} data-end={end}>
            {whole
              ? 'Drag across the chart to zoom in.'
              : `Showing ${series.labels[start]} → ${series.labels[end - 1]}.`}
          </span>
          {(
            [
              ['zoom-in', 'Zoom in', null, end - start <= MIN_VIEW, () => zoomView(view, n, 0.5)],
              ['zoom-out', 'Zoom out', null, whole, () => zoomView(view, n, 2)],
              ['zoom-earlier', '◀', 'Earlier', start === 0, () => panView(view, n, -1)],
              ['zoom-later', '▶', 'Later', end === n, () => panView(view, n, 1)],
              ['zoom-all', 'Show all', null, whole, () => ({ start: 0, end: n })],
            ] as const
          ).map(([id, text, name, disabled, next]) => (
            <button
              key={id}
              type="button"
              className="btn btn-small"
              aria-label={name ?? undefined}
              data-testid={id}
              disabled={disabled}
              onClick={() => zoomTo(next())}
            >
              {text}
            </button>
          ))}
        </fieldset>
      )}
    </>
  );
}
