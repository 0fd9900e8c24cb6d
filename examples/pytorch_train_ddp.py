#!/usr/bin/python3
"""Continue training a webgpu-lstm model in PyTorch with DistributedDataParallel, across GPUs and nodes,
and write the result as a model file to bring back to the app or the CLI. See docs/scaling.md.

    # one node, 8 GPUs (NCCL):
    torchrun --nproc_per_node=8 examples/pytorch_train_ddp.py model.json data.csv --epochs 50 --out big.json
    # two nodes: the same on each, with --nnodes=2 --node_rank=0|1 --master_addr=HOST --master_port=29500
    # one CPU process (gloo), e.g. to try it or in CI; --nproc N starts N local processes without torchrun:
    /usr/bin/python3 examples/pytorch_train_ddp.py model.json data.csv --epochs 1 --out next.json
    /usr/bin/python3 examples/pytorch_train_ddp.py model.json data.csv --nproc 2 --epochs 1 --out next.json

The architecture, preprocessing (the model file's scaler: statistics are not refitted) and loss come from
the model file; weights start from it. Windows are those of webgpu-lstm (ending at every row with its
targets present), shuffled and sharded per process by DistributedSampler; the batch size per process is
config.training.batchSize, the optimizer Adam with --lr (default: the model file's). The chronological
validation split of config.data.valSplit is evaluated on rank 0 after each epoch. Dropout and
learning-rate schedules are not applied here.
"""
import argparse
import os
import socket
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_export import export_model  # noqa: E402
from pytorch_load import Model, feature_matrix, load_model_file, number, read_rows, windows  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def local_env(rank, world, port):
    os.environ.update(RANK=str(rank), WORLD_SIZE=str(world), LOCAL_RANK=str(rank),
                      MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port))


def init_distributed():
    """torchrun (or --nproc) sets RANK/WORLD_SIZE/...; run bare, this is a group of one local process."""
    if 'RANK' not in os.environ:
        local_env(0, 1, free_port())
    cuda = torch.cuda.is_available()
    dist.init_process_group('nccl' if cuda else 'gloo')
    local = int(os.environ.get('LOCAL_RANK', 0))
    device = torch.device(f'cuda:{local}') if cuda else torch.device('cpu')
    if cuda:
        torch.cuda.set_device(device)
    return device, local


def targets(pre, rows, ends):
    """(N, horizon·targets) scaled regression targets, or (N, horizon) class indices."""
    h = pre['horizon']
    classes = pre.get('classes')
    if classes:
        index = {c: i for i, c in enumerate(classes)}
        t = pre['targets'][0]
        return torch.tensor([[index[rows[r + s][t].strip()] for s in range(1, h + 1)] for r in ends])
    from pytorch_load import Scaler
    scaler = Scaler(pre['scaler'])
    cols = []
    for r in ends:
        cols.append([float(scaler.scale(t, number(rows[r + s][t]))) for s in range(1, h + 1) for t in pre['targets']])
    return torch.tensor(cols, dtype=torch.float32)


def loss_fn(config, pre, out, y):
    classes = pre.get('classes')
    if classes:
        return F.cross_entropy(out.reshape(-1, len(classes)), y.reshape(-1))
    kind = config['model'].get('loss', 'mse')
    if kind == 'mae':
        return (out - y).abs().mean()
    if kind == 'huber':
        return F.huber_loss(out, y, delta=config['model'].get('huberDelta', 1.0))
    return F.mse_loss(out, y)


def spawned(rank, argv, world, port):
    local_env(rank, world, port)
    train(argv)


def main(argv):
    """--nproc N (N > 1) without torchrun: start N local processes (Debian's torch 1.13 torchrun fails
    under Python 3.11 with "'NoneType' object has no attribute 'get'"; a current PyTorch's torchrun works)."""
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument('--nproc', type=int, default=1)
    known, rest = ap.parse_known_args(argv)
    if known.nproc > 1 and 'RANK' not in os.environ:
        torch.multiprocessing.spawn(spawned, args=(rest, known.nproc, free_port()), nprocs=known.nproc)
    else:
        train(rest)


def train(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('model')
    ap.add_argument('data')
    ap.add_argument('--epochs', type=int, default=1)
    ap.add_argument('--lr', type=float)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', required=True)
    args = ap.parse_args(argv)

    device, local = init_distributed()
    rank = dist.get_rank()
    torch.manual_seed(args.seed)
    model_file = load_model_file(args.model)
    pre, config = model_file['preprocessing'], model_file['config']
    rows = read_rows(args.data)
    T, h = pre['window'], pre['horizon']
    ends = list(range(T - 1, len(rows) - h))
    n_val = int(len(ends) * config['data'].get('valSplit', 0.2))
    train_ends, val_ends = ends[:len(ends) - n_val], ends[len(ends) - n_val:]
    x = feature_matrix(pre, rows)

    def dataset(e):
        return TensorDataset(windows(x, e, T).transpose(0, 1).contiguous(), targets(pre, rows, e))

    train_set = dataset(train_ends)
    sampler = DistributedSampler(train_set, shuffle=True, seed=args.seed)
    batch = config.get('training', {}).get('batchSize', 64)
    loader = DataLoader(train_set, batch_size=batch, sampler=sampler)
    net = Model(model_file['layers']).to(device)
    ddp = DistributedDataParallel(net, device_ids=[local] if device.type == 'cuda' else None)
    lr = args.lr or config.get('training', {}).get('optimizer', {}).get('lr', 1e-3)
    opt = torch.optim.Adam(ddp.parameters(), lr=lr)
    history = model_file['history']

    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        ddp.train()
        t0, total, count = time.time(), 0.0, 0
        for xb, yb in loader:
            xb, yb = xb.transpose(0, 1).to(device), yb.to(device)  # back to (T, B, F)
            opt.zero_grad()
            loss = loss_fn(config, pre, ddp(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
            count += len(yb)
        stats = torch.tensor([total, count], dtype=torch.float64, device=device)
        dist.all_reduce(stats)
        train_loss = (stats[0] / stats[1]).item()
        val_loss = None
        if rank == 0 and val_ends:
            net.eval()
            with torch.no_grad():
                vx, vy = dataset(val_ends).tensors
                val_loss = loss_fn(config, pre, net(vx.transpose(0, 1).to(device)), vy.to(device)).item()
        if rank == 0:
            history['loss'].append(train_loss)
            history['valLoss'].append(val_loss)
            history['lr'].append(lr)
            history['epochMs'].append((time.time() - t0) * 1000)
            print(f'epoch {epoch + 1}/{args.epochs}  loss {train_loss:.5g}  val {val_loss}', file=sys.stderr)

    if rank == 0:
        modules = list(net.steps)
        export_model(modules, net.head.cpu(), pre, config, args.out, history)
        print(f'wrote {args.out}', file=sys.stderr)
    dist.destroy_process_group()


if __name__ == '__main__':
    main(sys.argv[1:])
