// Zooming the prediction chart into a stretch of its windows: a view is a range of point indexes, moved
// by a drag across the chart or by the buttons under it (the keyboard's way in). Pure, so unit-tested.

/** Points [start, end) of a series of n. */
export interface View {
  start: number;
  end: number;
}

/** The fewest points a view holds: closer than this there is nothing left to see. */
export const MIN_VIEW = 8;

/** `view` inside a series of `n` points (the whole series for null), at least MIN_VIEW wide. */
export function clampView(view: View | null, n: number): View {
  if (!view || n <= MIN_VIEW) return { start: 0, end: n };
  const width = Math.min(n, Math.max(MIN_VIEW, view.end - view.start));
  const start = Math.min(Math.max(0, view.start), n - width);
  return { start, end: start + width };
}

/** Whether `view` shows all `n` points. */
export function isWhole(view: View, n: number): boolean {
  return view.start <= 0 && view.end >= n;
}

/** The zoom to keep: null (no zoom) for a view of the whole series, so "all" has one spelling. */
export function zoomOf(view: View, n: number): View | null {
  return isWhole(view, n) ? null : view;
}

/** `factor` times as wide (½ zooms in, 2 out), around the same middle. */
export function zoomView(view: View, n: number, factor: number): View {
  const width = Math.round((view.end - view.start) * factor);
  const middle = (view.start + view.end) / 2;
  const start = Math.round(middle - width / 2);
  return clampView({ start, end: start + width }, n);
}

/** Half a view earlier (−1) or later (+1). */
export function panView(view: View, n: number, direction: -1 | 1): View {
  const shift = Math.max(1, Math.floor((view.end - view.start) / 2)) * direction;
  return clampView({ start: view.start + shift, end: view.end + shift }, n);
}

/** The view between two points picked by a drag (either order, both kept); null for a click. */
export function dragView(a: number, b: number, n: number): View | null {
  if (a === b) return null;
  return clampView({ start: Math.min(a, b), end: Math.max(a, b) + 1 }, n);
}
