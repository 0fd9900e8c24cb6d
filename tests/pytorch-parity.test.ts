// Both backends against PyTorch (nn.LSTM + nn.Linear in float64, scripts/make-fixtures.py, fixtures in
// tests/fixtures/pytorch): head outputs, loss, every gradient, and the weights after 5 steps of SGD
// (momentum + Nesterov), RMSprop and Adam. PyTorch is the reference implementation of the same equations
// and of the optimizer definitions we follow (epsilon outside the sqrt; see src/model/optimizer.ts).
//
// Tolerances: our float32 against a float64 reference from the same float32 starting values.
// - outputs, loss: atol 1e-5 + rtol 1e-4 (O(1) values; f32 rounding over ≤ 9 steps of ≤ 28-term sums).
// - gradients: atol 1e-4·max|g| per tensor + rtol 1e-3 (BPTT sums of many f32 products; small entries
//   carry absolute error of the order of the largest ones).
// - weights after 5 steps: atol 2e-5 + rtol 1e-4. ε is 1e-3 in RMSprop/Adam, so each update is a
//   Lipschitz function of its gradient (≤ lr/ε = 10× the gradient error, ~1e-6) and ε's placement
//   matters measurably: putting it inside the sqrt (Keras' RMSprop) moves weights by ~1e-3 and fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../src/model/backend.ts';
import { CpuBackend } from '../src/model/cpu-backend.ts';
import type { GpuBackend } from '../src/model/gpu-backend.ts';
import { buildLayout, view } from '../src/model/layout.ts';
import { OPTIMIZER_DEFAULTS, type OptimizerConfig, type OptimizerKind } from '../src/model/optimizer.ts';
import type { LossKind, ModelSpec, Task } from '../src/model/spec.ts';
import { expectClose, maxAbs } from './helpers/expect-close.ts';
import { testGpuBackend } from './helpers/gpu.ts';

interface Fixture {
  name: string;
  spec: {
    inputSize: number;
    window: number;
    horizon: number;
    targets: number;
    classes: number;
    task: Task;
    loss: LossKind;
    huberDelta: number;
    units: number[];
  };
  series: { rows: number; x: number[]; y: number[] };
  ends: number[];
  weights: Record<string, number[]>;
  outputs: number[];
  loss: number;
  grads: Record<string, number[]>;
  optimizers: Record<
    string,
    { config: Partial<OptimizerConfig> & { kind: OptimizerKind }; weights: Record<string, number[]> }
  >;
}

const dir = join(import.meta.dirname, 'fixtures', 'pytorch');
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));

const gpu: Partial<Record<'tiled' | 'direct', GpuBackend>> = {};
afterAll(() => gpu.tiled?.dispose());

async function backends(): Promise<[string, Backend][]> {
  gpu.tiled ??= await testGpuBackend('tiled');
  gpu.direct ??= await testGpuBackend('direct');
  return [
    ['cpu', new CpuBackend()],
    ['webgpu tiled', gpu.tiled],
    ['webgpu direct', gpu.direct],
  ];
}

function specOf(f: Fixture): ModelSpec {
  const { units, ...rest } = f.spec;
  return { ...rest, lstm: units.map((u) => ({ units: u, dropout: 0, norm: null })) };
}

function flatParams(spec: ModelSpec, weights: Record<string, number[]>): Float32Array {
  const layout = buildLayout(spec);
  const flat = new Float32Array(layout.total);
  for (const e of layout.entries) view(flat, e).set(weights[e.name]);
  return flat;
}

describe('parity with PyTorch', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
  });

  for (const f of fixtures) {
    describe(f.name, () => {
      const spec = specOf(f);
      const series = {
        rows: f.series.rows,
        x: Float32Array.from(f.series.x),
        y: Float32Array.from(f.series.y),
      };
      const ends = Int32Array.from(f.ends);
      const B = ends.length;

      it('outputs, loss and gradients', async () => {
        for (const [name, backend] of await backends()) {
          const rt = backend.createRuntime(spec, {
            batchSize: B,
            optimizer: OPTIMIZER_DEFAULTS.adam,
            clipNorm: null,
            seed: 1,
          });
          try {
            rt.setSeries(series);
            rt.setParams(flatParams(spec, f.weights));
            const r = await rt.gradients(ends);
            expectClose([r.loss], [f.loss], { atol: 1e-5, rtol: 1e-4 }, `${name} loss`);
            expectClose(r.outputs, f.outputs, { atol: 1e-5, rtol: 1e-4 }, `${name} outputs`);
            for (const e of rt.layout.entries) {
              const want = f.grads[e.name];
              expectClose(
                view(r.grads, e),
                want,
                { atol: 1e-4 * maxAbs(want), rtol: 1e-3 },
                `${name} grad ${e.name}`,
              );
            }
          } finally {
            rt.dispose();
          }
        }
      });

      for (const [key, opt] of Object.entries(f.optimizers)) {
        it(`weights after 5 ${key} steps`, async () => {
          const cfg: OptimizerConfig = { ...OPTIMIZER_DEFAULTS[opt.config.kind], ...opt.config };
          for (const [name, backend] of await backends()) {
            const rt = backend.createRuntime(spec, { batchSize: B, optimizer: cfg, clipNorm: null, seed: 1 });
            try {
              rt.setSeries(series);
              rt.setParams(flatParams(spec, f.weights));
              const order = new Int32Array(5 * B);
              for (let s = 0; s < 5; s++) order.set(ends, s * B);
              rt.setTrainOrder(order);
              for (let s = 0; s < 5; s++)
                rt.trainStep({ start: s * B, count: B, step: s + 1, lr: cfg.lr, batch: s });
              const p = await rt.readParams();
              for (const e of rt.layout.entries) {
                expectClose(
                  view(p, e),
                  opt.weights[e.name],
                  { atol: 2e-5, rtol: 1e-4 },
                  `${name} ${key} ${e.name}`,
                );
              }
            } finally {
              rt.dispose();
            }
          }
        });
      }
    });
  }
});
