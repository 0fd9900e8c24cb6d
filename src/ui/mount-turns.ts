// Mounting a recharts chart is the costliest thing the page renders (its render, its commit, and the
// re-render its layout effects set off, all in one task): two charts mounting together make one task
// twice as long. Charts that appear together (a run's results: predictions and forecast) take turns
// here: each mounts in a task of its own, the next one a task after the previous one committed.
import { useEffect, useState } from 'react';

type Waiter = () => void;

const waiting: Waiter[] = [];
/** A chart holds the turn from being granted it until it has committed (or unmounted). */
let held = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Grant the next turn in a new task (a timer: never in the task that just committed a chart). */
function grantSoon(): void {
  if (timer !== undefined) return;
  timer = setTimeout(() => {
    timer = undefined;
    const next = waiting.shift();
    held = next !== undefined;
    next?.();
  }, 0);
}

/** The chart that held the turn committed (or went away): the next one may go, in a later task. */
function release(): void {
  held = false;
  grantSoon();
}

/**
 * False until it is this component's turn to mount its chart, then true for good. Render a placeholder
 * of the chart's size until then, so that nothing moves when the chart appears.
 */
export function useMountTurn(): boolean {
  const [turn, setTurn] = useState(false);
  useEffect(() => {
    if (turn) return;
    let granted = false;
    const waiter: Waiter = () => {
      granted = true;
      setTurn(true);
    };
    waiting.push(waiter);
    if (!held) grantSoon();
    // Runs once the chart has committed (turn became true), or when the component goes first.
    return () => {
      const i = waiting.indexOf(waiter);
      if (i >= 0) waiting.splice(i, 1);
      if (granted) release();
    };
  }, [turn]);
  return turn;
}
