// App state. Components only render what is here; the actions below do the I/O (WebGPU probe, fetch).
import { create } from 'zustand';
import { parseCsv } from '../data/csv.ts';
import type { Table } from '../data/table.ts';
import { acquireBrowserDevice, NoWebGpuError } from '../gpu/device.ts';
import { DEFAULT_SAMPLE_ID, findSample, type SampleDataset, sampleUrl } from './samples.ts';

export type AdapterStatus =
  | { state: 'pending' }
  /** `software` is true for CPU-emulated adapters (SwiftShader, lavapipe/llvmpipe). */
  | { state: 'webgpu'; name: string; software: boolean }
  | { state: 'cpu'; reason: string };

export type DatasetStatus =
  | { state: 'loading'; sample: SampleDataset }
  | { state: 'ready'; sample: SampleDataset; table: Table }
  | { state: 'error'; sample: SampleDataset; message: string };

export interface AppState {
  adapter: AdapterStatus;
  dataset: DatasetStatus;
  detectAdapter(): Promise<void>;
  loadSample(id: string): Promise<void>;
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software/i;

export const useAppStore = create<AppState>()((set, get) => ({
  adapter: { state: 'pending' },
  dataset: { state: 'loading', sample: findSample(DEFAULT_SAMPLE_ID) },

  async detectAdapter() {
    set({ adapter: { state: 'pending' } });
    try {
      const ctx = await acquireBrowserDevice();
      const name = ctx.adapterName;
      // Only the name is needed here; the training worker acquires its own device.
      ctx.destroy();
      set({ adapter: { state: 'webgpu', name, software: SOFTWARE_ADAPTER.test(name) } });
    } catch (err) {
      const reason =
        err instanceof NoWebGpuError
          ? err.message
          : `WebGPU is present but no device could be created (${err instanceof Error ? err.message : String(err)}).`;
      set({ adapter: { state: 'cpu', reason } });
    }
  },

  async loadSample(id: string) {
    const sample = findSample(id);
    set({ dataset: { state: 'loading', sample } });
    const stillCurrent = () => get().dataset.sample.id === id;
    try {
      const res = await fetch(sampleUrl(sample));
      if (!res.ok) throw new Error(`Could not download ${sample.file}: HTTP ${res.status}.`);
      // Static servers with an SPA fallback answer a missing file with index.html and status 200.
      if (res.headers.get('content-type')?.includes('text/html')) {
        throw new Error(`${sample.file} is missing from this site (the server answered with a web page).`);
      }
      // The loader checks the bytes itself (UTF-16, binary) and throws a DataError with the fix.
      const table = parseCsv(new Uint8Array(await res.arrayBuffer()));
      if (stillCurrent()) set({ dataset: { state: 'ready', sample, table } });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (stillCurrent()) set({ dataset: { state: 'error', sample, message } });
    }
  },
}));
