import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { DEFAULT_SAMPLE_ID } from './ui/samples.ts';
import { useAppStore } from './ui/store.ts';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

const { detectAdapter, loadSample } = useAppStore.getState();
void detectAdapter();
void loadSample(DEFAULT_SAMPLE_ID);

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
