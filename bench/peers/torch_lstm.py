#!/usr/bin/python3
"""PyTorch on one benchmark workload (DESIGN.md): on the CPU, the reference for the CPU backend's speed;
on an NVIDIA GPU with cuDNN, the reference for the engine's speed there (issue 6).

    /usr/bin/python3 bench/peers/torch_lstm.py W2 [--device cpu|cuda] [--epochs 3] [--threads 2] [--n N]

`webgpu-lstm bench --torch` runs it on the CPU with one thread per core, `--cudnn` with --device cuda; both
with the bench's --epochs and --n.

Same shapes, batch and optimizer as `webgpu-lstm bench` (Adam lr 1e-3, float32, shuffled). On CUDA: cuDNN's
LSTM in fp32 with TF32 off (the float32 arithmetic our engine does; DESIGN.md's H200 reference figures are
TF32 off) and cudnn.benchmark on (cuDNN picks its fastest algorithms during the warm-up epoch: the strongest
reference), data on the GPU, and each epoch ends with a device synchronize so it is timed whole. Prints one
JSON line like the bench (and a line per epoch on stderr): {workload, peer: "torch-cpu" | "torch-cudnn",
adapter, samples_per_s, epoch_ms, first_epoch_ms, first_batch_ms}.
"""
import argparse
import json
import statistics
import sys
import time

import torch

WORKLOADS = {
    'W1': dict(features=8, window=32, layers=[128, 64, 32], classes=4, batch=256, samples=4096),
    'W2': dict(features=1, window=64, layers=[64], classes=0, batch=64, samples=2048),
    'W3': dict(features=16, window=128, layers=[256], classes=0, batch=128, samples=1024),
    'W4': dict(features=32, window=256, layers=[512, 512], classes=0, batch=256, samples=8192),
}


class Net(torch.nn.Module):
    def __init__(self, w):
        super().__init__()
        sizes = [w['features']] + w['layers']
        self.lstms = torch.nn.ModuleList(torch.nn.LSTM(sizes[i], sizes[i + 1]) for i in range(len(w['layers'])))
        self.head = torch.nn.Linear(sizes[-1], w['classes'] or 1)

    def forward(self, x):
        for m in self.lstms:
            x, _ = m(x)
        return self.head(x[-1])


def fail(message):
    print(f'torch_lstm: {message}', file=sys.stderr)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('workload', choices=sorted(WORKLOADS))
    ap.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    ap.add_argument('--epochs', type=int, default=3)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--n', type=int)
    args = ap.parse_args()
    cuda = args.device == 'cuda'
    if cuda:
        if not torch.cuda.is_available():
            fail(f'--device cuda: this PyTorch ({torch.__version__}) sees no CUDA GPU')
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cudnn.benchmark = True
        adapter = f'{torch.cuda.get_device_name(0)}, cuDNN {torch.backends.cudnn.version()}, fp32'
    else:
        torch.set_num_threads(args.threads)
        adapter = None
    peer = 'torch-cudnn' if cuda else 'torch-cpu'
    dev = torch.device(args.device)
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    if cuda:
        torch.zeros(1, device=dev)  # CUDA's context first: the timings start with the device ready, as ours do
        sync()
    torch.manual_seed(42)
    w = WORKLOADS[args.workload]
    n = args.n or w['samples']
    t0 = time.perf_counter()
    x = torch.randn(w['window'], n, w['features'], device=dev)
    y = torch.randint(0, w['classes'], (n,), device=dev) if w['classes'] else torch.randn(n, 1, device=dev)
    net = Net(w).to(dev)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss() if w['classes'] else torch.nn.MSELoss()
    times = []
    first = 0.0
    first_batch = 0.0
    for epoch in range(args.epochs + 1):
        start = time.perf_counter()
        perm = torch.randperm(n, device=dev)
        for b in range(0, n, w['batch']):
            idx = perm[b:b + w['batch']]
            opt.zero_grad()
            loss = loss_fn(net(x[:, idx]), y[idx])
            loss.backward()
            opt.step()
            if first_batch == 0.0:
                loss.item()  # the loss on the host: the step has finished
                first_batch = time.perf_counter() - t0
        sync()
        end = time.perf_counter()
        print(f"{args.workload} {peer} epoch {epoch + 1}/{args.epochs + 1}: {round((end - start) * 1000)} ms",
              file=sys.stderr, flush=True)
        if epoch == 0:
            first = end - t0
        else:
            times.append(end - start)
    ms = statistics.median(times) * 1000
    out = {'workload': args.workload, 'peer': peer, 'samples_per_s': round(n / (ms / 1000), 1),
           'epoch_ms': round(ms, 1), 'first_epoch_ms': round(first * 1000, 1),
           'first_batch_ms': round(first_batch * 1000, 1)}
    if adapter:
        out['adapter'] = adapter
    print(json.dumps(out))


if __name__ == '__main__':
    main()
