// A chart's legend as plain HTML above it. recharts' <Legend> measures itself after every render and
// reports its size to the chart, which then lays itself out again: one more render of the whole chart
// each time a chart mounts or its data changes, for a row of labels that never changes size.

export interface LegendEntry {
  name: string;
  color: string;
  /** The line's dash pattern (SVG stroke-dasharray), if it is dashed. */
  dash?: string;
}

/** The series of a chart, each as a short line in its colour and its name. Exactly 28 px tall. */
export function ChartLegend({ entries }: { entries: LegendEntry[] }) {
  return (
    <ul className="chart-legend">
      {entries.map((e) => (
        <li key={e.name} style={{ color: e.color }}>
          <svg width="16" height="10" aria-hidden="true">
            <line x1="0" y1="5" x2="16" y2="5" stroke={e.color} strokeWidth="2" strokeDasharray={e.dash} />
          </svg>
          {e.name}
        </li>
      ))}
    </ul>
  );
}
