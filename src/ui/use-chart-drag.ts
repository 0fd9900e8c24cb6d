// A drag across a recharts chart, from the point under the pointer where it began to the one under it
// now, by mouse or by finger; the chart draws the stretch while it lasts and hears of it when it ends.
import { useState } from 'react';
import type { MouseHandlerDataParam } from 'recharts';

interface Drag {
  from: number;
  to: number;
}

/** A drag begun where no point was reported yet (a touch, until it moves). */
const UNPLACED: Drag = { from: -1, to: -1 };

/**
 * The chart's handlers (none without `onDrag`), and the stretch to draw: data indexes, null while there
 * is none (no drag, or one that has not left its first point).
 */
export function useChartDrag(
  points: number,
  onDrag: ((from: number, to: number) => void) | undefined,
): { drag: Drag | null; handlers: Record<string, (state: MouseHandlerDataParam) => void> } {
  const [drag, setDrag] = useState<Drag | null>(null);
  const pointAt = (state: MouseHandlerDataParam): number | null => {
    const i = Number(state.activeIndex);
    return state.activeIndex !== undefined && state.activeIndex !== null && i >= 0 && i < points ? i : null;
  };
  // A touch reports no point until it moves: the drag then begins at the first point it reports.
  const begin = (state: MouseHandlerDataParam) => {
    const i = pointAt(state);
    setDrag(i === null ? UNPLACED : { from: i, to: i });
  };
  const extend = (state: MouseHandlerDataParam) => {
    const i = pointAt(state);
    if (!drag || i === null || i === drag.to) return;
    setDrag({ from: drag.from < 0 ? i : drag.from, to: i });
  };
  const finish = () => {
    if (drag && drag.from >= 0 && onDrag) onDrag(drag.from, drag.to);
    setDrag(null);
  };
  // A finger drags as the mouse does (styles.css leaves vertical swipes to the page's scrolling).
  const handlers: Record<string, (state: MouseHandlerDataParam) => void> = onDrag
    ? {
        onMouseDown: begin,
        onMouseMove: extend,
        onMouseUp: finish,
        onMouseLeave: () => setDrag(null),
        onTouchStart: begin,
        onTouchMove: extend,
        onTouchEnd: finish,
      }
    : {};
  const shown = drag && drag.from >= 0 && drag.from !== drag.to ? drag : null;
  return { drag: shown, handlers };
}
