// Wrapper for matmul.wgsl: C[M,N] (=|+=) op(A)·op(B) (+ bias). CPU twin: src/model/cpu/matmul.ts.
import type { BufferArena } from '../gpu/arena.ts';
import { bindGroup, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import code from './matmul.wgsl?raw';
import sgCode from './matmul_sg.wgsl?raw';
import sg4Code from './matmul_sg4.wgsl?raw';
import { splitReduction } from './reduce.ts';
import { splitsFor } from './split.ts';
import { subgroupFamily } from './subgroup.ts';

export const MATMUL_TILE = 64;
/** Output block of one workgroup in matmul_sg.wgsl and matmul_sg4.wgsl (rows × columns). */
const SG_ROWS = 16;
const SG_COLS = 32;
const SG4_COLS = 16;
/** matmul_sg4.wgsl's main4 (the products with B not transposed): a larger block, rows × columns. */
const SG4_MAIN4_ROWS = 16;
const SG4_MAIN4_COLS = 32;
/** Rows of matmul_sg.wgsl's mainTA4 block (same columns). */
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
 * matmul_sg.wgsl's and matmul_sg4.wgsl's vec4 entry points need their vec4 rows (B and C for main4) to start
 * on a vec4; main takes anything. mainTA4 (8 lanes only; 32-row blocks) from M = 32 on: below, half its rows
 * would be duplicates.
 */
function sgEntryPoint(lanes: 4 | 8, s: MatmulSpec): 'main' | 'main4' | 'mainT4' | 'mainTA4' {
  const aligned = (n: number) => n % 4 === 0;
  const aOff = s.a.offset ?? 0;
  const bOff = s.b.offset ?? 0;
  if (
    lanes === 8 &&
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

/** Workgroups of matmul_sg.wgsl / matmul_sg4.wgsl: one per block of C, each entry point's block. */
function sgGrid(lanes: 4 | 8, entryPoint: string, s: MatmulSpec): { x: number; y: number } {
  const [rows, cols] =
    lanes === 8
      ? [entryPoint === 'mainTA4' ? SG_TA4_ROWS : SG_ROWS, SG_COLS]
      : entryPoint === 'main4'
        ? [SG4_MAIN4_ROWS, SG4_MAIN4_COLS]
        : [SG_ROWS, SG4_COLS];
  return { x: Math.ceil(s.N / cols), y: Math.ceil(s.M / rows) };
}

/** The tiled kernel's K step: split parts start on multiples of it. */
const MATMUL_TK = 16;

/**
 * The matmul as one dispatch, or, for a long K over few output tiles on a GPU (weight gradients: K = T·B),
 * as a split-K pass into partial sums (an arena buffer of S·M·N floats) and their reduction (split.ts).
 */
export function matmulDispatches(arena: BufferArena, s: MatmulSpec): Dispatch[] {
  const tiles = Math.ceil(s.M / MATMUL_TILE) * Math.ceil(s.N / MATMUL_TILE);
  const S = s.bias
    ? 1
    : splitsFor(arena.device, {
        tiled: s.tiled,
        groups: tiles,
        length: s.K,
        outputs: s.M * s.N,
        step: MATMUL_TK,
      });
  if (S === 1) return [matmulDispatch(arena, s)];
  return splitReduction(
    arena,
    {
      label: s.label,
      splits: S,
      length: s.K,
      step: MATMUL_TK,
      outputs: s.M * s.N,
      c: s.c,
      accumulate: s.accumulate,
    },
    (part, kSplit, parts) => ({
      ...matmulDispatch(arena, { ...s, accumulate: false, c: { buffer: part } }, kSplit),
      z: parts,
    }),
  );
}

/** One dispatch of C (=|+=) op(A)·op(B); with `kSplit`, the first pass of a split K (matmulDispatches). */
export function matmulDispatch(arena: BufferArena, s: MatmulSpec, kSplit = 0): Dispatch {
  const device = arena.device;
  const flags = {
    TRANS_A: !!s.transA,
    TRANS_B: !!s.transB,
    HAS_BIAS: !!s.bias,
    ACCUMULATE: !!s.accumulate,
  };
  // Direct loads on a subgroup emulator: the subgroup-broadcast variant for its lanes (subgroup.ts).
  const lanes = s.tiled ? 0 : subgroupFamily(device);
  const sg = lanes !== 0;
  const entryPoint = lanes === 0 ? 'main' : sgEntryPoint(lanes, s);
  const kernel = sg
    ? getKernel(device, {
        name: lanes === 8 ? 'matmul_sg' : 'matmul_sg4',
        code: lanes === 8 ? sgCode : sg4Code,
        bindings: ['uniform', 'read', 'read', 'read', 'storage'],
        constants: flags,
        entryPoint,
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
    kSplit,
  ]);
  const uniform = arena.uniform(`${s.label}.dims`, dims);
  // Without a bias, bind A again in its slot: every binding must hold a buffer, and it is never read.
  const group = bindGroup(device, kernel, [uniform, s.a, s.b, s.bias ?? s.a, s.c], s.label);
  return sg
    ? { kernel, group, ...sgGrid(lanes, entryPoint, s) }
    : { kernel, group, x: Math.ceil(s.N / MATMUL_TILE), y: Math.ceil(s.M / MATMUL_TILE) };
}
