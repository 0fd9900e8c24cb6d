// The buttons under a zoomable chart (the keyboard's way to what a drag across the chart does): zoom in
// and out around the middle, half a view earlier or later, and back to all of it, beside what is shown.
import { clampView, isWhole, MIN_VIEW, panView, type View, zoomOf, zoomView } from '../chart-zoom.ts';

export function ZoomBar({
  what,
  testId,
  n,
  view: asked,
  onView,
  shown,
}: {
  /** "the prediction chart": the group's name. */
  what: string;
  /** Prefix of the test ids: `${testId}-in`, `${testId}-range` … */
  testId: string;
  /** Points in the series. */
  n: number;
  /** The stretch shown (null: all of it). */
  view: View | null;
  onView: (view: View | null) => void;
  /** The first and last label shown, for the line beside the buttons when zoomed. */
  shown: string;
}) {
  if (n <= MIN_VIEW) return null;
  const view = clampView(asked, n);
  const { start, end } = view;
  const whole = isWhole(view, n);
  const buttons = [
    ['in', 'Zoom in', null, end - start <= MIN_VIEW, () => zoomView(view, n, 0.5)],
    ['out', 'Zoom out', null, whole, () => zoomView(view, n, 2)],
    ['earlier', '◀', 'Earlier', start === 0, () => panView(view, n, -1)],
    ['later', '▶', 'Later', end === n, () => panView(view, n, 1)],
    ['all', 'Show all', null, whole, () => ({ start: 0, end: n })],
  ] as const;
  return (
    <fieldset className="zoom-bar" aria-label={`Zoom ${what}`}>
      <span
        className="muted small zoom-range"
        data-testid={`${testId}-range`}
        data-start={start}
        data-end={end}
      >
        {whole ? 'Drag across the chart to zoom in.' : `Showing ${shown}.`}
      </span>
      {buttons.map(([id, text, name, disabled, next]) => (
        <button
          key={id}
          type="button"
          className="btn btn-small"
          aria-label={name ? `${name} in ${what}` : undefined}
          data-testid={`${testId}-${id}`}
          disabled={disabled}
          onClick={() => onView(zoomOf(next(), n))}
        >
          {text}
        </button>
      ))}
    </fieldset>
  );
}
