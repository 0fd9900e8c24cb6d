// Asks the worker to create the next run's kernels while the page is idle (src/worker/warm-up.ts), so
// Train does not wait for their compilation. Sent a moment after the last change that may change them
// (the data, the configuration, the backend becoming ready, a run ending), only when a run could start:
// a WebGPU backend, data whose plan has windows, no run going. The worker skips a configuration whose
// kernels it already made, so an edit that changes no kernel costs it next to nothing.
import type { AppState } from './slices/types.ts';
import { send } from './worker-client.ts';

/** After the last edit: long enough that typing "128" warms once, short next to reaching for Train. */
export const WARM_UP_DELAY_MS = 400;

const BUSY: ReadonlySet<AppState['run']['state']> = new Set(['starting', 'running', 'paused', 'stopping']);

/** Whether a run of the current configuration could start now, so its kernels are worth making. */
export function canWarmUp(s: AppState): boolean {
  return (
    s.backend?.kind === 'webgpu' &&
    s.dataset !== null &&
    s.loading === null &&
    s.plan.state === 'ok' &&
    !BUSY.has(s.run.state)
  );
}

interface Store {
  getState(): AppState;
  subscribe(listener: (s: AppState, prev: AppState) => void): () => void;
}

/** Subscribe the warm-up to the store; returns the unsubscribe (tests). */
export function installWarmUp(store: Store, delayMs = WARM_UP_DELAY_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent: Pick<AppState, 'config' | 'dataset' | 'backend'> | null = null;
  const fire = () => {
    timer = undefined;
    const s = store.getState();
    if (!canWarmUp(s)) return;
    if (sent?.config === s.config && sent.dataset === s.dataset && sent.backend === s.backend) return;
    sent = { config: s.config, dataset: s.dataset, backend: s.backend };
    send({ type: 'warm-up', config: s.config });
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (
      s.config !== prev.config ||
      s.dataset !== prev.dataset ||
      s.backend !== prev.backend ||
      s.plan !== prev.plan ||
      s.run.state !== prev.run.state
    ) {
      clearTimeout(timer);
      // The first time a run could start, at once: which kernels a run uses hardly depends on the sizes
      // (units, batch, window go to uniforms), so the first configuration's kernels are nearly always the
      // next run's too, and their compilation, which takes seconds on some machines, starts early.
      timer = setTimeout(fire, sent === null && canWarmUp(s) ? 0 : delayMs);
    }
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
