// The TensorFlow.js peer of `webgpu-lstm bench --compare tfjs`: the same workload (tf.layers.lstm +
// model.fit, Adam lr 1e-3, same shapes and batch) on TF.js 4.22's webgpu backend over Dawn, the adapter our
// engine uses, timed the same way (median of the timed epochs after a warm-up; the first epoch from
// building the model). It runs as bench/peers/tfjs.mjs in a child process of the same bench run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Workload } from './bench-workloads.ts';
import { CliError } from './errors.ts';

export interface PeerResult {
  samples_per_s: number;
  epoch_ms: number;
  first_epoch_ms: number;
}

const PEER = fileURLToPath(new URL('../../bench/peers/tfjs.mjs', import.meta.url));

export function runTfjsWorkload(
  w: Workload,
  timedEpochs: number,
  samples: number,
  log: (s: string) => void,
): Promise<PeerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PEER, JSON.stringify({ ...w, samples, timedEpochs })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (/tfjs-webgpu epoch/.test(line)) log(line);
        else if (
          line.trim() &&
          !/^Warning: maxDynamic|Orthogonal initializer|^=+$|Hi, looks like|tfjs-node/.test(line)
        )
          err += `${line}\n`;
      }
    });
    child.on('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as PeerResult);
      else {
        reject(
          new CliError(
            `The TensorFlow.js peer failed (${signal ?? `exit ${code}`}): ${err.trim().split('\n').pop() ?? ''}`,
          ),
        );
      }
    });
  });
}
