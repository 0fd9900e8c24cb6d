// The TensorFlow.js peer of `webgpu-lstm bench --compare tfjs`: the same workload (tf.layers.lstm +
// model.fit, Adam lr 1e-3, same shapes and batch) on TF.js 4.22's webgpu backend over Dawn, the adapter our
// engine uses, timed the same way (median of the timed epochs after a warm-up; the first epoch from
// building the model). It runs as bench/peers/tfjs.mjs in a child process of the same bench run.
import { fileURLToPath } from 'node:url';
import { type PeerResult, runPeer } from './bench-peer.ts';
import type { Workload } from './bench-workloads.ts';

// WEBGPU_LSTM_TFJS_PEER: the peer bundled with TF.js inside it (scripts/bundle-cli.mjs), for machines
// without node_modules.
const PEER =
  process.env.WEBGPU_LSTM_TFJS_PEER ?? fileURLToPath(new URL('../../bench/peers/tfjs.mjs', import.meta.url));

export function runTfjsWorkload(
  w: Workload,
  timedEpochs: number,
  samples: number,
  log: (s: string) => void,
): Promise<PeerResult> {
  return runPeer(
    'TensorFlow.js',
    process.execPath,
    [PEER, JSON.stringify({ ...w, samples, timedEpochs })],
    log,
    /tfjs-webgpu epoch/,
    /^Warning: maxDynamic|Orthogonal initializer|^=+$|Hi, looks like|tfjs-node/,
  );
}
