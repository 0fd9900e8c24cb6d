// Runs slice: every finished training run, kept in IndexedDB, listed and compared by their curves.
import { deleteRun, type RunRecord } from '../../worker/persist.ts';
import { runSettings, runSettingsText } from '../run-settings.ts';
import type { Slice } from './types.ts';

export interface RunsSlice {
  runs: RunRecord[];
  /** Ids of the runs drawn in the comparison chart. */
  compare: number[];
  toggleCompare(id: number): void;
  removeRun(id: number): void;
  /** What the last "Use settings" did (shown under the table until another run's settings are used). */
  runSettingsNote: string | null;
  /** Bring back a past run's settings (run-settings.ts says which). */
  applyRunSettings(id: number): void;
}

export const createRunsSlice: Slice<RunsSlice> = (set, get) => ({
  runs: [],
  compare: [],
  runSettingsNote: null,
  applyRunSettings: (id) => {
    const s = get();
    const run = s.runs.find((r) => r.id === id);
    if (!run) return;
    const { config, missing } = runSettings(run.config, s.config, s.dataset?.table ?? null);
    s.replaceConfig(config);
    set({ runSettingsNote: runSettingsText(id, missing) });
  },
  toggleCompare: (id) =>
    set((s) => ({
      compare: s.compare.includes(id) ? s.compare.filter((k) => k !== id) : [...s.compare, id],
    })),
  removeRun: (id) => {
    void deleteRun(id);
    set((s) => ({ runs: s.runs.filter((r) => r.id !== id), compare: s.compare.filter((k) => k !== id) }));
  },
});
