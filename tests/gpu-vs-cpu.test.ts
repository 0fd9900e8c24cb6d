// GpuBackend against the CpuBackend reference on randomized configurations: outputs, loss, every gradient,
// and parameters + optimizer state after 3 steps of each optimizer.
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
import { afterAll, describe, expect, it } from 'vitest';
import type { GradientResult, RuntimeOptions } from '../src/model/backend.ts';
import { CpuBackend } from '../src/model/cpu-backend.ts';
import type { GpuBackend } from '../src/model/gpu-backend.ts';
import { initParams } from '../src/model/init.ts';
import type { OptimizerKind } from '../src/model/optimizer.ts';
import { Rng } from '../src/model/random.ts';
import type { LossKind, ModelSpec } from '../src/model/spec.ts';
import { closeReport, expectClose, maxAbs } from './helpers/expect-close.ts';
import { makeOptions, makeSeries, makeSpec, windowEnds } from './helpers/fixtures.ts';
import { expectNoGpuErrors, testGpuBackend } from './helpers/gpu.ts';

// Both kernel variants on the one test device: workgroup-memory tiles (what GPUs get) and direct loads
// (what CPU emulators get); disposing one backend destroys the shared device.
const gpu: Partial<Record<'tiled' | 'direct', GpuBackend>> = {};

afterAll(() => gpu.tiled?.dispose());

const seeds = new WeakMap<ModelSpec, number>();
const seedOf = (spec: ModelSpec) => seeds.get(spec) ?? 0;

function randomConfig(seed: number): { spec: ModelSpec; batch: number } {
  const r = new Rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r.next() * (hi - lo + 1));
  const layers = int(1, 3);
  const losses: LossKind[] = ['mse', 'mae', 'huber', 'crossentropy'];
  const loss = losses[int(0, 3)];
  const units = Array.from({ length: layers }, () => (r.next() < 0.3 ? int(60, 130) : int(1, 40)));
  const spec = makeSpec({
    units,
    dropout: units.map(() => (r.next() < 0.3 ? 0.25 : 0)),
    norm: units.map((_, i) => (i === layers - 1 ? null : ([null, 'batch', 'layer'] as const)[int(0, 2)])),
    inputSize: int(1, 9),
    window: int(1, 40),
    horizon: int(1, 3),
    targets: loss === 'crossentropy' ? 1 : int(1, 2),
    classes: int(2, 5),
    loss,
    huberDelta: 0.7,
  });
  seeds.set(spec, seed);
  return { spec, batch: int(1, 70) };
}

async function compareOnce(
  backend: GpuBackend,
  spec: ModelSpec,
  batch: number,
  kind: OptimizerKind,
  clip: number | null,
) {
  const opts: RuntimeOptions = makeOptions(kind, { batchSize: batch, clipNorm: clip });
  opts.optimizer.lr = 1e-2;
  // ε = 1e-3 makes each update a Lipschitz function of its gradient (|∂Δp/∂g| ≤ lr/ε = 10). With the
  // default 1e-8, Adam/RMSprop move a weight by ≈ ±lr whatever |g| is, so a gradient within float32 noise
  // of zero could differ by a whole step between backends. tests/optimizer-kernel.test.ts checks the
  // kernel itself with default ε on identical gradients.
  opts.optimizer.epsilon = 1e-3;
  if (kind === 'sgd') opts.optimizer.momentum = 0.9;
  const cpu = new CpuBackend().createRuntime(spec, opts);
  const g = backend.createRuntime(spec, opts);
  try {
    const rows = spec.window + spec.horizon + batch + 20;
    const series = makeSeries(spec, rows, batch);
    const p0 = initParams(spec, 11);
    for (const rt of [cpu, g]) {
      rt.setSeries(series);
      rt.setParams(p0);
    }
    const count = Math.max(1, batch - (batch > 3 ? 2 : 0)); // a short (padded) batch when possible
    const ends = windowEnds(spec, rows, count);
    // Training mode (dropout masks, batch statistics) on even seeds, inference mode on odd ones.
    const mode = seedOf(spec) % 2 === 0 ? 3 : null;
    const want = await cpu.gradients(ends, mode);
    let got: GradientResult | null = null;
    await expectNoGpuErrors(backend.ctx.device, async () => {
      got = await g.gradients(ends, mode);
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

describe('GpuBackend vs CpuBackend', () => {
  it('finds a WebGPU adapter', async () => {
    gpu.tiled = await testGpuBackend('tiled');
    gpu.direct = await testGpuBackend('direct');
    expect(gpu.tiled.deviceName.length).toBeGreaterThan(0);
    expect([gpu.tiled.tiled, gpu.direct.tiled]).toEqual([true, false]);
  });

  const optimizers: OptimizerKind[] = ['sgd', 'rmsprop', 'adam', 'adamw'];
  for (let seed = 1; seed <= 12; seed++) {
    const { spec, batch } = randomConfig(seed);
    const kind = optimizers[seed % 4];
    const desc = `seed ${seed}: ${spec.lstm.map((l) => l.units + (l.norm ? l.norm.kind[0] : '') + (l.dropout ? 'd' : '')).join('→')} F${spec.inputSize} T${spec.window} h${spec.horizon} B${batch} ${spec.loss} ${kind}`;
    for (const variant of ['tiled', 'direct'] as const) {
      it(`${variant} kernels, ${desc}`, async () => {
        await compareOnce(gpu[variant]!, spec, batch, kind, seed % 2 === 0 ? 0.5 : null);
      });
    }
  }
});
