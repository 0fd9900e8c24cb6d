import { useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { float32ToJsonNumber } from '../../data/float32.ts';
import { cellText, type NumericColumn, type Table } from '../../data/table.ts';
import { minMaxIndices } from '../../data/thin.ts';
import { dateTickFormatter, linearAxis } from '../chart-scale.ts';
import { clampView, dragView, type View, zoomOf } from '../chart-zoom.ts';
import { useChartDrag } from '../use-chart-drag.ts';
import { AxisTick } from './AxisTick.tsx';
import { ChartExport } from './ChartExport.tsx';
import { formatCount, formatNum } from './fields.tsx';
import { ZoomBar } from './ZoomBar.tsx';

const COLORS = ['#2563eb', '#f97316', '#16a34a', '#9333ea'];
const MAX_POINTS = 600;
/** Row numbers (and whole-number times) with thousands separators, other numbers to 4 digits. */
const formatTick = (v: number) => (Number.isInteger(v) ? formatCount(v) : formatNum(v, 4));

interface Props {
  table: Table;
  timeColumn: string | null;
  columns: string[];
  unit: string;
  /** Rows [start, end) to draw (one series of a stacked file); default: all rows. */
  span?: { start: number; end: number } | null;
}

/**
 * Line chart of numeric columns against the time column, at most MAX_POINTS points per line (each stretch
 * keeps its lowest and highest value, so thinning never hides a spike; missing values break the line). Dates label the x axis as fine as
 * the span needs; row numbers and numeric time columns get round numbers.
 */
export function SeriesChart({ table, timeColumn, columns, unit, span }: Props) {
  const first = span?.start ?? 0;
  const n = (span?.end ?? table.rows) - first;
  // The zoom: rows [first + view.start, first + view.end), for this table and span only (another file or
  // series opens whole).
  const whose = useMemo(() => ({ table, first, n }), [table, first, n]);
  const [zoom, setZoom] = useState<{ of: typeof whose; view: View } | null>(null);
  const asked = zoom && zoom.of === whose ? zoom.view : null;
  const setView = (v: View | null) => setZoom(v ? { of: whose, view: v } : null);
  const view = clampView(asked, n);
  const start = first + view.start;
  const end = first + view.end;
  const data = useMemo(() => {
    const time = table.columns.find((c) => c.name === timeColumn);
    const series = columns
      .map((name) => table.columns.find((c) => c.name === name))
      .filter((c): c is NumericColumn => c?.kind === 'numeric');
    // Row numbers, or a numeric time column: a number axis (round ticks); dates and text: categories.
    const numericX = !time || time.kind === 'numeric';
    const xOf = (r: number): string | number =>
      !time ? r : time.kind === 'numeric' ? time.values[r] : cellText(time, r);
    const rows = minMaxIndices(
      end - start,
      series.map((c) => c.values.subarray(start, end)),
      MAX_POINTS,
    );
    const points: Record<string, string | number | null>[] = [];
    for (const k of rows) {
      const r = start + k;
      const point: Record<string, string | number | null> = { t: xOf(r), i: r - first };
      for (const c of series) point[c.name] = Number.isFinite(c.values[r]) ? c.values[r] : null;
      points.push(point);
    }
    const firstX = points[0]?.t ?? '';
    const lastX = points[points.length - 1]?.t ?? '';
    let x: { domain: [number, number]; ticks: number[] } | null = null;
    if (numericX && typeof firstX === 'number' && typeof lastX === 'number' && lastX > firstX) {
      const ticks = linearAxis(firstX, lastX, 6).ticks.filter((t) => t >= firstX && t <= lastX);
      x = { domain: [firstX, lastX], ticks };
    }
    const rowLabel = (r: number) => (time ? cellText(time, r) : `row ${formatCount(r)}`);
    return {
      points,
      names: series.map((c) => c.name),
      x,
      tick: dateTickFormatter(String(firstX), String(lastX)),
      shown: `${rowLabel(start)} → ${rowLabel(end - 1)}`,
    };
  }, [table, timeColumn, columns, start, end, first]);
  const { drag, handlers } = useChartDrag(data.points.length, (a, b) => {
    const v = dragView(Number(data.points[a].i), Number(data.points[b].i), n);
    if (v) setView(zoomOf(v, n));
  });

  return (
    <>
      <figure
        className="chart"
        aria-label={`${data.names.join(' and ')} over ${timeColumn ?? 'row'}`}
        data-testid="dataset-chart"
      >
        <ChartExport what="data chart" />
        <LineChart
          responsive
          style={{ width: '100%', height: 240 }}
          data={data.points}
          margin={{ right: 12 }}
          className="chart-zoomable"
          {...handlers}
        >
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          {data.x ? (
            <XAxis
              dataKey="t"
              type="number"
              domain={data.x.domain}
              ticks={data.x.ticks}
              interval={0}
              tick={AxisTick}
              tickFormatter={formatTick}
              fontSize={12}
            />
          ) : (
            <XAxis dataKey="t" tickFormatter={data.tick} minTickGap={56} fontSize={12} />
          )}
          <YAxis
            domain={['auto', 'auto']}
            fontSize={12}
            width={56}
            label={{ value: unit, angle: -90, position: 'insideLeft', fontSize: 12 }}
          />
          {/* The file's own digits: the values are float32, whose plain printing adds noise (355.8399963…). */}
          <Tooltip isAnimationActive={false} formatter={(v) => String(float32ToJsonNumber(Number(v)))} />
          <Legend verticalAlign="top" height={28} iconType="plainline" />
          {data.names.map((name, i) => (
            <Line
              key={name}
              type="monotone"
              dataKey={name}
              stroke={COLORS[i % COLORS.length]}
              strokeWidth={i === 0 ? 1.5 : 2}
              dot={false}
              isAnimationActive={false}
              // A missing value is a break in the line: drawn across, the line would show values the
              // file does not have, and hide the gaps the missing-value setting is about.
              connectNulls={false}
            />
          ))}
          {drag && (
            <ReferenceArea
              x1={data.points[drag.from].t ?? undefined}
              x2={data.points[drag.to].t ?? undefined}
              fill="#2563eb"
              fillOpacity={0.12}
              ifOverflow="visible"
            />
          )}
        </LineChart>
      </figure>
      <ZoomBar
        what="the data chart"
        testId="data-zoom"
        n={n}
        view={asked}
        onView={setView}
        shown={data.shown}
      />
    </>
  );
}
