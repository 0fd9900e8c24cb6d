#!/usr/bin/python3
"""Load a webgpu-lstm model file into PyTorch and predict, writing the same CSV as `webgpu-lstm predict`.

    /usr/bin/python3 examples/pytorch_load.py MODEL.json DATA.csv [--out predictions.csv]

The model becomes nn.LSTM layers (weight_ih = kernelᵀ, weight_hh = recurrentKernelᵀ, bias_ih = bias,
bias_hh = 0; gate order i, f, g, o in both), LayerNorm / batch-norm (inference statistics) between them,
and an nn.Linear head: docs/model-format.md. The CSV is read the simple way: a header row, comma (or ; tab
|) separated, rows already in time order, numbers with a decimal point, no gaps in the feature columns.
For anything messier, `webgpu-lstm predict` has the full loader; this script shows the weights carry over.

A model trained with differences (preprocessing.differences = 'target' or 'all', docs/model-format.md)
predicts each step's change: the script adds the changes to the target's value on the window's last row;
with 'all' it also feeds the inputs as first differences, so the first window ends one row later.
"""
import argparse
import csv
import json
import sys

import numpy as np
import torch


def tensor(t):
    return torch.tensor(t['data'], dtype=torch.float32).reshape(t['shape'])


class Model(torch.nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.steps = torch.nn.ModuleList()
        for layer in layers[:-1]:
            kind = layer['kind']
            if kind == 'lstm':
                m = torch.nn.LSTM(layer['inputSize'], layer['units'])
                with torch.no_grad():
                    m.weight_ih_l0.copy_(tensor(layer['kernel']).T)
                    m.weight_hh_l0.copy_(tensor(layer['recurrentKernel']).T)
                    m.bias_ih_l0.copy_(tensor(layer['bias']))
                    m.bias_hh_l0.zero_()
            elif kind == 'layerNorm':
                m = torch.nn.LayerNorm(layer['size'], eps=layer['epsilon'])
                with torch.no_grad():
                    m.weight.copy_(tensor(layer['gamma']))
                    m.bias.copy_(tensor(layer['beta']))
            elif kind == 'batchNorm':
                # Inference: the moving statistics, over the feature axis of (T, B, H).
                # Keras' (our) momentum weighs the old statistics, PyTorch's the new batch.
                m = torch.nn.BatchNorm1d(layer['size'], eps=layer['epsilon'], momentum=1 - layer['momentum'])
                with torch.no_grad():
                    m.weight.copy_(tensor(layer['gamma']))
                    m.bias.copy_(tensor(layer['beta']))
                    m.running_mean.copy_(tensor(layer['movingMean']))
                    m.running_var.copy_(tensor(layer['movingVariance']))
            else:
                raise ValueError(f'unknown layer kind {kind!r}')
            self.steps.append(m)
        dense = layers[-1]
        self.head = torch.nn.Linear(dense['inputSize'], dense['units'])
        with torch.no_grad():
            self.head.weight.copy_(tensor(dense['kernel']).T)
            self.head.bias.copy_(tensor(dense['bias']))

    def forward(self, x):  # x: (T, B, F)
        h = x
        for m in self.steps:
            if isinstance(m, torch.nn.LSTM):
                h, _ = m(h)
            elif isinstance(m, torch.nn.BatchNorm1d):
                T, B, H = h.shape
                h = m(h.reshape(T * B, H)).reshape(T, B, H)
            else:
                h = m(h)
        return self.head(h[-1])


def number(s):
    return float(s) if s.strip() not in ('', 'NA', 'N/A', 'NaN', 'null', 'None', '-', '?') else float('nan')


def fmt(v):
    """The shortest decimal that reads back as the same float32, as webgpu-lstm writes numbers."""
    s = np.format_float_positional(np.float32(v), unique=True, trim='-')
    return s


def load_model_file(path):
    with open(path, encoding='utf-8') as fh:
        model_file = json.load(fh)
    if model_file.get('format') != 'webgpu-lstm.model' or model_file.get('version') != 1:
        sys.exit(f'error: {path} is not a webgpu-lstm model file of version 1')
    return model_file


def read_rows(path):
    """The CSV as a list of dicts (header row; , ; tab or | separated)."""
    with open(path, encoding='utf-8-sig', newline='') as fh:
        sample = fh.read(65536)
        fh.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=',;\t|')
        return list(csv.DictReader(fh, dialect=dialect))


