// One GPU runtime against the CpuBackend reference: outputs, loss, every gradient, then parameters and
// optimizer state after 3 training steps. Shared by gpu-vs-cpu.test.ts (random configurations) and
// gpu-chunking.test.ts (the same comparisons with the sequence bound in time chunks).
//
// Tolerances (float32 on both sides; the GPU sums in tiles, the CPU row by row, so rounding differs):
// - loss and outputs: atol 2e-5 + rtol 1e-4. Values are O(1); f32 rounding is ~6e-8 per op, and a
//   T ≤ 40 recurrence over dot products of ≤ 4·130 terms accumulates at most ~1e-5.
// - gradients: atol 2e-4·max|g| + rtol 2e-3 per tensor. BPTT sums T·B products whose partial sums are
//   ordered differently; cancellation leaves small entries with absolute, not relative, error of the
//   order of the tensor's largest entry times ~1e-5·T, so the absolute part scales with max|g|.
//   A real bug (a wrong gate derivative) is off by 10-100% and fails by orders of magnitude.
// - parameters after 3 steps: atol 2e-5 + rtol 1e-4 (lr 1e-2, ε 1e-3: a gradient difference δ moves a
//   weight by at most 10·δ per step, and gradients agree to ~1e-7).
// - optimizer state: as gradients (it is built from them).
// - train losses of the 3 steps: atol 5e-5 + rtol 5e-4 (the later steps start from parameters that
//   already differ by the parameter tolerance).
import { expect } from 'vitest';
import type { GradientResult, RuntimeOptions } from '../../src/model/backend.ts';
import { CpuBackend } from '../../src/model/cpu-backend.ts';
import type { GpuRuntime } from '../../src/model/gpu/runtime.ts';
import type { GpuBackend } from '../../src/model/gpu-backend.ts';
import { initParams } from '../../src/model/init.ts';
import type { OptimizerKind } from '../../src/model/optimizer.ts';
import type { ModelSpec } from '../../src/model/spec.ts';
import { closeReport, expectClose, maxAbs } from './expect-close.ts';
import { makeOptions, makeSeries, windowEnds } from './fixtures.ts';
import { expectNoGpuErrors } from './gpu.ts';

export interface CompareCase {
  spec: ModelSpec;
  batch: number;
  optimizer: OptimizerKind;
  clipNorm: number | null;
  /** Training mode (dropout masks, batch statistics) with this dropout step, or null for inference. */
  dropoutStep: number | null;
  /** RuntimeOptions.maxBindingBytes for the GPU runtime (undefined: the device's limit). */
  maxBindingBytes?: number;
  /** Seed of the series. */
  seriesSeed: number;
  /** Called with the GPU runtime right after it is created (e.g. to check its chunk plan). */
  inspect?: (rt: GpuRuntime) => void;
}

export async function compareWithCpu(backend: GpuBackend, c: CompareCase): Promise<void> {
  const { spec, batch, optimizer: kind } = c;
  const opts: RuntimeOptions = makeOptions(kind, { batchSize: batch, clipNorm: c.clipNorm });
  opts.optimizer.lr = 1e-2;
  // ε = 1e-3 makes each update a Lipschitz function of its gradient (|∂Δp/∂g| ≤ lr/ε = 10). With the
  // default 1e-8, Adam/RMSprop move a weight by ≈ ±lr whatever |g| is, so a gradient within float32 noise
  // of zero could differ by a whole step between backends. tests/optimizer-kernel.test.ts checks the
  // kernel itself with default ε on identical gradients.
  opts.optimizer.epsilon = 1e-3;
  if (kind === 'sgd') opts.optimizer.momentum = 0.9;
  const cpu = new CpuBackend().createRuntime(spec, opts);
  const g = backend.createRuntime(spec, { ...opts, maxBindingBytes: c.maxBindingBytes });
  try {
    c.inspect?.(g);
    const rows = spec.window + spec.horizon + batch + 20;
    const series = makeSeries(spec, rows, c.seriesSeed);
    const p0 = initParams(spec, 11);
    for (const rt of [cpu, g]) {
      rt.setSeries(series);
      rt.setParams(p0);
    }
    const count = Math.max(1, batch - (batch > 3 ? 2 : 0)); // a short (padded) batch when possible
    const ends = windowEnds(spec, rows, count);
    const want = await cpu.gradients(ends, c.dropoutStep);
    let got: GradientResult | null = null;
    await expectNoGpuErrors(backend.ctx.device, async () => {
      got = await g.gradients(ends, c.dropoutStep);
    });
    if (!got) throw new Error('no GPU result');
    got = got as GradientResult;
    expectClose([got.loss], [want.loss], { atol: 2e-5, rtol: 1e-4 }, 'loss');
    expectClose(got.outputs, want.outputs, { atol: 2e-5, rtol: 1e-4 }, 'outputs');
    for (const e of cpu.layout.entries) {
      const w = want.grads.subarray(e.offset, e.offset + e.size);
      const scale = Math.max(1e-3, maxAbs(w));
      expectClose(
        got.grads.subarray(e.offset, e.offset + e.size),
        w,
        { atol: 2e-4 * scale, rtol: 2e-3 },
        `grad ${e.name}`,
      );
    }

    // Three optimizer steps on the same windows.
    const order = windowEnds(spec, rows, count * 3, 9);
    cpu.setTrainOrder(order);
    g.setTrainOrder(order);
    for (let s = 0; s < 3; s++) {
      const step = { start: s * count, count, step: s + 1, lr: opts.optimizer.lr, batch: s };
      await cpu.trainStep(step);
      g.trainStep(step);
    }
    const [cl, gl] = [await cpu.readTrainLosses(3), await g.readTrainLosses(3)];
    expectClose(gl, cl, { atol: 5e-5, rtol: 5e-4 }, 'train losses');
    const [cp, gp] = [await cpu.readParams(), await g.readParams()];
    const r = closeReport(gp, cp, { atol: 2e-5, rtol: 1e-4 });
    expect(r.ok, `params after 3 ${kind} steps: ${r.message}`).toBe(true);
    const [cs, gs] = [await cpu.readOptimizerState(), await g.readOptimizerState()];
    expect(gs.length).toBe(cs.length);
    cs.forEach((s, i) => {
      const sc = Math.max(1e-6, maxAbs(s));
      expectClose(gs[i], s, { atol: 2e-4 * sc, rtol: 2e-3 }, `${kind} state ${i}`);
    });
  } finally {
    g.dispose();
    cpu.dispose();
  }
}
