// Axis labels drawn as plain SVG text. recharts' own tick label (its <Text>) measures every word in the
// DOM to wrap labels that never need wrapping: a forced layout per label, on every chart update, which
// was a good part of the time a chart took to mount. These are single-line labels, placed the way
// recharts places them.
import type { XAxisTickContentProps, YAxisTickContentProps } from 'recharts';

/** What recharts gives a custom tick (the axis' own props, font size included, come with it). */
type TickProps = (XAxisTickContentProps | YAxisTickContentProps) & { fontSize?: number | string };

/** Where the text's baseline goes for recharts' vertical anchors (one line; cap height 0.71em). */
const DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

function label(p: TickProps): string {
  const value = p.payload?.value;
  return p.tickFormatter ? p.tickFormatter(value, p.index) : String(value ?? '');
}

/** A y-axis label (or any label centred on its tick). */
export function AxisTick(p: TickProps) {
  return (
    <text
      x={p.x}
      y={p.y}
      textAnchor={p.textAnchor ?? 'middle'}
      dy={DY[p.verticalAnchor ?? 'middle']}
      fill={p.fill}
      fontSize={p.fontSize}
      className={p.className}
    >
      {label(p)}
    </text>
  );
}

/**
 * An x-axis label, centred on its tick, except the last one, which ends at its tick: its tick is the
 * plot's right edge, and a centred label would run past the chart and be cut off.
 */
export function XAxisTick(p: XAxisTickContentProps) {
  const last = p.visibleTicksCount > 1 && p.index === p.visibleTicksCount - 1;
  return <AxisTick {...p} textAnchor={last ? 'end' : p.textAnchor} />;
}
