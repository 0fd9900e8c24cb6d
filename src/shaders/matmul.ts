// Wrapper for matmul.wgsl: C[M,N] (=|+=) op(A)·op(B) (+ bias). CPU twin: src/model/cpu/matmul.ts.
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import code from './matmul.wgsl?raw';
import sgCode from './matmul_sg.wgsl?raw';
import { hasSubgroups8 } from './subgroup.ts';

export const MATMUL_TILE = 64;
/** Output block of one workgroup in matmul_sg.wgsl (rows × columns). */
const SG_ROWS = 16;
const SG_COLS = 32;
/** Rows of mainTA4's block (same columns). */
const SG_TA4_ROWS = 32;

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

/**
 * matmul_sg.wgsl's vec4 entry points need their vec4 rows (B and C for main4) to start on a vec4; main takes
 * anything. mainTA4 (32-row blocks) only from M = 32 on: below, half its rows would be duplicates.
 */
function sgEntryPoint(s: MatmulSpec): 'main' | 'main4' | 'mainT4' | 'mainTA4' {
  const aligned = (n: number) => n % 4 === 0;
  const aOff = s.a.offset ?? 0;
  const bOff = s.b.offset ?? 0;
  if (
    s.transA &&
    !s.transB &&
    s.M >= 32 &&
    aligned(s.M) &&
    aligned(s.N) &&
    aligned(aOff) &&
    aligned(bOff) &&
    aligned(s.c.offset ?? 0)
  )
    return 'mainTA4';
  if (!s.transB && aligned(s.N) && aligned(bOff) && aligned(s.c.offset ?? 0)) return 'main4';
  if (s.transB && !s.transA && aligned(s.K) && aligned(aOff) && aligned(bOff)) return 'mainT4';
  return 'main';
}

export function matmulDispatch(arena: BufferArena, s: MatmulSpec): Dispatch {
  const device = arena.device;
  const flags = {
    TRANS_A: !!s.transA,
    TRANS_B: !!s.transB,
    HAS_BIAS: !!s.bias,
    ACCUMULATE: !!s.accumulate,
  };
  // Direct loads on an 8-lane-subgroup emulator: the subgroup-broadcast variant (subgroup.ts).
  const sg = !s.tiled && hasSubgroups8(device);
  const kernel = sg
    ? getKernel(device, {
        name: 'matmul_sg',
        code: sgCode,
        bindings: ['uniform', 'read', 'read', 'read', 'storage'],
        constants: flags,
        entryPoint: sgEntryPoint(s),
      })
    : getKernel(device, {
        name: 'matmul',
        code,
        bindings: ['uniform', 'read', 'read', 'read', 'storage'],
        constants: { ...flags, TILED: s.tiled },
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
  const rows = sgEntryPoint(s) === 'mainTA4' ? SG_TA4_ROWS : SG_ROWS;
  return sg
    ? { kernel, group, x: Math.ceil(s.N / SG_COLS), y: Math.ceil(s.M / rows) }
    : { kernel, group, x: Math.ceil(s.N / MATMUL_TILE), y: Math.ceil(s.M / MATMUL_TILE) };
}
