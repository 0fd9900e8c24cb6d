// GpuBackend against the CpuBackend reference on randomized configurations: outputs, loss, every gradient,
// and parameters + optimizer state after 3 steps of each optimizer. The comparison and its tolerances (with
// the reasons for them) are in helpers/compare-backends.ts.
import { afterAll, describe, expect, it } from 'vitest';
import type { GpuBackend } from '../src/model/gpu-backend.ts';
import type { OptimizerKind } from '../src/model/optimizer.ts';
import { Rng } from '../src/model/random.ts';
import type { LossKind, ModelSpec } from '../src/model/spec.ts';
import { compareWithCpu } from './helpers/compare-backends.ts';
import { makeSpec } from './helpers/fixtures.ts';
import {
  testDevice,
  testGpuBackend,
  testPlainDirectBackend,
  testSubgroups4Backend,
  withTunedBackend,
} from './helpers/gpu.ts';

// Every kernel family: workgroup-memory tiles (what GPUs get) and direct loads (what CPU emulators get) on
// the shared test device — where it has 8-lane subgroups (lavapipe) `direct` runs the *_sg.wgsl kernels —
// the plain direct kernels on a second device without subgroups, and the 4-lane *_sg4.wgsl kernels (what
// SwiftShader runs) on a third device told to use them. Disposing a backend destroys its device.
const VARIANTS = ['tiled', 'direct', 'plain', 'sg4'] as const;
const gpu: Partial<Record<(typeof VARIANTS)[number], GpuBackend>> = {};

afterAll(() => {
  gpu.tiled?.dispose();
  gpu.plain?.dispose();
  gpu.sg4?.dispose();
});

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
  return { spec, batch: int(1, 70) };
}

describe('GpuBackend vs CpuBackend', () => {
  it('finds a WebGPU adapter', async () => {
    gpu.tiled = await testGpuBackend('tiled');
    gpu.direct = await testGpuBackend('direct');
    gpu.plain = await testPlainDirectBackend();
    gpu.sg4 = await testSubgroups4Backend();
    expect(gpu.tiled.deviceName.length).toBeGreaterThan(0);
    expect([gpu.tiled.tiled, gpu.direct.tiled, gpu.plain.tiled, gpu.sg4.tiled]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(gpu.plain.ctx.device.features.has('subgroups')).toBe(false);
  });

  const optimizers: OptimizerKind[] = ['sgd', 'rmsprop', 'adam', 'adamw'];
  for (let seed = 1; seed <= 12; seed++) {
    const { spec, batch } = randomConfig(seed);
    const kind = optimizers[seed % 4];
    const desc = `seed ${seed}: ${spec.lstm.map((l) => l.units + (l.norm ? l.norm.kind[0] : '') + (l.dropout ? 'd' : '')).join('→')} F${spec.inputSize} T${spec.window} h${spec.horizon} B${batch} ${spec.loss} ${kind}`;
    for (const variant of VARIANTS) {
      it(`${variant} kernels, ${desc}`, async () => {
        await compareWithCpu(gpu[variant]!, {
          spec,
          batch,
          optimizer: kind,
          clipNorm: seed % 2 === 0 ? 0.5 : null,
          // Training mode (dropout masks, batch statistics) on even seeds, inference mode on odd ones.
          dropoutStep: seed % 2 === 0 ? 3 : null,
          seriesSeed: batch,
        });
      });
    }
  }

  // Shapes the random configurations rarely reach: H 128 and a 32-wide input take the lavapipe 32-row vec4
  // kernels (forward mainR4X, backward main4R, weight gradients mainTA4; layer 2's 36 rows are not a
  // multiple of 32); nor is batch 37.
  const wide = makeSpec({ units: [128, 36], inputSize: 32, window: 6, horizon: 2 });
  const wideRun = {
    spec: wide,
    batch: 37,
    optimizer: 'adam',
    clipNorm: null,
    dropoutStep: 3,
    seriesSeed: 37,
  } as const;
  for (const variant of VARIANTS) {
    it(`${variant} kernels, 128→36 F32 T6 h2 B37 mse adam (the wide-block vec4 kernels)`, async () => {
      await compareWithCpu(gpu[variant]!, wideRun);
    });
  }

  // `bench --cell-rows` (tile sweeps on a GPU) sets the tiled cell kernels' rows whatever the batch: 16 thread
  // rows (64-row tiles) on a batch of 37 leave most of the tile idle, 4 make 10 tiles; each on its own device.
  for (const rows of [4, 16] as const) {
    it(`tiled kernels with --cell-rows ${rows}, 128→36 F32 T6 h2 B37 mse adam`, async () => {
      await withTunedBackend('tiled', { cellRows: rows }, (backend) => compareWithCpu(backend, wideRun));
    });
  }

  // H 132 and 68 are multiples of 4 but not of 8: the last workgroup of lavapipe's forward (mainR4X with the
  // 16-wide input fused in, then mainR4) has 4 units past H, which it computes from clamped weights and must
  // not store.
  const ragged = makeSpec({ units: [132, 68], inputSize: 16, window: 5, horizon: 1 });
  for (const variant of VARIANTS) {
    it(`${variant} kernels, 132→68 F16 T5 h1 B37 mse adam (units past a multiple of 8)`, async () => {
      await compareWithCpu(gpu[variant]!, {
        spec: ragged,
        batch: 37,
        optimizer: 'adam',
        clipNorm: null,
        dropoutStep: null,
        seriesSeed: 41,
      });
    });
  }

  // lavapipe's forward mainR4 reads h[t-1] from textures of B rows × H/4 texels; a batch larger than the
  // largest texture dimension (8192 by default) puts 2 rows in each texel row (lstm_cell.ts, HiddenTextures).
  it('direct kernels, 64 F2 T3 h1 B8200 mse sgd (h in textures, 2 batch rows per texel row)', async () => {
    expect((await testDevice()).device.limits.maxTextureDimension2D).toBeLessThan(8200);
    await compareWithCpu(gpu.direct!, {
      spec: makeSpec({ units: [64], inputSize: 2, window: 3, horizon: 1 }),
      batch: 8200,
      optimizer: 'sgd',
      clipNorm: null,
      dropoutStep: null,
      seriesSeed: 8,
    });
  });

  // Where 4H rows do not fit a texture (H > 2048 at the default limit), lavapipe's 8-lane kernels read Uᵀ from
  // a buffer (forward main2, backward main): too wide to test at that size, so `bench --textures off` forces it.
  it('direct kernels with Uᵀ in a buffer (--textures off), 128→36 F32 T6 h2 B37 mse adam', async () => {
    await withTunedBackend('direct', { textures: false }, (backend) => compareWithCpu(backend, wideRun));
  });
});
