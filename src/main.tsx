import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { startApp } from './ui/store.ts';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

void startApp();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
