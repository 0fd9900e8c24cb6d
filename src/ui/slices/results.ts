// Results slice: the model the worker holds (trained or imported), its results on the current data,
// and import/export.
import type { ExportKind, ModelInfo, Results } from '../../worker/protocol.ts';
import { downloadText } from '../download.ts';
import { nextReq, send } from '../worker-client.ts';
import type { Slice } from './types.ts';

export interface ResultsSlice {
  model: ModelInfo | null;
  /**
   * The data (data-key.ts) the held model was trained on in this page (or before a reload), when it
   * learned from that data alone; null for an imported model, or one continued on other data.
   */
  trainedOn: string | null;
  results: Results | null;
  /** Why there are no results for the current data (the model does not fit it …). */
  resultsMessage: string | null;
  /** Predictions are being computed. */
  predicting: boolean;
  /** The last model-file import failed: why (the previous model stays). */
  modelError: string | null;
  /** An import is on its way to the worker: the next model it reports replaces the config. */
  importing: boolean;
  /** A saved session's model is on its way back: the next model it reports keeps the saved config. */
  restoring: boolean;
  /** Exports in progress, by request number. */
  exporting: Record<number, ExportKind>;
  importModel(file: File): Promise<void>;
  requestExport(what: ExportKind): void;
  exportConfig(): void;
  refreshResults(): void;
  dismissModelError(): void;
}

export const createResultsSlice: Slice<ResultsSlice> = (set, get) => ({
  model: null,
  trainedOn: null,
  results: null,
  resultsMessage: null,
  predicting: false,
  modelError: null,
  importing: false,
  restoring: false,
  exporting: {},

  async importModel(file) {
    set({ modelError: null });
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      set({ modelError: `Cannot read ${file.name}: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    set({ predicting: true, importing: true, restoring: false });
    send({ type: 'import-model', req: nextReq(), name: file.name, text });
  },
  requestExport(what) {
    const req = nextReq();
    set((s) => ({ exporting: { ...s.exporting, [req]: what } }));
    send({ type: 'export', req, what });
  },
  exportConfig() {
    downloadText('config.json', `${JSON.stringify(get().config, null, 2)}\n`, 'application/json');
  },
  refreshResults() {
    if (!get().model) return;
    set({ predicting: true });
    send({ type: 'predict', req: nextReq() });
  },
  dismissModelError: () => set({ modelError: null }),
});
