import { useAppStore } from '../store.ts';

/** Explains where training will run, and says plainly when WebGPU is missing. */
export function ComputePanel() {
  const adapter = useAppStore((s) => s.adapter);
  return (
    <section className="card" aria-labelledby="compute-title">
      <h2 id="compute-title">Compute</h2>
      {adapter.state === 'pending' && <p className="muted">Asking the browser for a WebGPU adapter…</p>}
      {adapter.state === 'webgpu' && (
        <>
          <dl className="facts">
            <dt>Backend</dt>
            <dd>WebGPU</dd>
            <dt>Adapter</dt>
            <dd className="mono">{adapter.name}</dd>
          </dl>
          {adapter.software ? (
            <p className="note">
              This adapter is a software emulation of a GPU running on the CPU. Training works, but slowly; a
              browser with hardware WebGPU is much faster.
            </p>
          ) : (
            <p className="muted">Training runs on this GPU, inside the page. Nothing is uploaded.</p>
          )}
        </>
      )}
      {adapter.state === 'cpu' && (
        <div className="notice" role="alert" data-testid="webgpu-notice">
          <p className="notice-title">This browser has no WebGPU.</p>
          <p>
            Training will use the <strong>CPU fallback</strong>: the same model and results, computed in plain
            JavaScript, only slower.
          </p>
          <p className="muted small">{adapter.reason}</p>
        </div>
      )}
    </section>
  );
}
