import { memo, useDeferredValue, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { type Axis, epochTicks, linearAxis, logAxis, smoothLoss } from '../chart-scale.ts';
import { useMountTurn } from '../mount-turns.ts';
import type { EpochPoint } from '../slices/training.ts';
import type { AppState } from '../store.ts';
import { useAppStore } from '../store.ts';
import { AxisTick } from './AxisTick.tsx';
import { ChartExport } from './ChartExport.tsx';
import { ChartLegend, type LegendEntry } from './ChartLegend.tsx';
import { formatNum } from './fields.tsx';

const selectEpochs = (s: AppState) => s.epochs;
const selectBatches = (s: AppState) => s.batchPoints;
const selectLog = (s: AppState) => s.logScale;

type EpochRow = { x: number; train: number | null; val: number | null; lr: number };

const positive = (v: number | null) => (v !== null && Number.isFinite(v) && v > 0 ? v : null);

/** The y axis over every drawn value (our own ticks: recharts' automatic ones cost a lot per update). */
function yAxis(batch: { batch: number }[], perEpoch: EpochRow[], log: boolean): Axis {
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number | null) => {
    if (v === null || !Number.isFinite(v) || (log && v <= 0)) return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  for (const b of batch) take(b.batch);
  for (const e of perEpoch) {
    take(e.train);
    take(e.val);
  }
  return log ? logAxis(lo, hi) : linearAxis(lo, hi);
}

const AXIS_FONT = 12;
/** Room above the plot for the top tick's label, and below the axis title for its descenders. */
const CHART_MARGIN = { top: 8, right: 12, bottom: 4 };
const BATCH_COLOR = '#94a3b8';
const TRAIN_COLOR = '#2563eb';
const VAL_COLOR = '#f97316';
const LOSS_LEGEND: LegendEntry[] = [
  { name: 'batch loss (smoothed)', color: BATCH_COLOR },
  { name: 'training loss', color: TRAIN_COLOR },
  { name: 'validation loss', color: VAL_COLOR },
];
const tickFormat = (v: number) => formatNum(v, 3);
const tooltipValue = (v: unknown) => formatNum(Number(v));
const tooltipLabel = (l: unknown) => `epoch ${formatNum(Number(l), 3)}`;

/**
 * The learning rate per epoch, under the loss. It mounts mid-run, so it takes its turn (a task of its
 * own) instead of mounting in the same task as the loss chart's update that made it appear.
 */
/** Labels on the learning-rate axis: its 90 px fit four. */
const LR_TICKS = 4;
const LR_COLOR = '#16a34a';
const LR_LEGEND: LegendEntry[] = [{ name: 'learning rate', color: LR_COLOR }];
/** Room above and below the plot for the first and last label. */
const LR_MARGIN = { top: 8, right: 12, bottom: 8 };

function LearningRateChart({ perEpoch, maxX }: { perEpoch: EpochRow[]; maxX: number }) {
  const mounted = useMountTurn();
  const y = useMemo(() => {
    const lrs = perEpoch.map((e) => e.lr).filter((v) => v > 0);
    return logAxis(Math.min(...lrs), Math.max(...lrs), LR_TICKS);
  }, [perEpoch]);
  if (!mounted) return <div className="chart chart-small" style={{ height: 118 }} />;
  return (
    <figure className="chart chart-small" aria-label="Learning rate per epoch">
      <ChartExport what="learning-rate chart" />
      <ChartLegend entries={LR_LEGEND} />
      <LineChart responsive style={{ width: '100%', height: 90 }} data={perEpoch} margin={LR_MARGIN}>
        <XAxis type="number" dataKey="x" domain={[0, maxX]} ticks={epochTicks(maxX)} hide />
        <YAxis
          scale="log"
          domain={y.domain}
          ticks={y.ticks}
          interval={0}
          tick={AxisTick}
          allowDataOverflow
          tickFormatter={tickFormat}
          fontSize={AXIS_FONT}
          width={64}
        />
        <Tooltip isAnimationActive={false} formatter={tooltipValue} />
        <Line
          dataKey="lr"
          name="learning rate"
          stroke={LR_COLOR}
          dot={false}
          isAnimationActive={false}
          type="stepAfter"
        />
      </LineChart>
    </figure>
  );
}

/**
 * Train and validation loss per epoch over the smoothed batch loss, with a log-scale toggle.
 * Memoized, and the chart element only changes with its data: the training monitor around it re-renders
 * with every progress update, the chart only when the store commits new points (at most once a second).
 */
export const LossChart = memo(function LossChart() {
  // Deferred: a new curve renders in an interruptible low-priority pass.
  const epochs: EpochPoint[] = useDeferredValue(useAppStore(selectEpochs));
  const batchPoints = useDeferredValue(useAppStore(selectBatches));
  const logScale = useAppStore(selectLog);
  const setLogScale = useAppStore((s) => s.setLogScale);
  const batch = useMemo(() => smoothLoss(batchPoints), [batchPoints]);
  const perEpoch = useMemo<EpochRow[]>(
    () => epochs.map((e) => ({ x: e.epoch, train: positive(e.loss), val: positive(e.valLoss), lr: e.lr })),
    [epochs],
  );
  const maxX = Math.max(
    1,
    epochs.length > 0 ? epochs[epochs.length - 1].epoch : 0,
    batch.length > 0 ? Math.ceil(batch[batch.length - 1].x) : 0,
  );
  const empty = epochs.length === 0 && batch.length === 0;
  const lrChanged = useMemo(() => new Set(perEpoch.map((e) => e.lr)).size > 1, [perEpoch]);

  // The chart is mounted even while empty: mounting a recharts chart is its most expensive render, and
  // it then happens when the page opens, not in the first second of training.
  const lossChart = useMemo(() => {
    const y = yAxis(batch, perEpoch, logScale);
    const dots = perEpoch.length < 40;
    return (
      <LineChart responsive style={{ width: '100%', height: 212 }} margin={CHART_MARGIN}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis
          type="number"
          dataKey="x"
          domain={[0, maxX]}
          ticks={epochTicks(maxX)}
          interval={0}
          tick={AxisTick}
          fontSize={AXIS_FONT}
          height={36}
          label={{ value: 'epoch', position: 'insideBottom', offset: 0, fontSize: AXIS_FONT }}
        />
        <YAxis
          scale={logScale ? 'log' : 'linear'}
          domain={y.domain}
          ticks={y.ticks}
          interval={0}
          tick={AxisTick}
          allowDataOverflow
          tickFormatter={tickFormat}
          fontSize={AXIS_FONT}
          width={64}
        />
        <Tooltip isAnimationActive={false} formatter={tooltipValue} labelFormatter={tooltipLabel} />
        <Line
          data={batch}
          dataKey="batch"
          name="batch loss (smoothed)"
          stroke={BATCH_COLOR}
          strokeWidth={1.25}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          data={perEpoch}
          dataKey="train"
          name="training loss"
          stroke={TRAIN_COLOR}
          strokeWidth={2}
          dot={dots}
          isAnimationActive={false}
          connectNulls
        />
        <Line
          data={perEpoch}
          dataKey="val"
          name="validation loss"
          stroke={VAL_COLOR}
          strokeWidth={2}
          dot={dots}
          isAnimationActive={false}
          connectNulls
        />
      </LineChart>
    );
  }, [batch, perEpoch, logScale, maxX]);

  // The learning-rate chart appears once the rate has changed (LR on plateau), mid-run.
  const lrChart = useMemo(
    () => (lrChanged ? <LearningRateChart perEpoch={perEpoch} maxX={maxX} /> : null),
    [lrChanged, perEpoch, maxX],
  );

  return (
    <div className="loss-chart">
      <div className="chart-head">
        <h3>Loss</h3>
        <label className="check small">
          <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} />
          <span>Log scale</span>
        </label>
      </div>
      <figure
        className="chart"
        aria-label="Training and validation loss per epoch"
        data-testid="loss-chart"
        data-points={epochs.length}
      >
        <ChartExport what="loss chart" />
        <ChartLegend entries={LOSS_LEGEND} />
        {lossChart}
        {empty && (
          <div className="chart-overlay muted">The loss appears here as soon as training starts.</div>
        )}
      </figure>
      {lrChart}
    </div>
  );
});
