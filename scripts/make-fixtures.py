#!/usr/bin/python3
"""PyTorch reference fixtures for the engine (issue 5): the same equations in nn.LSTM + nn.Linear.

Run with Debian's interpreter, which has python3-torch (apt): /usr/bin/python3 scripts/make-fixtures.py
Writes tests/fixtures/pytorch/<case>.json. The fixtures are committed; tests/pytorch-parity.test.ts holds
both backends to them. Everything is computed in float64 from float32-representable starting values.

Per case: the series, the window ends of one batch, the starting weights (in our layout: kernel [I,4H],
recurrentKernel [H,4H], bias [4H], dense kernel [H,O], bias [O]), the head outputs (softmax probabilities
for classification), the loss, every gradient, and the weights after 5 steps of SGD (momentum, Nesterov),
RMSprop and Adam on that batch. Optimizers are PyTorch's definitions (epsilon outside the sqrt in both
RMSprop and Adam, bias-corrected Adam), which src/model/optimizer.ts follows.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures', 'pytorch')


def f32(t):
    """Round to float32 values (kept as float64) so both sides start from identical weights."""
    return t.float().double()


def as_list(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def case(name, F_in, T, units, targets=1, horizon=1, classes=0, loss='mse', delta=1.0, batch=4, rows=30, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = f32(torch.randn(rows, F_in, generator=g))
    if classes:
        y = torch.randint(0, classes, (rows, 1), generator=g).double()
    else:
        y = f32(torch.randn(rows, targets, generator=g))
    ends = torch.randint(T - 1, rows - horizon, (batch,), generator=g).tolist()
    O = classes * horizon if classes else targets * horizon

    weights = {}
    sizes = [F_in] + units
    for l, H in enumerate(units):
        I = sizes[l]
        weights[f'lstm{l}.kernel'] = f32(0.4 * torch.randn(I, 4 * H, generator=g))
        weights[f'lstm{l}.recurrentKernel'] = f32(0.4 * torch.randn(H, 4 * H, generator=g))
        weights[f'lstm{l}.bias'] = f32(0.1 * torch.randn(4 * H, generator=g))
    weights['dense.kernel'] = f32(0.4 * torch.randn(units[-1], O, generator=g))
    weights['dense.bias'] = f32(0.1 * torch.randn(O, generator=g))

    # Windows, time-major: X (T, B, F); targets (B, O) or class indices (B, horizon).
    X = torch.stack([torch.stack([x[r - T + 1 + t] for r in ends]) for t in range(T)])
    if classes:
        Y = torch.tensor([[y[r + 1 + s, 0].item() for s in range(horizon)] for r in ends]).long()
    else:
        Y = torch.stack([torch.cat([y[r + 1 + s] for s in range(horizon)]) for r in ends])

    def build():
        lstms = []
        for l, H in enumerate(units):
            m = torch.nn.LSTM(sizes[l], H)
            with torch.no_grad():
                m.weight_ih_l0.copy_(weights[f'lstm{l}.kernel'].T)
                m.weight_hh_l0.copy_(weights[f'lstm{l}.recurrentKernel'].T)
                m.bias_ih_l0.copy_(weights[f'lstm{l}.bias'])
                m.bias_hh_l0.zero_()
            m.bias_hh_l0.requires_grad_(False)  # our single bias is bias_ih
            lstms.append(m)
        head = torch.nn.Linear(units[-1], O)
        with torch.no_grad():
            head.weight.copy_(weights['dense.kernel'].T)
            head.bias.copy_(weights['dense.bias'])
        return lstms, head

    def forward(lstms, head):
        h = X
        for m in lstms:
            h, _ = m(h)
        out = head(h[-1])
        if classes:
            logits = out.reshape(-1, classes)
            return F.softmax(logits, dim=1).reshape(out.shape), F.cross_entropy(logits, Y.reshape(-1))
        diff = out - Y
        if loss == 'mse':
            value = (diff ** 2).mean()
        elif loss == 'mae':
            value = diff.abs().mean()
        else:
            value = F.huber_loss(out, Y, delta=delta)
        return out, value

    def named(lstms, head):
        d = {}
        for l, m in enumerate(lstms):
            d[f'lstm{l}.kernel'] = m.weight_ih_l0.T
            d[f'lstm{l}.recurrentKernel'] = m.weight_hh_l0.T
            d[f'lstm{l}.bias'] = m.bias_ih_l0
        d['dense.kernel'] = head.weight.T
        d['dense.bias'] = head.bias
        return d

    def grads(lstms, head):
        d = {}
        for l, m in enumerate(lstms):
            d[f'lstm{l}.kernel'] = m.weight_ih_l0.grad.T
            d[f'lstm{l}.recurrentKernel'] = m.weight_hh_l0.grad.T
            d[f'lstm{l}.bias'] = m.bias_ih_l0.grad
        d['dense.kernel'] = head.weight.grad.T
        d['dense.bias'] = head.bias.grad
        return d

    lstms, head = build()
    out, value = forward(lstms, head)
    value.backward()
    result = {
        'name': name,
        'spec': {
            'inputSize': F_in, 'window': T, 'horizon': horizon, 'targets': 1 if classes else targets,
            'classes': classes, 'task': 'classification' if classes else 'regression',
            'loss': 'crossentropy' if classes else loss, 'huberDelta': delta, 'units': units,
        },
        'series': {'rows': rows, 'x': as_list(x), 'y': as_list(y)},
        'ends': ends,
        'weights': {k: as_list(v) for k, v in weights.items()},
        'outputs': as_list(out),
        'loss': float(value),
        'grads': {k: as_list(v) for k, v in grads(lstms, head).items()},
        'optimizers': {},
    }

    optimizers = {
        'sgd': ({'kind': 'sgd', 'lr': 0.05, 'momentum': 0.9, 'nesterov': True},
                lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
        'rmsprop': ({'kind': 'rmsprop', 'lr': 0.01, 'rho': 0.9, 'epsilon': 1e-3},
                    lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-3)),
        'adam': ({'kind': 'adam', 'lr': 0.01, 'beta1': 0.9, 'beta2': 0.999, 'epsilon': 1e-3},
                 lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-3)),
    }
    for key, (cfg, make) in optimizers.items():
        lstms, head = build()
        params = [q for m in lstms for q in (m.weight_ih_l0, m.weight_hh_l0, m.bias_ih_l0)] + list(head.parameters())
        opt = make(params)
        for _ in range(5):
            opt.zero_grad()
            _, value = forward(lstms, head)
            value.backward()
            opt.step()
        result['optimizers'][key] = {'config': cfg, 'weights': {k: as_list(v) for k, v in named(lstms, head).items()}}

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f'{name}.json'), 'w') as fh:
        json.dump(result, fh, separators=(',', ':'))
        fh.write('\n')
    print(f'{name}: loss {float(result["loss"]):.6f}')


if __name__ == '__main__':
    case('one-layer-mse', F_in=3, T=7, units=[5], batch=4, seed=1)
    case('two-layers-huber-horizon3', F_in=2, T=6, units=[6, 3], targets=2, horizon=3, loss='huber', delta=0.5, batch=5, seed=2)
    case('one-layer-mae', F_in=1, T=9, units=[7], loss='mae', batch=3, seed=3)
    case('three-layers-classes-horizon2', F_in=4, T=5, units=[7, 5, 3], classes=3, horizon=2, batch=6, rows=40, seed=4)
