// The TensorFlow.js peer of `webgpu-lstm bench --compare tfjs`, as its own plain-Node process: TF.js 4.22
// (tf.layers.lstm + model.fit, Adam lr 1e-3; tfjs-fit.mjs) on its webgpu backend over Dawn, the same
// adapter our engine uses. Run by src/cli/bench-tfjs.ts with one workload as JSON; prints one JSON result on
// stdout and a line per epoch on stderr. A separate process keeps the peers from sharing a heap or a GPU
// device (and TF.js crashed inside Dawn when loaded through the CLI's TypeScript loader).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { throttleDawnPolling } from '../../src/gpu/dawn-polling.mjs';
import { isEmulatedAdapter } from '../../src/gpu/emulated-adapter.mjs';
import { fitWorkload } from './tfjs-fit.mjs';

const w = JSON.parse(process.argv[2]); // { id, features, window, layers, classes, batch, samples, timedEpochs }
if (!process.env.XDG_RUNTIME_DIR) {
  const dir = join(tmpdir(), `webgpu-lstm-xdg-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const gpu = create([]);
// The same polling as our engine gets on a CPU adapter (src/gpu/node-device.ts), so neither side loses a
// core to Dawn's busy loop.
const probe = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (isEmulatedAdapter(probe?.info.description ?? '')) throttleDawnPolling();
Object.defineProperty(globalThis, 'navigator', {
  value: { gpu, userAgent: 'node' },
  configurable: true,
});
const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
if (!(await tf.setBackend('webgpu'))) throw new Error('TensorFlow.js could not start its webgpu backend');

// Dawn does not keep Node's event loop alive while TF.js awaits the GPU.
const keepAlive = setInterval(() => {}, 1000);
const result = await fitWorkload(tf, w, (line) => process.stderr.write(`${line}\n`));
clearInterval(keepAlive);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
