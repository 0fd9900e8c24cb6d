// The PyTorch peer of `webgpu-lstm bench --torch`: bench/peers/torch_cpu.py (Debian's python3-torch,
// through /usr/bin/python3: the python3 first on PATH may lack torch) on the same workload, sample count
// and epochs, on the CPU with as many threads as this machine has cores. A reference for the CPU backend,
// and for what a plain CPU does next to an emulated GPU.
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type PeerResult, runPeer } from './bench-peer.ts';
import type { Workload } from './bench-workloads.ts';

const PEER = fileURLToPath(new URL('../../bench/peers/torch_cpu.py', import.meta.url));
const PYTHON = process.env.WEBGPU_LSTM_PYTHON ?? '/usr/bin/python3';

/** What the torch-cpu rows name as their adapter: the CPU and the threads PyTorch was given. */
export function torchAdapter(): string {
  return `${cpus()[0]?.model.trim() ?? 'CPU'} × ${availableParallelism()} threads`;
}

export function runTorchWorkload(
  w: Workload,
  timedEpochs: number,
  samples: number,
  log: (s: string) => void,
): Promise<PeerResult> {
  return runPeer(
    'PyTorch',
    PYTHON,
    [
      PEER,
      w.id,
      '--epochs',
      String(timedEpochs),
      '--n',
      String(samples),
      '--threads',
      String(availableParallelism()),
    ],
    log,
    /torch-cpu epoch/,
    /^$/,
  );
}
