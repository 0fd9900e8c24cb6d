// The width an element is laid out at, kept current as the page resizes: the charts choose how many
// axis labels fit from it (six dates fit 700 px, not a phone's 320).
import { type RefCallback, useCallback, useRef, useState } from 'react';

/** A ref to attach, and the element's width in CSS pixels (`initial` until it is first laid out). */
export function useWidth<T extends Element>(initial: number): [RefCallback<T>, number] {
  const [width, setWidth] = useState(initial);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const seen = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      // Whole pixels, so sub-pixel layout jitter never re-renders a chart.
      if (w !== undefined && w > 0) setWidth(Math.round(w));
    });
    seen.observe(el);
    observer.current = seen;
  }, []);
  return [ref, width];
}
