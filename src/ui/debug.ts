// Test hooks, present only when the page is opened with `?e2e` in its URL: the page then tells the worker
// to honour debug messages, and exposes them on `window.__lstmDebug` for the end-to-end tests. Without
// the parameter nothing here is installed and the worker refuses debug messages, so users never get them.
import { send } from './worker-client.ts';

export interface DebugHooks {
  /** Destroy the worker's GPUDevice as a driver reset would (training sees a lost device). */
  loseDevice(): void;
}

declare global {
  interface Window {
    __lstmDebug?: DebugHooks;
  }
}

export function debugEnabled(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).has('e2e');
}

export function installDebugHooks(): void {
  window.__lstmDebug = { loseDevice: () => send({ type: 'debug-lose-device' }) };
}
