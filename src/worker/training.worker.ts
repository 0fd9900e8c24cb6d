// The training worker: owns the GPUDevice (through WorkerSession's backend) and runs everything heavy —
// CSV parsing, data preparation, training, prediction, export — off the page's main thread.
/// <reference lib="webworker" />
import { acquireBrowserDevice } from '../gpu/device.ts';
import { GpuBackend } from '../model/gpu-backend.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { WorkerSession } from './session.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const session = new WorkerSession(
  (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer),
  async () => new GpuBackend(await acquireBrowserDevice()),
);

// Messages are handled as they come: pause/stop must get through while a training run is in progress.
scope.addEventListener('message', (ev: MessageEvent<ToWorker>) => {
  void session.handle(ev.data);
});
