import { AdapterBadge } from './components/AdapterBadge.tsx';
import { ComputePanel } from './components/ComputePanel.tsx';
import { DatasetPanel } from './components/DatasetPanel.tsx';

export function App() {
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={28} height={28} />
          <div>
            <h1>webgpu-lstm</h1>
            <p className="tagline">Train LSTM models on time series, on your own GPU, in this page.</p>
          </div>
        </div>
        <AdapterBadge />
      </header>
      <main className="layout">
        <DatasetPanel />
        <aside className="side">
          <ComputePanel />
          <section className="card" aria-labelledby="how-title">
            <h2 id="how-title">How it works</h2>
            <ol className="steps">
              <li>Load a CSV time series, or start from a bundled sample.</li>
              <li>Pick the feature and target columns and the window length.</li>
              <li>Stack LSTM layers, press Train and watch the loss fall.</li>
              <li>Compare predictions with the truth, then export the weights for Keras or PyTorch.</li>
            </ol>
            <p className="muted small">Everything runs locally: no server, no upload.</p>
          </section>
        </aside>
      </main>
    </div>
  );
}
