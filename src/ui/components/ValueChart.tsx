// A line chart of values against a label `t` (a time, a row, a step): the predictions, the forecast and
// the error by step share its look, its own axes (computed, not measured by recharts) and its mount turn.
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { dateTickFormatter, linearAxis, thinEvenly } from '../chart-scale.ts';
import { useMountTurn } from '../mount-turns.ts';
import { useChartDrag } from '../use-chart-drag.ts';
import { useWidth } from '../use-width.ts';
import { AxisTick, XAxisTick } from './AxisTick.tsx';
import { ChartExport } from './ChartExport.tsx';
import { ChartLegend } from './ChartLegend.tsx';
import { formatNum } from './fields.tsx';

/** Room above the plot for the top tick's label (the legend is outside the chart). */
const CHART_MARGIN = { top: 8, right: 12 };
/** The legend above each chart (ChartLegend) takes this much of its height. */
const LEGEND_HEIGHT = 28;
const valueTick = (v: number) => formatNum(v, 4);
/** Room left and right of the first and last point, so their dots are drawn whole. */
const DOT_PADDING = { left: 10, right: 10 };

/** "step-error-chart" → "step error chart": what the download buttons call a chart by default. */
const chartNoun = (testId: string | undefined) =>
  testId ? `${testId.replace(/-chart$/, '').replaceAll('-', ' ')} chart` : 'chart';

export interface ChartLine {
  key: string;
  name: string;
  stroke: string;
  width: number;
  dash?: string;
  /** Points drawn as dots too (short lines, such as one point per step of a horizon). */
  dots?: boolean;
}

export function ValueChart(p: {
  label: string;
  testId?: string;
  /** The chart in the download buttons' names ("prediction chart"); default: from testId. */
  exportName?: string;
  height: number;
  data: Record<string, string | number | null>[];
  lines: ChartLine[];
  /** Called with the data indexes a drag across the chart began and ended on (zooming in). */
  onDrag?: (from: number, to: number) => void;
}) {
  const { data, lines, onDrag } = p;
  const { drag, handlers: dragging } = useChartDrag(data.length, onDrag);
  // Mounting a recharts chart is its costliest render: the first pass draws an empty frame of the same
  // size, the chart itself mounts when its turn comes, in a task of its own (never two in one task).
  const mounted = useMountTurn();
  const dotted = lines.some((l) => l.dots);
  // As many x labels as fit: a date label takes ~60 px, and wants some room around it.
  const [figure, width] = useWidth<HTMLElement>(700);
  const tickCount = Math.max(2, Math.min(6, Math.floor(width / 100)));
  const xTicks = useMemo(() => thinEvenly(data, tickCount).map((d) => d.t as string), [data, tickCount]);
  const xLabel = useMemo(
    () => dateTickFormatter(String(data[0]?.t ?? ''), String(data[data.length - 1]?.t ?? '')),
    [data],
  );
  const y = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of data) {
      for (const l of lines) {
        const v = d[l.key];
        if (typeof v === 'number' && Number.isFinite(v)) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    return linearAxis(lo, hi);
  }, [data, lines]);
  return (
    <figure
      ref={figure}
      className="chart"
      aria-label={p.label}
      data-testid={p.testId}
      style={{ minHeight: p.height }}
    >
      <ChartExport what={p.exportName ?? chartNoun(p.testId)} />
      <ChartLegend entries={lines.map((l) => ({ name: l.name, color: l.stroke, dash: l.dash }))} />
      {mounted && (
        <LineChart
          responsive
          style={{ width: '100%', height: p.height - LEGEND_HEIGHT }}
          data={p.data}
          margin={CHART_MARGIN}
          className={onDrag ? 'chart-zoomable' : undefined}
          {...dragging}
        >
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          {/* Our own ticks (interval 0): recharts would measure every label in the DOM to thin them. */}
          <XAxis
            dataKey="t"
            ticks={xTicks}
            interval={0}
            tick={XAxisTick}
            tickFormatter={xLabel}
            fontSize={12}
            padding={dotted ? DOT_PADDING : undefined}
          />
          <YAxis
            domain={y.domain}
            ticks={y.ticks}
            interval={0}
            tick={AxisTick}
            fontSize={12}
            width={64}
            tickFormatter={valueTick}
          />
          <Tooltip isAnimationActive={false} formatter={(v) => formatNum(Number(v), 5)} />
          {p.lines.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.name}
              stroke={l.stroke}
              strokeWidth={l.width}
              strokeDasharray={l.dash}
              dot={l.dots ? { r: 3, fill: l.stroke } : false}
              isAnimationActive={false}
            />
          ))}
          {drag && (
            <ReferenceArea
              x1={data[drag.from].t ?? undefined}
              x2={data[drag.to].t ?? undefined}
              fill="#2563eb"
              fillOpacity={0.12}
              ifOverflow="visible"
            />
          )}
        </LineChart>
      )}
    </figure>
  );
}
