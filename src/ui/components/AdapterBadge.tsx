import { useAppStore } from '../store.ts';

/** The header pill naming the compute device: the WebGPU adapter, or the CPU fallback. */
export function AdapterBadge() {
  const adapter = useAppStore((s) => s.adapter);
  const tone = adapter.state === 'webgpu' ? 'ok' : adapter.state === 'cpu' ? 'warn' : 'idle';
  return (
    <output
      className={`badge badge-${tone}`}
      data-testid="adapter"
      data-state={adapter.state}
      aria-live="polite"
    >
      <span className="badge-dot" aria-hidden="true" />
      {adapter.state === 'pending' && <span>Looking for a WebGPU adapter…</span>}
      {adapter.state === 'webgpu' && (
        <span>
          <span className="badge-label">WebGPU</span> {adapter.name}
        </span>
      )}
      {adapter.state === 'cpu' && (
        <span>
          <span className="badge-label">No WebGPU</span> CPU fallback
        </span>
      )}
    </output>
  );
}
