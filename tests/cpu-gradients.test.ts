// The CPU reference's analytic gradients against central finite differences, in float64.
// Tolerance: with h = 1e-5 in float64 the central difference has truncation error O(h²)·|f'''| ≈ 1e-10
// and rounding error ≈ 1e-16/h ≈ 1e-11, so analytic and numeric agree to ~1e-7 relative; we allow
// atol 1e-7 + rtol 1e-5, far below any real bug (a wrong gate term is off by O(1)).
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/model/cpu-backend.ts';
import { initParams } from '../src/model/init.ts';
import type { LossKind, ModelSpec } from '../src/model/spec.ts';
import { expectClose, maxAbs } from './helpers/expect-close.ts';
import { makeOptions, makeSeries, makeSpec, windowEnds } from './helpers/fixtures.ts';

const TOL = { atol: 1e-7, rtol: 1e-5 };

function checkFiniteDifferences(
  spec: ModelSpec,
  batch: number,
  count: number,
  dropoutStep: number | null = null,
) {
  const rt = new CpuBackend().createRuntime64(spec, makeOptions('adam', { batchSize: batch }));
  const rows = spec.window + spec.horizon + 12;
  rt.setSeries(makeSeries(spec, rows));
  const p = Float64Array.from(initParams(spec, 3));
  // Perturb biases away from exact init values so every term is exercised.
  for (let i = 0; i < p.length; i++) p[i] += 0.05 * Math.sin(i * 1.7);
  rt.setParams(p);
  const ends = windowEnds(spec, rows, count);
  const { grads } = rt.gradients64(ends, dropoutStep);
  const numeric = new Float64Array(p.length);
  const h = 1e-5;
  // Batch-norm moving statistics are not trained (they sit past layout.trainable): no gradient to check.
  const trainable = rt.layout.entries.filter((e) => e.offset < rt.layout.trainable);
  for (const e of trainable) {
    for (let k = 0; k < e.size; k++) {
      const i = e.offset + k;
      const orig = p[i];
      p[i] = orig + h;
      rt.setParams(p);
      const up = rt.lossOnly(ends, dropoutStep);
      p[i] = orig - h;
      rt.setParams(p);
      const down = rt.lossOnly(ends, dropoutStep);
      p[i] = orig;
      numeric[i] = (up - down) / (2 * h);
    }
  }
  rt.setParams(p);
  for (const e of trainable) {
    expectClose(
      grads.subarray(e.offset, e.offset + e.size),
      numeric.subarray(e.offset, e.offset + e.size),
      TOL,
      e.name,
    );
  }
  // The check must be able to fail: gradients are not all ~0.
  expect(maxAbs(grads)).toBeGreaterThan(1e-4);
}

describe('CpuBackend gradients vs finite differences (float64)', () => {
  for (const loss of ['mse', 'mae', 'huber'] as LossKind[]) {
    it(`one LSTM layer + dense head, ${loss}`, () => {
      checkFiniteDifferences(makeSpec({ units: [3], loss, huberDelta: 0.5 }), 3, 3);
    });
  }
  it('cross-entropy classification, horizon 2, padded batch', () => {
    checkFiniteDifferences(makeSpec({ units: [4], loss: 'crossentropy', classes: 3, horizon: 2 }), 4, 3);
  });
  it('three stacked layers, two targets, horizon 3', () => {
    checkFiniteDifferences(makeSpec({ units: [3, 2, 4], targets: 2, horizon: 3, inputSize: 2 }), 2, 2);
  });
  it('batch normalization between layers (training-mode statistics, padded batch)', () => {
    checkFiniteDifferences(makeSpec({ units: [4, 3, 2], norm: ['batch', 'batch', null] }), 4, 3, 2);
  });
  it('batch normalization in inference mode (moving statistics)', () => {
    checkFiniteDifferences(makeSpec({ units: [4, 3], norm: ['batch', null] }), 3, 3);
  });
  it('layer normalization between layers, with dropout', () => {
    checkFiniteDifferences(makeSpec({ units: [5, 3], norm: ['layer', null], dropout: [0.2, 0] }), 3, 2, 4);
  });
  it('dropout between layers (fixed mask per step)', () => {
    checkFiniteDifferences(makeSpec({ units: [4, 3], dropout: [0.3, 0.2] }), 3, 3, 5);
  });
});
