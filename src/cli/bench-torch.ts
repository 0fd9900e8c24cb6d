// The PyTorch peers of `webgpu-lstm bench`: bench/peers/torch_lstm.py on the same workload, sample count and
// epochs. --torch: on the CPU with one thread per core (Debian's python3-torch through /usr/bin/python3, as
// the python3 first on PATH may lack torch): the reference for the CPU backend. --cudnn: on an NVIDIA GPU
// with cuDNN, fp32 with TF32 off: issue 6's reference for our engine on that GPU (WEBGPU_LSTM_PYTHON names
// the interpreter that has a CUDA PyTorch, e.g. `python3` on the NVIDIA machines).
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type PeerResult, runPeer } from './bench-peer.ts';
import type { Workload } from './bench-workloads.ts';

const PEER = fileURLToPath(new URL('../../bench/peers/torch_lstm.py', import.meta.url));
const PYTHON = process.env.WEBGPU_LSTM_PYTHON ?? '/usr/bin/python3';

export type TorchDevice = 'cpu' | 'cuda';

/** The peer name of each device's rows. */
export const TORCH_PEER: Record<TorchDevice, string> = { cpu: 'torch-cpu', cuda: 'torch-cudnn' };

/** What the torch-cpu rows name as their adapter: the CPU and the threads PyTorch was given. */
export function torchAdapter(): string {
  return `${cpus()[0]?.model.trim() ?? 'CPU'} × ${availableParallelism()} threads`;
}

/** The peer's result; on CUDA with the GPU's name and cuDNN version as `adapter`. */
export function runTorchWorkload(
  w: Workload,
  timedEpochs: number,
  samples: number,
  log: (s: string) => void,
  device: TorchDevice = 'cpu',
): Promise<PeerResult & { adapter?: string }> {
  return runPeer(
    device === 'cuda' ? 'PyTorch cuDNN' : 'PyTorch',
    PYTHON,
    [
      PEER,
      w.id,
      '--device',
      device,
      '--epochs',
      String(timedEpochs),
      '--n',
      String(samples),
      '--threads',
      String(availableParallelism()),
    ],
    log,
    new RegExp(`${TORCH_PEER[device]} epoch`),
    /^$/,
  );
}
