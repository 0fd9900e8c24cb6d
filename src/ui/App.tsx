import { useEffect, useState } from 'react';
import { AdapterBadge } from './components/AdapterBadge.tsx';
import { DataSetup } from './components/DataSetup.tsx';
import { DatasetPanel } from './components/DatasetPanel.tsx';
import { ModelFilePanel } from './components/ModelFilePanel.tsx';
import { ModelPanel } from './components/ModelPanel.tsx';
import { ResultsPanel } from './components/ResultsPanel.tsx';
import { RunsPanel } from './components/RunsPanel.tsx';
import { TrainingPanel } from './components/TrainingPanel.tsx';
import { TrainMonitor } from './components/TrainMonitor.tsx';
import { openFile } from './open-file.ts';

/** Files can be dropped anywhere on the page; an overlay says what will happen. */
function useDropAnywhere(): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file) openFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return over;
}

export function App() {
  const dragging = useDropAnywhere();
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
      {/* In the order of the steps, which is also the order Tab takes: the data, its settings, then training
          and what comes of it. Wide, the settings stand in a column of their own (styles.css: .layout). */}
      <main className="layout">
        <div className="data-col">
          <DatasetPanel />
        </div>
        <aside className="side" aria-label="Settings">
          <DataSetup />
          <ModelPanel />
          <TrainingPanel />
        </aside>
        <div className="main-col">
          <TrainMonitor />
          <ResultsPanel />
          <ModelFilePanel />
          <RunsPanel />
        </div>
      </main>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop a CSV to load it, or a model file (.json) to import it</p>
        </div>
      )}
    </div>
  );
}
