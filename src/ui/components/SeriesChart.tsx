import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { cellText, type NumericColumn, type Table } from '../../data/table.ts';
import { minMaxIndices } from '../../data/thin.ts';
import { dateTickFormatter, linearAxis } from '../chart-scale.ts';
import { AxisTick } from './AxisTick.tsx';
import { ChartExport } from './ChartExport.tsx';
import { formatCount, formatNum } from './fields.tsx';

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
  const start = span?.start ?? 0;
  const end = span?.end ?? table.rows;
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
      const point: Record<string, string | number | null> = { t: xOf(r) };
      for (const c of series) point[c.name] = Number.isFinite(c.values[r]) ? c.values[r] : null;
      points.push(point);
    }
    const first = points[0]?.t ?? '';
    const last = points[points.length - 1]?.t ?? '';
    let x: { domain: [number, number]; ticks: number[] } | null = null;
    if (numericX && typeof first === 'number' && typeof last === 'number' && last > first) {
      const ticks = linearAxis(first, last, 6).ticks.filter((t) => t >= first && t <= last);
      x = { domain: [first, last], ticks };
    }
    return {
      points,
      names: series.map((c) => c.name),
      x,
      tick: dateTickFormatter(String(first), String(last)),
    };
  }, [table, timeColumn, columns, start, end]);

  return (
    <figure
      className="chart"
      aria-label={`${data.names.join(' and ')} over ${timeColumn ?? 'row'}`}
      data-testid="dataset-chart"
    >
      <ChartExport what="data chart" />
      <LineChart responsive style={{ width: '100%', height: 240 }} data={data.points} margin={{ right: 12 }}>
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
        <Tooltip isAnimationActive={false} />
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
      </LineChart>
    </figure>
  );
}
