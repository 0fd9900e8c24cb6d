#!/usr/bin/python3
"""Train an LSTM in PyTorch and write it as a webgpu-lstm model file, to predict with or keep training in
the app or the CLI (`webgpu-lstm predict` / `webgpu-lstm train --init`).

    /usr/bin/python3 examples/pytorch_export.py DATA.csv --target COL [--features A,B] [--time COL]
        [--window 16] [--horizon 1] [--layers 16,8] [--epochs 20] [--lr 0.01] --out model.json
        [--predictions torch-predictions.csv]

`export_model(modules, head, preprocessing, config, path)` is the part to reuse with your own modules: a
stack of nn.LSTM (one or more layers each), optionally nn.LayerNorm / nn.BatchNorm1d between them, and an
nn.Linear head on the last timestep. The mapping is docs/model-format.md's: kernel = weight_ihᵀ, recurrentKernel = weight_hhᵀ,
bias = bias_ih + bias_hh (webgpu-lstm has one bias), gate order i, f, g, o in both. The CSV is read the
simple way (header row, rows in time order, no gaps); scaling is standard, fitted on the first 80% of
windows' rows like webgpu-lstm does.
"""
import argparse
import csv
import json
import sys
from datetime import datetime, timezone

import numpy as np
import torch


def tensor_json(t):
    t = t.detach().to(torch.float32)
    return {'shape': list(t.shape), 'data': [float(v) for v in t.reshape(-1).tolist()]}


def export_model(modules, head, preprocessing, config, path, history=None):
    """Write a stack of modules as a webgpu-lstm model file (format version 1).

    modules: bottom to top, nn.LSTM (one or more layers each), optionally an nn.LayerNorm or
    nn.BatchNorm1d after an LSTM (not after the last); head: the nn.Linear on the last timestep.
    """
    layers = []
    sizes = []
    norms = []
    for m in modules:
        if isinstance(m, torch.nn.LSTM):
            for k in range(m.num_layers):
                w_ih = getattr(m, f'weight_ih_l{k}')
                w_hh = getattr(m, f'weight_hh_l{k}')
                b = torch.zeros(w_ih.shape[0])
                if m.bias:
                    b = getattr(m, f'bias_ih_l{k}') + getattr(m, f'bias_hh_l{k}')
                sizes.append(m.hidden_size)
                norms.append('none')
                layers.append({
                    'kind': 'lstm', 'inputSize': w_ih.shape[1], 'units': m.hidden_size, 'returnSequences': True,
                    'kernel': tensor_json(w_ih.T), 'recurrentKernel': tensor_json(w_hh.T), 'bias': tensor_json(b),
                })
        elif isinstance(m, torch.nn.LayerNorm):
            norms[-1] = 'layer'
            layers.append({'kind': 'layerNorm', 'size': m.normalized_shape[0], 'epsilon': m.eps,
                           'gamma': tensor_json(m.weight), 'beta': tensor_json(m.bias)})
        elif isinstance(m, torch.nn.BatchNorm1d):
            norms[-1] = 'batch'
            # PyTorch's momentum weighs the new batch; Keras' (ours) weighs the old statistics.
            layers.append({'kind': 'batchNorm', 'size': m.num_features, 'epsilon': m.eps,
                           'momentum': 1 - (m.momentum if m.momentum is not None else 0.1),
                           'gamma': tensor_json(m.weight), 'beta': tensor_json(m.bias),
                           'movingMean': tensor_json(m.running_mean), 'movingVariance': tensor_json(m.running_var)})
        else:
            raise TypeError(f'cannot export {type(m).__name__}: use nn.LSTM, nn.LayerNorm, nn.BatchNorm1d')
    last_lstm = max(i for i, l in enumerate(layers) if l['kind'] == 'lstm')
    layers[last_lstm]['returnSequences'] = False
    classification = bool(preprocessing.get('classes'))
    layers.append({
        'kind': 'dense', 'inputSize': head.in_features, 'units': head.out_features,
        'activation': 'softmax' if classification else 'linear',
        'kernel': tensor_json(head.weight.T), 'bias': tensor_json(head.bias),
    })
    config = json.loads(json.dumps(config))
    old = config.setdefault('model', {}).get('layers', [])
    config['model']['layers'] = [
        {'units': u, 'norm': n, 'dropout': old[i].get('dropout', 0) if i < len(old) else 0}
        for i, (u, n) in enumerate(zip(sizes, norms))
    ]
    config['model']['task'] = 'classification' if classification else 'regression'
    file = {
        'format': 'webgpu-lstm.model',
        'version': 1,
        'config': config,
        'preprocessing': preprocessing,
        'layers': layers,
        'history': history or {'loss': [], 'valLoss': [], 'lr': [], 'epochMs': []},
        'createdAt': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z',
    }
    with open(path, 'w', encoding='utf-8') as fh:
        json.dump(file, fh)
        fh.write('\n')


