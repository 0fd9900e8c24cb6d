// Predictions against the truth at one step of the horizon, and its zoom: a stretch of the windows shown
// at the resolution the chart has pixels for, moved by a drag across the chart or by the buttons under it.
import { useMemo } from 'react';
import { minMaxIndices } from '../../data/thin.ts';
import type { StepSeries } from '../../worker/protocol.ts';
import { clampView, dragView, type View, zoomOf } from '../chart-zoom.ts';
import { ValueChart } from './ValueChart.tsx';
import { ZoomBar } from './ZoomBar.tsx';

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
          if (v) onView(zoomOf(v, n));
        }}
      />
      <ZoomBar
        what="the prediction chart"
        testId="zoom"
        n={n}
        view={view}
        onView={onView}
        shown={`${series.labels[start]} → ${series.labels[end - 1]}`}
      />
    </>
  );
}
