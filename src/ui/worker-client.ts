// The one place the page talks to the training worker: it starts it, numbers requests, and hands every
// reply to a single handler (the store's `receive`). Components never see the worker.
import type { FromWorker, ToWorker } from '../worker/protocol.ts';

let worker: Worker | null = null;
let seq = 0;

export function startWorker(onMessage: (msg: FromWorker) => void): void {
  if (worker) return;
  worker = new Worker(new URL('../worker/training.worker.ts', import.meta.url), {
    type: 'module',
    name: 'webgpu-lstm training',
  });
  worker.addEventListener('message', (ev: MessageEvent<FromWorker>) => onMessage(ev.data));
  worker.addEventListener('error', (ev) => {
    console.warn('training worker error', ev.message);
  });
}

/** A fresh request number: replies carry it, so stale ones can be told apart. */
export function nextReq(): number {
  seq += 1;
  return seq;
}

export function send(msg: ToWorker, transfer: Transferable[] = []): void {
  if (!worker) throw new Error('The training worker is not running.');
  worker.postMessage(msg, transfer);
}
