import type { AppState } from '../store.ts';
import { useAppStore } from '../store.ts';

const selectBackend = (s: AppState) => s.backend;

/** Where training runs, and a plain notice when this browser has no WebGPU. */
export function ComputeNotice() {
  const backend = useAppStore(selectBackend);
  if (backend === null) return <p className="muted small">Asking the browser for a WebGPU adapter…</p>;
  if (backend.kind === 'webgpu') {
    return (
      <p className="muted small" data-testid="backend-line">
        Runs on <strong>WebGPU</strong> · <span className="mono">{backend.name}</span>
        {backend.software &&
          ' (a software GPU on the CPU: correct, but slow; hardware WebGPU is much faster)'}
      </p>
    );
  }
  return (
    <div className="notice" role="alert" data-testid="webgpu-notice">
      <p className="notice-title">This browser has no WebGPU.</p>
      <p>
        Training uses the <strong>CPU fallback</strong>: the same model and results, computed in plain
        JavaScript in a background worker, only slower.
      </p>
      <p className="muted small">{backend.reason}</p>
    </div>
  );
}