class Net(torch.nn.Module):
    def __init__(self, features, units, outputs):
        super().__init__()
        sizes = [features] + units
        self.lstms = torch.nn.ModuleList(torch.nn.LSTM(sizes[i], units[i]) for i in range(len(units)))
        self.head = torch.nn.Linear(units[-1], outputs)

    def forward(self, x):  # (T, B, F)
        for m in self.lstms:
            x, _ = m(x)
        return self.head(x[-1])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('data')
    ap.add_argument('--target', required=True)
    ap.add_argument('--features')
    ap.add_argument('--time')
    ap.add_argument('--window', type=int, default=16)
    ap.add_argument('--horizon', type=int, default=1)
    ap.add_argument('--layers', default='16')
    ap.add_argument('--epochs', type=int, default=20)
    ap.add_argument('--lr', type=float, default=0.01)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', required=True)
    ap.add_argument('--predictions', help='also write this model\'s (scaled) predictions per window, for checks')
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)

    with open(args.data, encoding='utf-8-sig', newline='') as fh:
        rows = list(csv.DictReader(fh))
    names = list(rows[0].keys())
    time_col = args.time
    if time_col is None and names[0].lower() in ('date', 'time', 'timestamp', 'datetime', 'ds'):
        time_col = names[0]
    features = args.features.split(',') if args.features else [n for n in names if n != time_col]
    target = args.target
    T, h = args.window, args.horizon
    data = {n: np.array([float(r[n]) for r in rows]) for n in set(features + [target])}
    ends = list(range(T - 1, len(rows) - h))
    n_train = len(ends) - int(len(ends) * 0.2)
    fit_rows = ends[n_train - 1] + h + 1
    scaler_cols = features + ([target] if target not in features else [])
    mean = [float(data[c][:fit_rows].mean()) for c in scaler_cols]
    std = [float(data[c][:fit_rows].std()) or 1.0 for c in scaler_cols]
    scaled = {c: (data[c] - mean[i]) / std[i] for i, c in enumerate(scaler_cols)}
    x = torch.tensor(np.stack([scaled[f] for f in features], axis=1), dtype=torch.float32)
    y = torch.tensor(scaled[target], dtype=torch.float32)
    X = torch.stack([x[r - T + 1:r + 1] for r in ends], dim=1)  # (T, windows, F)
    Y = torch.stack([y[r + 1:r + 1 + h] for r in ends])  # (windows, h)

    units = [int(u) for u in args.layers.split(',')]
    net = Net(len(features), units, h)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    history = {'loss': [], 'valLoss': [], 'lr': [], 'epochMs': []}
    for _ in range(args.epochs):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X[:, :n_train]), Y[:n_train])
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(net(X[:, n_train:]), Y[n_train:]).item() if n_train < len(ends) else None
        history['loss'].append(loss.item())
        history['valLoss'].append(val)
        history['lr'].append(args.lr)
        history['epochMs'].append(0)

    preprocessing = {
        'features': features, 'targets': [target], 'window': T, 'horizon': h,
        'scaler': {'kind': 'standard', 'columns': scaler_cols, 'mean': mean, 'std': std},
    }
    config = {
        'data': {'features': features, 'targets': [target], 'time': time_col, 'window': T, 'horizon': h},
        'model': {'loss': 'mse'},
        'training': {'optimizer': {'kind': 'adam', 'lr': args.lr}, 'epochs': args.epochs, 'seed': args.seed},
    }
    export_model(list(net.lstms), net.head, preprocessing, config, args.out, history)
    if args.predictions:
        all_ends = list(range(T - 1, len(rows)))
        with torch.no_grad():
            out = net(torch.stack([x[r - T + 1:r + 1] for r in all_ends], dim=1)).numpy()
        with open(args.predictions, 'w', newline='') as fh:
            w = csv.writer(fh, lineterminator='\n')
            w.writerow(['window_end'] + [f'{target}@+{k}' for k in range(1, h + 1)])
            for i, r in enumerate(all_ends):
                w.writerow([r] + [float(out[i, k]) * std[scaler_cols.index(target)] + mean[scaler_cols.index(target)] for k in range(h)])
    print(f'wrote {args.out}', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1:])
