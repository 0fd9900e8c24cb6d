// The page's side of the kernel warm-up (src/ui/warm-up.ts): when it asks the worker to warm, on the
// app's store, with the worker replaced by a recorder of what the page sends.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../src/data/csv.ts';
import type { DatasetSummary } from '../src/data/summary.ts';
import type { DataPlan, ToWorker } from '../src/worker/protocol.ts';

const sent: ToWorker[] = [];
vi.mock('../src/ui/worker-client.ts', () => ({
  startWorker: () => {},
  nextReq: () => 1,
  send: (msg: ToWorker) => sent.push(msg),
}));

const { useAppStore } = await import('../src/ui/store.ts');
const { installWarmUp, WARM_UP_DELAY_MS } = await import('../src/ui/warm-up.ts');
const initial = useAppStore.getState();
const set = useAppStore.setState;
const get = useAppStore.getState;

const dataset = {
  source: { kind: 'file' as const, name: 'a.csv' },
  table: { rows: 10, columns: [] } as unknown as Dataset,
  summary: { notices: [], time: null } as unknown as DatasetSummary,
};
const plan = { state: 'ok' as const, plan: { features: ['x'] } as DataPlan };
const gpu = { kind: 'webgpu' as const, name: 'SwiftShader', software: true };
const warmUps = () => sent.filter((m) => m.type === 'warm-up');

let uninstall = () => {};
beforeEach(() => {
  vi.useFakeTimers();
  set(initial, true);
  sent.length = 0;
  uninstall = installWarmUp(useAppStore);
});
afterEach(() => {
  uninstall();
  vi.useRealTimers();
});

describe('kernel warm-up requests', () => {
  it('the first time a run could start, at once; then once per pause in the edits, with the latest config', () => {
    set({ backend: gpu });
    set({ dataset });
    vi.advanceTimersByTime(1000);
    expect(warmUps()).toEqual([]); // no plan with windows yet
    set({ plan });
    vi.advanceTimersByTime(0);
    expect(warmUps()).toEqual([{ type: 'warm-up', config: get().config }]);

    // Typing 1, 2, 8 into the units field: one request, a moment after the last key, with 128 units.
    for (const units of [1, 12, 128]) {
      get().setLayer(0, { units });
      vi.advanceTimersByTime(WARM_UP_DELAY_MS / 2);
    }
    expect(warmUps().length).toBe(1);
    vi.advanceTimersByTime(WARM_UP_DELAY_MS);
    expect(warmUps().length).toBe(2);
    expect(warmUps()[1]).toMatchObject({ config: { model: { layers: [{ units: 128 }] } } });

    // Nothing changed since: a run's end asks for nothing new.
    set({ run: { ...get().run, state: 'done' } });
    vi.advanceTimersByTime(WARM_UP_DELAY_MS * 2);
    expect(warmUps().length).toBe(2);
  });

  it('never while a run is going, while data loads, without windows, or on the CPU fallback', () => {
    set({ backend: gpu, dataset, plan, run: { ...get().run, state: 'running' } });
    get().setLayer(0, { units: 64 });
    vi.advanceTimersByTime(WARM_UP_DELAY_MS * 2);
    expect(warmUps()).toEqual([]);
    // The run ends: its configuration has changed since it started, so that one is warmed.
    set({ run: { ...get().run, state: 'done' } });
    vi.advanceTimersByTime(WARM_UP_DELAY_MS);
    expect(warmUps().length).toBe(1);

    set({ loading: { req: 2, source: dataset.source, fraction: 0, rows: 0 } });
    get().setLayer(0, { units: 65 });
    vi.advanceTimersByTime(WARM_UP_DELAY_MS * 2);
    set({ loading: null, plan: { state: 'pending' } });
    vi.advanceTimersByTime(WARM_UP_DELAY_MS * 2);
    set({ plan: { state: 'error', message: 'no windows' } });
    vi.advanceTimersByTime(WARM_UP_DELAY_MS * 2);
    expect(warmUps().length).toBe(1);

    set({ backend: { kind: 'cpu', reason: 'no WebGPU' }, plan });
    get().setLayer(0, { units: 66 });
    vi.advanceTimersByTime(WARM_UP_DELAY_MS * 2);
    expect(warmUps().length).toBe(1);
  });
});
