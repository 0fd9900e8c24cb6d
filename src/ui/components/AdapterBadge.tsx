import type { AppState } from '../store.ts';
import { useAppStore } from '../store.ts';

const selectBackend = (s: AppState) => s.backend;

/** The header pill naming the compute device: the WebGPU adapter, or the CPU fallback. */
export function AdapterBadge() {
  const backend = useAppStore(selectBackend);
  const state = backend === null ? 'pending' : backend.kind === 'webgpu' ? 'webgpu' : 'cpu';
  const tone = state === 'webgpu' ? 'ok' : state === 'cpu' ? 'warn' : 'idle';
  return (
    <output className={`badge badge-${tone}`} data-testid="adapter" data-state={state} aria-live="polite">
      <span className="badge-dot" aria-hidden="true" />
      {backend === null && <span>Looking for a WebGPU adapter…</span>}
      {backend?.kind === 'webgpu' && (
        <span>
          <span className="badge-label">WebGPU</span> {backend.name}
        </span>
      )}
      {backend?.kind === 'cpu' && (
        <span>
          <span className="badge-label">No WebGPU</span> CPU fallback
        </span>
      )}
    </output>
  );
}
