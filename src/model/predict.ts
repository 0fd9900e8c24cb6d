// Head outputs of a trained model for many windows: one inference runtime, windows fed in bounded chunks
// (so the runtime's per-call output buffer stays small). Used by `webgpu-lstm predict` and the app's worker.
import type { PreparedData } from '../data/prepare.ts';
import type { Backend } from './backend.ts';
import type { OptimizerConfig } from './optimizer.ts';
import type { ModelSpec } from './spec.ts';

/** Windows at a time per predict call. */
const CHUNK = 16_384;

export async function predictWindows(
  backend: Backend,
  spec: ModelSpec,
  params: Float32Array,
  series: PreparedData['series'],
  ends: Int32Array,
  optimizer: OptimizerConfig,
): Promise<Float32Array> {
  const rt = backend.createRuntime(spec, {
    batchSize: Math.max(1, Math.min(256, ends.length)),
    optimizer,
    clipNorm: null,
    seed: 0,
  });
  try {
    rt.setSeries(series);
    rt.setParams(params);
    const parts: Float32Array[] = [];
    for (let i = 0; i < ends.length; i += CHUNK) parts.push(await rt.predict(ends.subarray(i, i + CHUNK)));
    const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return all;
  } finally {
    rt.dispose();
  }
}
