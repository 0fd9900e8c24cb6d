import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { cellText, type NumericColumn, type Table } from '../../data/table.ts';
import { dateTickFormatter } from '../chart-scale.ts';

const COLORS = ['#2563eb', '#f97316', '#16a34a', '#9333ea'];
const MAX_POINTS = 1000;

interface Props {
  table: Table;
  timeColumn: string | null;
  columns: string[];
  unit: string;
  /** Rows [start, end) to draw (one series of a stacked file); default: all rows. */
  span?: { start: number; end: number } | null;
}

/** Line chart of numeric columns against the time column (evenly thinned to at most MAX_POINTS). */
export function SeriesChart({ table, timeColumn, columns, unit, span }: Props) {
  const start = span?.start ?? 0;
  const end = span?.end ?? table.rows;
  const data = useMemo(() => {
    const time = table.columns.find((c) => c.name === timeColumn);
    const series = columns
      .map((name) => table.columns.find((c) => c.name === name))
      .filter((c): c is NumericColumn => c?.kind === 'numeric');
    const step = Math.max(1, Math.ceil((end - start) / MAX_POINTS));
    const points: Record<string, string | number | null>[] = [];
    for (let r = start; r < end; r += step) {
      const point: Record<string, string | number | null> = { t: time ? cellText(time, r) : r };
      for (const c of series) point[c.name] = Number.isFinite(c.values[r]) ? c.values[r] : null;
      points.push(point);
    }
    const first = points[0]?.t ?? '';
    const last = points[points.length - 1]?.t ?? '';
    return { points, names: series.map((c) => c.name), tick: dateTickFormatter(String(first), String(last)) };
  }, [table, timeColumn, columns, start, end]);

  return (
    <figure className="chart" aria-label={`${data.names.join(' and ')} over ${timeColumn ?? 'row'}`}>
      <LineChart responsive style={{ width: '100%', height: 240 }} data={data.points} margin={{ right: 12 }}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="t" tickFormatter={data.tick} minTickGap={56} fontSize={12} />
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
            connectNulls
          />
        ))}
      </LineChart>
    </figure>
  );
}
