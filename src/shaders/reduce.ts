// A split reduction's two passes (split.ts), for the matmul and column-sum wrappers: their own kernel writes
// the partial results, reduce_partials.wgsl (wrapped here) adds them up. CPU twin: none of its own (the first
// pass's twin computes the whole sum).
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import { linearGrid, packUniform } from './grid.ts';
import code from './reduce_partials.wgsl?raw';
import { partialsBuffer, partLength } from './split.ts';

/**
 * Both passes of a sum of `length` terms into `outputs` results (c, from its offset) split into `splits`
 * parts (split.ts): `firstPass(part, partLength, parts)` writes each part's partial results into `part`
 * (parts · outputs floats, part p from p · outputs), then reduce_partials.wgsl adds them into c, or onto it
 * with `accumulate`. `step`: part lengths round up to multiples of it (the first pass's tile along the sum).
 */
export function splitReduction(
  arena: BufferArena,
  s: {
    label: string;
    splits: number;
    length: number;
    step?: number;
    outputs: number;
    c: Operand;
    accumulate?: boolean;
  },
  firstPass: (part: GPUBuffer, partLength: number, parts: number) => Dispatch,
): Dispatch[] {
  const len = partLength(s.length, s.splits, s.step);
  const parts = Math.ceil(s.length / len);
  const part = partialsBuffer(arena, s.label, parts * s.outputs);
  return [
    firstPass(part, len, parts),
    reducePartialsDispatch(arena, {
      L: s.outputs,
      S: parts,
      part,
      c: s.c,
      accumulate: s.accumulate,
      label: s.label,
    }),
  ];
}

/** c[i] (+)= Σ_s part[s·L + i] for i < L. */
function reducePartialsDispatch(
  arena: BufferArena,
  s: { L: number; S: number; part: GPUBuffer; c: Operand; accumulate?: boolean; label: string },
): Dispatch {
  const kernel = getKernel(arena.device, {
    name: 'reduce_partials',
    code,
    bindings: ['uniform', 'read', 'storage'],
    constants: { ACCUMULATE: !!s.accumulate },
  });
  const dims = arena.uniform(`${s.label}.reduce.dims`, packUniform([s.L, s.S, s.c.offset ?? 0, 0]));
  return {
    kernel,
    group: bindGroup(arena.device, kernel, [dims, { buffer: s.part }, s.c], `${s.label}.reduce`),
    ...linearGrid(s.L),
  };
}
