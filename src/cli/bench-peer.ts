// A peer of `webgpu-lstm bench` (TensorFlow.js, PyTorch) as a child process: it prints its result as the
// last JSON line on stdout and progress on stderr. Progress lines that match `progress` are passed on;
// the rest of stderr is kept for the error message, minus lines matching `noise`.
import { spawn } from 'node:child_process';
import { CliError } from './errors.ts';

export interface PeerResult {
  samples_per_s: number;
  epoch_ms: number;
  first_epoch_ms: number;
  /** From the peer's start (model built) to its first batch done; absent where the peer cannot tell. */
  first_batch_ms?: number;
}

export function runPeer(
  name: string,
  command: string,
  args: string[],
  log: (s: string) => void,
  progress: RegExp,
  noise: RegExp,
): Promise<PeerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (progress.test(line)) log(line);
        else if (line.trim() && !noise.test(line)) err += `${line}\n`;
      }
    });
    child.on('error', (e) =>
      reject(new CliError(`The ${name} peer could not start (${command}): ${e.message}`)),
    );
    child.on('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as PeerResult);
      else {
        reject(
          new CliError(
            `The ${name} peer failed (${signal ?? `exit ${code}`}): ${err.trim().split('\n').pop() ?? ''}`,
          ),
        );
      }
    });
  });
}
