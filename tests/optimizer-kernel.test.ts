// The optimizer + clipping kernels against the CPU rules on identical gradients, with default
// hyper-parameters (ε = 1e-8), for 3 steps. Tolerance: atol 1e-7 + rtol 1e-5 — both sides compute the same
// formula in float32 (the CPU in float64 then rounds), so differences are a few ulps of the update.
import { describe, expect, it } from 'vitest';
import { BufferArena, readBuffer } from '../src/gpu/arena.ts';
import { encode } from '../src/gpu/kernel.ts';
import {
  clipScale,
  OPTIMIZER_DEFAULTS,
  type OptimizerKind,
  optimizerSlots,
  optimizerUpdate,
} from '../src/model/optimizer.ts';
import { Rng } from '../src/model/random.ts';
import { NORM_GROUPS, optimizerDispatches } from '../src/shaders/optimizer.ts';
import { packStep, STEP_BYTES } from '../src/shaders/step.ts';
import { expectClose, maxAbs } from './helpers/expect-close.ts';
import { expectNoGpuErrors, testDevice } from './helpers/gpu.ts';

const N = 5000; // not a multiple of the 256-thread workgroup

describe('optimizer kernel vs CPU rules', () => {
  const cases: [OptimizerKind, Partial<(typeof OPTIMIZER_DEFAULTS)['sgd']>, number | null][] = [
    ['sgd', {}, null],
    ['sgd', { momentum: 0.9, nesterov: true, weightDecay: 0.01 }, 0.5],
    ['rmsprop', {}, null],
    ['rmsprop', { weightDecay: 0.001 }, 0.5],
    ['adam', {}, null],
    ['adam', { weightDecay: 0.01 }, 1],
    ['adamw', {}, 0.5],
  ];
  for (const [kind, over, clip] of cases) {
    it(`${kind} ${JSON.stringify(over)} clip ${clip}`, async () => {
      const { device } = await testDevice();
      const cfg = { ...OPTIMIZER_DEFAULTS[kind], ...over };
      const rng = new Rng(3);
      const p = Float32Array.from({ length: N }, () => rng.normal());
      const cpuP = Float64Array.from(p);
      const slots = optimizerSlots(kind);
      const cpuS = Array.from({ length: slots }, () => new Float64Array(N));
      const arena = new BufferArena(device);
      try {
        await expectNoGpuErrors(device, async () => {
          const params = arena.storage('p', N);
          const grads = arena.storage('g', N);
          const partials = arena.storage('partials', NORM_GROUPS);
          const s = Array.from({ length: 2 }, (_, i) => arena.storage(`s${i}`, N));
          const step = arena.create('step', STEP_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
          device.queue.writeBuffer(params, 0, p);
          const ds = optimizerDispatches(arena, {
            total: N,
            cfg,
            clipNorm: clip,
            step,
            params,
            grads,
            partials,
            s0: s[0],
            s1: s[1],
          });
          for (let t = 1; t <= 3; t++) {
            const g = Float32Array.from({ length: N }, () => rng.normal() * 10 ** (rng.next() * 6 - 5));
            device.queue.writeBuffer(grads, 0, g);
            const lr = cfg.lr;
            device.queue.writeBuffer(
              step,
              0,
              packStep({
                start: 0,
                count: 0,
                step: t,
                slot: 0,
                lr,
                lrOverBc1: lr / (1 - cfg.beta1 ** t),
                invSqrtBc2: 1 / Math.sqrt(1 - cfg.beta2 ** t),
                training: 1,
              }),
            );
            const enc = device.createCommandEncoder();
            const pass = enc.beginComputePass();
            for (const d of ds) encode(pass, d);
            pass.end();
            device.queue.submit([enc.finish()]);
            let sq = 0;
            for (let i = 0; i < N; i++) sq += g[i] * g[i];
            optimizerUpdate(
              cfg,
              lr,
              t,
              cpuP,
              g,
              clipScale(Math.sqrt(sq), clip),
              cpuS[0] ?? new Float64Array(N),
              cpuS[1] ?? null,
            );
          }
          const got = await readBuffer(device, params);
          expectClose(got, cpuP, { atol: 1e-7, rtol: 1e-5 }, `${kind} params`);
          expect(maxAbs(got.map((v, i) => v - p[i]))).toBeGreaterThan(1e-4);
        });
      } finally {
        arena.dispose();
      }
    });
  }
});
