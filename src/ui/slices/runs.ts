// Runs slice: every finished training run, kept in IndexedDB, listed and compared by their curves.
import { deleteRun, type RunRecord } from '../../worker/persist.ts';
import type { Slice } from './types.ts';

export interface RunsSlice {
  runs: RunRecord[];
  /** Ids of the runs drawn in the comparison chart. */
  compare: number[];
  toggleCompare(id: number): void;
  removeRun(id: number): void;
}

export const createRunsSlice: Slice<RunsSlice> = (set) => ({
  runs: [],
  compare: [],
  toggleCompare: (id) =>
    set((s) => ({
      compare: s.compare.includes(id) ? s.compare.filter((k) => k !== id) : [...s.compare, id],
    })),
  removeRun: (id) => {
    void deleteRun(id);
    set((s) => ({ runs: s.runs.filter((r) => r.id !== id), compare: s.compare.filter((k) => k !== id) }));
  },
});
