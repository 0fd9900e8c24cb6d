// Wrapper for matmul.wgsl: C[M,N] (=|+=) op(A)·op(B) (+ bias). CPU twin: src/model/cpu/matmul.ts.
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import code from './matmul.wgsl?raw';

export const MATMUL_TILE = 64;

/** A buffer bound whole or in part (`range`), and the element offset of the matrix in what is bound. */
export type MatmulOperand = Operand;

export interface MatmulSpec {
  M: number;
  N: number;
  K: number;
  a: MatmulOperand;
  b: MatmulOperand;
  c: MatmulOperand;
  bias?: MatmulOperand;
  transA?: boolean;
  transB?: boolean;
  accumulate?: boolean;
  /** Stage tiles through workgroup memory (GPUs) or read operands directly (CPU emulators). */
  tiled: boolean;
  label: string;
}

export function matmulDispatch(arena: BufferArena, s: MatmulSpec): Dispatch {
  const device = arena.device;
  const kernel = getKernel(device, {
    name: 'matmul',
    code,
    bindings: ['uniform', 'read', 'read', 'read', 'storage'],
    constants: {
      TRANS_A: !!s.transA,
      TRANS_B: !!s.transB,
      HAS_BIAS: !!s.bias,
      ACCUMULATE: !!s.accumulate,
      TILED: s.tiled,
    },
  });
  const dims = new Uint32Array([
    s.M,
    s.N,
    s.K,
    s.a.offset ?? 0,
    s.b.offset ?? 0,
    s.c.offset ?? 0,
    s.bias?.offset ?? 0,
    0,
  ]);
  const uniform = arena.uniform(`${s.label}.dims`, dims);
  // Without a bias, bind A again in its slot: every binding must hold a buffer, and it is never read.
  const group = bindGroup(device, kernel, [uniform, s.a, s.b, s.bias ?? s.a, s.c], s.label);
  return {
    kernel,
    group,
    x: Math.ceil(s.N / MATMUL_TILE),
    y: Math.ceil(s.M / MATMUL_TILE),
  };
}
