#!/usr/bin/python3
"""PyTorch on the CPU for one benchmark workload (DESIGN.md), the reference for the CPU backend's speed.

    /usr/bin/python3 bench/peers/torch_cpu.py W2 [--epochs 3] [--threads 2] [--n N]

`webgpu-lstm bench --torch` runs it with the bench's --epochs and --n and one thread per core.

Same shapes, batch and optimizer as `webgpu-lstm bench` (Adam lr 1e-3, float32, shuffled); prints one JSON
line like the bench (and a line per epoch on stderr): {workload, peer: "torch-cpu", samples_per_s, epoch_ms, first_epoch_ms}.
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('workload')
    ap.add_argument('--epochs', type=int, default=3)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--n', type=int)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    w = WORKLOADS[args.workload]
    n = args.n or w['samples']
    t0 = time.perf_counter()
    x = torch.randn(w['window'], n, w['features'])
    y = torch.randint(0, w['classes'], (n,)) if w['classes'] else torch.randn(n, 1)
    net = Net(w)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss() if w['classes'] else torch.nn.MSELoss()
    times = []
    first = 0.0
    for epoch in range(args.epochs + 1):
        start = time.perf_counter()
        perm = torch.randperm(n)
        for b in range(0, n, w['batch']):
            idx = perm[b:b + w['batch']]
            opt.zero_grad()
            loss = loss_fn(net(x[:, idx]), y[idx])
            loss.backward()
            opt.step()
        end = time.perf_counter()
        print(f"{args.workload} torch-cpu epoch {epoch + 1}/{args.epochs + 1}: {round((end - start) * 1000)} ms",
              file=sys.stderr, flush=True)
        if epoch == 0:
            first = end - t0
        else:
            times.append(end - start)
    ms = statistics.median(times) * 1000
    print(json.dumps({'workload': args.workload, 'peer': 'torch-cpu', 'samples_per_s': round(n / (ms / 1000), 1),
                      'epoch_ms': round(ms, 1), 'first_epoch_ms': round(first * 1000, 1)}))


if __name__ == '__main__':
    main()
