import { useDeferredValue, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { BatchPoint } from '../../worker/protocol.ts';
import type { AppState } from '../store.ts';
import { useAppStore } from '../store.ts';
import { formatNum } from './fields.tsx';

const selectEpochs = (s: AppState) => s.epochs;
const selectBatches = (s: AppState) => s.batchPoints;
const selectLog = (s: AppState) => s.logScale;

/** Exponential moving average of the batch losses, thinned to at most `max` points. */
function smooth(points: BatchPoint[], max = 600): { x: number; batch: number }[] {
  const out: { x: number; batch: number }[] = [];
  const step = Math.max(1, Math.ceil(points.length / max));
  let ema: number | null = null;
  const alpha = 0.15;
  points.forEach((p, i) => {
    if (!Number.isFinite(p.loss)) return;
    ema = ema === null ? p.loss : ema + alpha * (p.loss - ema);
    if (i % step === 0 || i === points.length - 1) out.push({ x: p.x, batch: ema });
  });
  return out;
}

const AXIS_FONT = 12;
const tickFormat = (v: number) => formatNum(v, 3);

/** Train and validation loss per epoch over the smoothed batch loss, with a log-scale toggle. */
export function LossChart() {
  // Deferred: the chart re-renders in an interruptible low-priority pass, so the page stays responsive.
  const epochs = useDeferredValue(useAppStore(selectEpochs));
  const batchPoints = useDeferredValue(useAppStore(selectBatches));
  const logScale = useAppStore(selectLog);
  const setLogScale = useAppStore((s) => s.setLogScale);
  const batch = useMemo(() => smooth(batchPoints), [batchPoints]);
  const perEpoch = useMemo(
    () =>
      epochs.map((e) => ({
        x: e.epoch,
        train: e.loss !== null && Number.isFinite(e.loss) && e.loss > 0 ? e.loss : null,
        val: e.valLoss !== null && Number.isFinite(e.valLoss) && e.valLoss > 0 ? e.valLoss : null,
        lr: e.lr,
      })),
    [epochs],
  );
  const maxX = Math.max(
    1,
    epochs.length > 0 ? epochs[epochs.length - 1].epoch : 0,
    batch.length > 0 ? Math.ceil(batch[batch.length - 1].x) : 0,
  );
  const empty = epochs.length === 0 && batch.length === 0;
  const lrChanged = new Set(perEpoch.map((e) => e.lr)).size > 1;

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
        {empty ? (
          <div className="chart-empty muted">The loss appears here as soon as training starts.</div>
        ) : (
          <LineChart responsive style={{ width: '100%', height: 240 }} margin={{ right: 12 }}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis
              type="number"
              dataKey="x"
              domain={[0, maxX]}
              allowDecimals={false}
              fontSize={AXIS_FONT}
              height={36}
              label={{ value: 'epoch', position: 'insideBottom', offset: 0, fontSize: AXIS_FONT }}
            />
            <YAxis
              scale={logScale ? 'log' : 'linear'}
              domain={['auto', 'auto']}
              allowDataOverflow
              tickFormatter={tickFormat}
              fontSize={AXIS_FONT}
              width={64}
            />
            <Tooltip
              isAnimationActive={false}
              formatter={(v) => formatNum(Number(v))}
              labelFormatter={(l) => `epoch ${formatNum(Number(l), 3)}`}
            />
            <Legend verticalAlign="top" height={28} iconType="plainline" />
            <Line
              data={batch}
              dataKey="batch"
              name="batch loss (smoothed)"
              stroke="#94a3b8"
              strokeWidth={1.25}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              data={perEpoch}
              dataKey="train"
              name="training loss"
              stroke="#2563eb"
              strokeWidth={2}
              dot={perEpoch.length < 40}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              data={perEpoch}
              dataKey="val"
              name="validation loss"
              stroke="#f97316"
              strokeWidth={2}
              dot={perEpoch.length < 40}
              isAnimationActive={false}
              connectNulls
            />
          </LineChart>
        )}
      </figure>
      {lrChanged && (
        <figure className="chart chart-small" aria-label="Learning rate per epoch">
          <LineChart responsive style={{ width: '100%', height: 90 }} data={perEpoch} margin={{ right: 12 }}>
            <XAxis type="number" dataKey="x" domain={[0, maxX]} hide />
            <YAxis
              scale="log"
              domain={['auto', 'auto']}
              tickFormatter={tickFormat}
              fontSize={AXIS_FONT}
              width={64}
            />
            <Tooltip isAnimationActive={false} formatter={(v) => formatNum(Number(v))} />
            <Line
              dataKey="lr"
              name="learning rate"
              stroke="#16a34a"
              dot={false}
              isAnimationActive={false}
              type="stepAfter"
            />
          </LineChart>
        </figure>
      )}
    </div>
  );
}