class Scaler:
    """The model file's scaler: (v - shift) / scale per column, as webgpu-lstm applies it."""

    def __init__(self, sc):
        self.sc = sc

    def _shift_scale(self, name):
        sc = self.sc
        if sc['kind'] == 'none' or name not in sc['columns']:
            return 0.0, 1.0
        i = sc['columns'].index(name)
        if sc['kind'] == 'standard':
            return sc['mean'][i], sc['std'][i]
        return sc['min'][i], sc['max'][i] - sc['min'][i]

    def scale(self, name, values):
        shift, scale = self._shift_scale(name)
        return (values - shift) / scale

    def unscale(self, name, v):
        shift, scale = self._shift_scale(name)
        return v * scale + shift


DELTA = '\u0394'  # Δ: the scaler names a differenced column's statistics Δ<column>


def differenced(values):
    """v[r] - v[r-1] (NaN on the first row), of the float32 values, rounded once to float32 as webgpu-lstm does."""
    v = values.astype(np.float32).astype(np.float64)
    d = np.full_like(v, np.nan)
    d[1:] = v[1:] - v[:-1]
    return d.astype(np.float32).astype(np.float64)


def feature_matrix(pre, rows):
    """(rows, F) float32 tensor of the model's scaled inputs (one-hot levels for `column=level` names)."""
    scaler = Scaler(pre['scaler'])
    diff_inputs = pre.get('differences', 'none') == 'all'
    columns = []
    for f in pre['features']:
        if f in rows[0]:
            values = np.array([number(r[f]) for r in rows], dtype=np.float64)
        else:
            col, level = f.split('=', 1)
            values = np.array([1.0 if r[col] == level else 0.0 for r in rows], dtype=np.float64)
        if diff_inputs:
            columns.append(scaler.scale(DELTA + f, differenced(values)))
        else:
            columns.append(scaler.scale(f, values))
    return torch.tensor(np.stack(columns, axis=1), dtype=torch.float32)


def windows(x, ends, T):
    """(T, len(ends), F): the windows ending at the given rows, time-major as the model expects."""
    return torch.stack([x[r - T + 1:r + 1] for r in ends], dim=1)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('model')
    ap.add_argument('data')
    ap.add_argument('--out')
    args = ap.parse_args(argv)
    model_file = load_model_file(args.model)
    pre = model_file['preprocessing']
    config = model_file['config']
    rows = read_rows(args.data)
    n = len(rows)
    T, h = pre['window'], pre['horizon']
    differences = pre.get('differences', 'none')
    first = T - 1 if differences != 'all' else T  # with 'all' row 0 has no difference to feed
    if n <= first:
        sys.exit(f'error: {n} rows, too few for the window of {T}')
    scaler = Scaler(pre['scaler'])
    x = feature_matrix(pre, rows)

    ends = list(range(first, n))
    net = Model(model_file['layers']).eval()
    with torch.no_grad():
        out = net(windows(x, ends, T)).numpy()

    classes = pre.get('classes')
    time_col = config['data'].get('time')
    at = (lambda k: f'@+{k}') if h > 1 else (lambda k: '')
    header = ['window_end', 'target_row'] + ([time_col] if time_col else [])
    for k in range(1, h + 1):
        if classes:
            header += [f'class{at(k)}'] + [f'p_{c}{at(k)}' for c in classes] + [f"{pre['targets'][0]}_true{at(k)}"]
        else:
            for t in pre['targets']:
                header += [f'{t}{at(k)}', f'{t}_true{at(k)}']

    def truth(name, row):
        return rows[row][name].strip() if row < n and name in rows[row] else ''

    lines = [header]
    for w, r in enumerate(ends):
        line = [str(r), str(r + h)] + ([truth(time_col, r + h)] if time_col else [])
        if differences != 'none' and not classes:
            levels = [float(np.float32(number(rows[r][t]))) for t in pre['targets']]
        for k in range(1, h + 1):
            if classes:
                K = len(classes)
                logits = out[w, (k - 1) * K:k * K]
                p = np.exp(logits - logits.max())
                p /= p.sum()
                line += [classes[int(p.argmax())]] + [fmt(v) for v in p] + [truth(pre['targets'][0], r + k)]
            else:
                Ty = len(pre['targets'])
                for j, t in enumerate(pre['targets']):
                    v = float(out[w, (k - 1) * Ty + j])
                    if differences == 'none':
                        value = scaler.unscale(t, v)
                    else:  # the level on the window's last row plus the predicted changes so far
                        levels[j] += scaler.unscale(DELTA + t, v)
                        value = levels[j]
                    line += [fmt(value), truth(t, r + k)]
        lines.append(line)

    fh = open(args.out, 'w', newline='', encoding='utf-8') if args.out else sys.stdout
    csv.writer(fh, lineterminator='\n').writerows(lines)
    if args.out:
        fh.close()


if __name__ == '__main__':
    main(sys.argv[1:])
