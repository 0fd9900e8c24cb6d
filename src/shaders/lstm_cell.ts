// Wrappers for the fused per-timestep LSTM kernels, forward and backward side by side.
// CPU twins: lstmForward / lstmBackward in src/model/cpu/lstm.ts.
import type { BufferArena } from '../gpu/arena.ts';
import { type BindingKind, bindGroupSized, type Dispatch, getKernel, type Operand } from '../gpu/kernel.ts';
import { packUniform } from './grid.ts';
import backwardCode from './lstm_cell_backward.wgsl?raw';
import backwardSgCode from './lstm_cell_backward_sg.wgsl?raw';
import backwardSg4Code from './lstm_cell_backward_sg4.wgsl?raw';
import forwardCode from './lstm_cell_forward.wgsl?raw';
import forwardSgCode from './lstm_cell_forward_sg.wgsl?raw';
import forwardSg4Code from './lstm_cell_forward_sg4.wgsl?raw';
import { subgroupFamily } from './subgroup.ts';
import { transposeDispatch } from './transpose.ts';
import { transposeTextureDispatch } from './transpose_texture.ts';
import { kernelTuning } from './tuning.ts';

/** Units per workgroup: forward (all 4 gates of 16 units) and backward (64 units). */
const FORWARD_UNITS = 16;
const BACKWARD_UNITS = 64;
/** Blocks of one workgroup in the *_sg.wgsl variants (subgroup.ts): batch rows, and units fwd/bwd. */
const SG_ROWS = 16;
const SG_FORWARD_UNITS = 16;
const SG_BACKWARD_UNITS = 32;
/** The same in the 4-lane *_sg4.wgsl variants (16 batch rows too, but 8 in the forward main4). */
const SG4_FORWARD_UNITS = 8;
const SG4_FORWARD4_UNITS = 16;
const SG4_FORWARD4_ROWS = 8;
const SG4_BACKWARD_UNITS = 16;
const SG4_BACKWARD4_UNITS = 16;
const SG4_BACKWARD4_ROWS = 16;
/** Blocks of lstm_cell_forward_sg.wgsl's mainR4 and lstm_cell_backward_sg.wgsl's main4R: batch rows (× units). */
const SG_R4_ROWS = 32;
const SG_R4_UNITS = 8;
const SG_4R_ROWS = 32;

/**
 * Thread rows per workgroup (the WG_Y override): the tile covers 4·WG_Y batch rows, so small batches get
 * small tiles instead of mostly-idle ones.
 */
export function cellRowsOverride(device: GPUDevice, B: number): number {
  return kernelTuning(device).cellRows ?? (B >= 48 ? 16 : B >= 24 ? 8 : 4);
}
/** Stride of the per-timestep uniform entries (the dynamic-offset alignment). */
export const TIMESTEP_STRIDE = 256;

/** T entries of {t}, one per 256 bytes, selected with a dynamic offset per dispatch. */
export function timestepUniform(arena: BufferArena, T: number): GPUBuffer {
  const data = new Uint32Array((T * TIMESTEP_STRIDE) / 4);
  for (let t = 0; t < T; t++) data[(t * TIMESTEP_STRIDE) / 4] = t;
  return arena.uniform('timesteps', data);
}

export interface CellSpec {
  label: string;
  T: number;
  B: number;
  H: number;
  /** Element offset of the recurrent kernel U (H, 4H) in the params buffer. */
  uOff: number;
  params: GPUBuffer;
  timesteps: GPUBuffer;
  /** Stage operands through workgroup memory (GPUs) or read them directly (CPU emulators). */
  tiled: boolean;
}

/**
 * Steps t0 … t0+n-1 of the sequence (all T when it is bound whole). The kernels index with the global t
 * and subtract where each window's binding starts, so (T, B, 4H) windows (gates) must start at step t0
 * and ((T+1)|T, B, H) windows (c, h, dhOut) at slot/step t0; c and h hold slots t0 … t0+n.
 */
export interface CellChunk {
  t0: number;
  n: number;
  gates: Operand;
  c: Operand;
}

/** Element index (in the whole buffer) where an operand's binding starts. */
function base(o: Operand): number {
  return (o.range?.offset ?? 0) / 4;
}

function sameBase(a: Operand, b: Operand, what: string): number {
  if (base(a) !== base(b)) throw new Error(`internal: ${what} windows start at different elements`);
  return base(a);
}

function grid(device: GPUDevice, B: number, H: number, units: number) {
  return { x: Math.ceil(H / units), y: Math.ceil(B / (4 * cellRowsOverride(device, B))) };
}

/**
 * Where the cell kernels read Uᵀ (4H, H) from, and mainR4X Wᵀ (4H, I): a storage buffer, or on 8 lanes (H % 4 = 0)
 * an rgba32float storage texture of 4H rows (Wᵀ's texels beside Uᵀ's, from column H/4). llvmpipe loads storage-
 * buffer elements lane by lane with bounds checks, while a textureLoad fetches the 8 lanes' vec4s in one call:
 * W3's forward step 0.87×, the backward main4R 0.83–0.92× the time (docs/performance.md, Round 4). Where the
 * forward runs mainR4 / mainR4X it reads h[t-1] from textures too (`hidden`).
 */
export type TransposedStore =
  | { buffer: GPUBuffer }
  | { texture: GPUTexture; view: GPUTextureView; hidden?: HiddenTextures };

/**
 * h[t-1] for mainR4 / mainR4X: two rgba32float textures of B rows × H/4 texels that the forward steps write
 * and read in turn (step t writes h[t] into views[t % 2] and reads h[t-1] from the other), besides the
 * sequence buffer h. Where B exceeds the largest texture dimension, R = ceil(B / max) rows share a texel row
 * (the kernel derives R from the width: R·H/4 texels). Not time-chunked: each step needs only the last one.
 */
export interface HiddenTextures {
  views: [GPUTextureView, GPUTextureView];
}

/**
 * Whether Uᵀ lives in a texture: the 8-lane kernels that read it as vec4s (forward mainR4 / mainR4X, backward
 * main4 / main4R), where its 4H rows fit the device's largest 2D texture (H ≤ 2048 at the default 8192),
 * unless `bench --textures off` (kernelTuning) asks for the buffer.
 */
function uTInTexture(device: GPUDevice, s: { tiled: boolean; H: number }): boolean {
  const max = device.limits.maxTextureDimension2D;
  return (
    !s.tiled &&
    kernelTuning(device).textures !== false &&
    subgroupFamily(device) === 8 &&
    s.H % 4 === 0 &&
    4 * s.H <= max &&
    (s.H + FUSED_MAX_INPUT) / 4 <= max
  );
}

/**
 * The store the cell kernels of one layer share (runtime.ts allocates one per layer, `label` its Uᵀ's), owned
 * by `arena`: Uᵀ (and Wᵀ), and h[t-1]'s ping-pong textures where the forward runs mainR4 / mainR4X.
 */
export function createTransposed(
  arena: BufferArena,
  s: { label: string; tiled: boolean; B: number; H: number; I: number },
): TransposedStore {
  if (!uTInTexture(arena.device, s)) return { buffer: arena.storage(s.label, 4 * s.H * s.H) };
  const wT = fusesInputProjection(arena.device, s) ? s.I / 4 : 0;
  const texture = arena.storageTexture(s.label, s.H / 4 + wT, 4 * s.H);
  const store = { texture, view: texture.createView({ label: s.label }) };
  if (forwardEntryPoint(8, s.H, 0, true) !== 'mainR4') return store;
  // uTInTexture bounds H/4 by max/16 and the config B by 65,536, so R·H/4 ≤ 8·max/16 fits.
  const max = arena.device.limits.maxTextureDimension2D;
  const R = Math.ceil(s.B / max);
  if (R * (s.H / 4) > max)
    throw new Error(`internal: h of batch ${s.B} × ${s.H} units does not fit a texture`);
  const view = (p: number) => {
    const label = `${s.label}.h${p}`;
    return arena.storageTexture(label, R * (s.H / 4), Math.ceil(s.B / R)).createView({ label });
  };
  return { ...store, hidden: { views: [view(0), view(1)] } };
}

/** Uᵀ of the recurrent kernel at uOff in params, into the store (the layout its readers expect). */
function transposeU(
  arena: BufferArena,
  s: { H: number; uOff: number; params: GPUBuffer; uT: TransposedStore; label: string },
): Dispatch {
  const m = { R: s.H, C: 4 * s.H, src: s.params, srcOff: s.uOff, label: `${s.label}.uT` };
  return 'view' in s.uT
    ? transposeTextureDispatch(arena, { ...m, dst: s.uT.view })
    : transposeDispatch(arena, { ...m, dst: s.uT.buffer });
}

/**
 * 8 lanes: mainR4 reads Uᵀ (transposed first, into uT) and h[t-1] (uT's hidden textures) as vec4s along k,
 * and gates, c and h as vec4s of units, so every row of h and Uᵀ must start on a vec4 (H % 4 = 0; chunk windows
 * start on multiples of 64 elements). It pays from H = 64 on (W3: 0.93× the lanes-over-units mainT4 it
 * replaced, which was 0.67× main2; W1's H 128 0.80×, H 64 0.86–0.89× main2's time); at H 32 main2 is 5%
 * faster. main2 reads vec2s of 2 units (H and uOff even). 4 lanes: main4 reads vec4s of units.
 */
function forwardEntryPoint(
  lanes: 4 | 8,
  H: number,
  uOff: number,
  texture: boolean,
): 'main' | 'main2' | 'main4' | 'mainR4' {
  if (lanes === 8) {
    if (texture && H >= 64) return 'mainR4';
    return H % 2 === 0 && uOff % 2 === 0 ? 'main2' : 'main';
  }
  return H % 4 === 0 && uOff % 4 === 0 ? 'main4' : 'main';
}

/**
 * Whether cellForwardDispatches writes Uᵀ (4H, H) into `uT` (its mainR4 / mainR4X read it): then the
 * backward steps of the same training step find it there (cellBackwardDispatches' `forwardMadeUT`). Both
 * transpose the same U into the same layout, and U changes only in the optimizer, after the backward.
 */
export function forwardTransposesU(
  device: GPUDevice,
  s: { tiled: boolean; H: number; uOff: number; uT: TransposedStore },
): boolean {
  if (s.tiled) return false;
  const lanes = subgroupFamily(device);
  return lanes !== 0 && forwardEntryPoint(lanes, s.H, s.uOff, 'view' in s.uT) === 'mainR4';
}

/** Widest input mainR4X takes the input projection of (W3's 16 features, W1's 8). */
const FUSED_MAX_INPUT = 32;
/** Fewest units mainR4X is used for: measured at H 128 and 256 (the projection's loop is I/4 more of H/4). */
const FUSED_MIN_UNITS = 128;

/**
 * Whether cellForwardDispatches sums Z = x·W + b itself (lstm_cell_forward_sg.wgsl's mainR4X), so that the
 * caller must not dispatch the input projection matmul: where mainR4 runs, H ≥ 128 and the input is narrow (I ≤ 32,
 * I % 4 = 0 for vec4 rows of x). With K that small the separate matmul is mostly its store of Z (and the
 * cell step's reload of it); with wide inputs one big matmul over all steps is the better shape. W3 on
 * lavapipe: the matmul was ~5% of the step's device time.
 */
export function fusesInputProjection(
  device: GPUDevice,
  s: { tiled: boolean; H: number; I: number },
): boolean {
  if (s.tiled || subgroupFamily(device) !== 8) return false;
  return (
    forwardEntryPoint(8, s.H, 0, uTInTexture(device, s)) === 'mainR4' &&
    s.H >= FUSED_MIN_UNITS &&
    s.I % 4 === 0 &&
    s.I <= FUSED_MAX_INPUT
  );
}

/** The input projection mainR4X fuses: W (I, 4H) and b (4H) in params, x (T, B, I) from `origin`. */
export interface FusedInput {
  I: number;
  /** Element offsets of W and b in the params buffer. */
  wOff: number;
  bOff: number;
  /** Element index of x[0] in the buffer the chunks' x windows are taken from (a multiple of 4). */
  origin: number;
}

/** Workgroups of the *_sg / *_sg4 forward step: each entry point's block of batch rows × units. */
function forwardSgGrid(lanes: 4 | 8, entryPoint: string, B: number, H: number) {
  if (entryPoint === 'mainR4' || entryPoint === 'mainR4X')
    return { x: Math.ceil(H / SG_R4_UNITS), y: Math.ceil(B / SG_R4_ROWS) };
  if (lanes === 8) return { x: Math.ceil(H / SG_FORWARD_UNITS), y: Math.ceil(B / SG_ROWS) };
  if (entryPoint === 'main4')
    return { x: Math.ceil(H / SG4_FORWARD4_UNITS), y: Math.ceil(B / SG4_FORWARD4_ROWS) };
  return { x: Math.ceil(H / SG4_FORWARD_UNITS), y: Math.ceil(B / SG_ROWS) };
}

/**
 * n dispatches per chunk, t = 0 … T-1, after Uᵀ into `uT` where the kernel reads it. gates holds
 * Z = X·W + b on entry, unless `input` is given (only where fusesInputProjection says so): then the kernel
 * computes Z from each chunk's x window and gates is written only, and uT holds Wᵀ (4H, I) after Uᵀ. uT is
 * (4H, H) scratch, shared with cellBackwardDispatches, which reads the Uᵀ left there where
 * forwardTransposesU says so and transposes again otherwise.
 */
export function cellForwardDispatches(
  arena: BufferArena,
  s: CellSpec & {
    chunks: (CellChunk & { h: Operand; x?: Operand })[];
    uT: TransposedStore;
    input?: FusedInput;
  },
): Dispatch[] {
  const fused = s.input !== undefined;
  if (fused && !fusesInputProjection(arena.device, { tiled: s.tiled, H: s.H, I: s.input?.I ?? 0 }))
    throw new Error('internal: the input projection cannot be fused on this device or shape');
  const lanes = s.tiled ? 0 : subgroupFamily(arena.device);
  const sg = lanes !== 0;
  const entryPoint = fused
    ? 'mainR4X'
    : lanes === 0
      ? 'main'
      : forwardEntryPoint(lanes, s.H, s.uOff, 'view' in s.uT);
  // mainR4 / mainR4X read Uᵀ (and Wᵀ) from the texture at binding 2 and h[t-1] from hidden's texture at
  // binding 6 (h[t] into the other at 7); the others read U from params and h[t-1] from h.
  const transposed = entryPoint === 'mainR4' || entryPoint === 'mainR4X';
  const hidden = 'view' in s.uT ? s.uT.hidden : undefined;
  if (transposed && !hidden) throw new Error('internal: mainR4 needs Uᵀ and h in textures');
  const bindings: BindingKind[] = [
    'uniform',
    'dynamic-uniform',
    transposed ? 'texture-read' : 'read',
    'storage',
    'storage',
    'storage',
  ];
  if (transposed) bindings.push('texture-read', 'texture-write');
  if (fused) bindings.push('read', 'read');
  const kernel = sg
    ? getKernel(arena.device, {
        name: lanes === 8 ? 'lstm_cell_forward_sg' : 'lstm_cell_forward_sg4',
        code: lanes === 8 ? forwardSgCode : forwardSg4Code,
        bindings,
        entryPoint,
      })
    : getKernel(arena.device, {
        name: 'lstm_cell_forward',
        code: forwardCode,
        bindings,
        constants: { WG_Y: cellRowsOverride(arena.device, s.B), TILED: s.tiled },
      });
  const g = sg ? forwardSgGrid(lanes, entryPoint, s.B, s.H) : grid(arena.device, s.B, s.H, FORWARD_UNITS);
  const steps = s.chunks.flatMap((c) => {
    const sBase = sameBase(c.c, c.h, 'c and h');
    const fields = [s.B, s.H, transposed ? 0 : s.uOff, base(c.gates), sBase, 0, 0, 0];
    const operands: Parameters<typeof bindGroupSized>[2] = [
      { buffer: s.timesteps, size: 16 },
      'view' in s.uT && transposed ? { textureView: s.uT.view } : { buffer: s.params },
      c.gates,
      c.c,
      c.h,
    ];
    if (s.input) {
      if (!c.x) throw new Error('internal: a fused forward chunk has no x window');
      // DimsX: I, xBase (from x[0], wrapping below it), wOff, bOff after the 5 fields of Dims.
      fields.splice(5, 3, s.input.I, (base(c.x) - s.input.origin) >>> 0, s.input.wOff, s.input.bOff, 0, 0, 0);
      operands.push({ buffer: s.params }, c.x);
    }
    const dims = arena.uniform(`${s.label}.fwd.dims`, packUniform(fields));
    // One bind group per parity of t where h[t-1] is in hidden's textures (step t writes views[t % 2]).
    const groups = (transposed ? [0, 1] : [0]).map((p) => {
      const h =
        hidden && transposed ? [{ textureView: hidden.views[1 - p] }, { textureView: hidden.views[p] }] : [];
      return bindGroupSized(
        arena.device,
        kernel,
        [{ buffer: dims }, ...operands.slice(0, 5), ...h, ...operands.slice(5)],
        `${s.label}.fwd`,
      );
    });
    return Array.from({ length: c.n }, (_, i) => ({
      kernel,
      group: groups[(c.t0 + i) % groups.length],
      ...g,
      dynamicOffsets: [(c.t0 + i) * TIMESTEP_STRIDE],
    }));
  });
  if (!transposed || !('view' in s.uT)) return steps;
  const transpose = transposeU(arena, { ...s, label: s.label });
  if (!s.input) return [transpose, ...steps];
  if (s.uT.texture.width < (s.H + s.input.I) / 4)
    throw new Error('internal: uT has no room for Wᵀ beside Uᵀ');
  // mainR4X reads Wᵀ (4H, I) as vec4s along the features, from texel column H/4 of Uᵀ's rows.
  const transposeW = transposeTextureDispatch(arena, {
    R: s.input.I,
    C: 4 * s.H,
    src: s.params,
    srcOff: s.input.wOff,
    dst: s.uT.view,
    xOff: s.H / 4,
    label: `${s.label}.wT`,
  });
  return [transpose, transposeW, ...steps];
}

/** Workgroups of the *_sg / *_sg4 backward step: each entry point's block of batch rows × units. */
function backwardSgGrid(lanes: 4 | 8, entryPoint: string, B: number, H: number) {
  if (lanes === 8)
    return {
      x: Math.ceil(H / SG_BACKWARD_UNITS),
      y: Math.ceil(B / (entryPoint === 'main4R' ? SG_4R_ROWS : SG_ROWS)),
    };
  if (H % 4 === 0) return { x: Math.ceil(H / SG4_BACKWARD4_UNITS), y: Math.ceil(B / SG4_BACKWARD4_ROWS) };
  return { x: Math.ceil(H / SG4_BACKWARD_UNITS), y: Math.ceil(B / SG_ROWS) };
}

/**
 * Uᵀ into `uT`, then n dispatches per chunk, last chunk first, t = T-1 … 0. `gz` holds the activated gates
 * (T, B, 4H) on entry and dZ on exit: each step overwrites its own gates with its dZ (lstm_cell_backward.wgsl).
 * A chunk's gz window covers its steps and the step after it (whose dZ feeds its last step).
 * uT is (4H, H) scratch; with `forwardMadeUT` (forwardTransposesU: the forward of the same step, run
 * before these dispatches, left Uᵀ there) the transpose is left out (1–1.5 ms of a W3 step on lavapipe).
 */
export function cellBackwardDispatches(
  arena: BufferArena,
  s: CellSpec & {
    chunks: (Omit<CellChunk, 'gates'> & { gz: Operand; dhOut: Operand })[];
    carry: GPUBuffer;
    uT: TransposedStore;
    forwardMadeUT?: boolean;
  },
): Dispatch[] {
  const lanes = s.tiled ? 0 : subgroupFamily(arena.device);
  const sg = lanes !== 0;
  // main4 reads vec4s of 4 units: every row must start on a vec4, so H a multiple of 4. main4R (8 lanes; 32
  // rows instead of 16) pays from H = 128 on (W3 0.89×, W1's H 128 0.93× main4's time), not at H 32 or 64.
  // On 8 lanes both read Uᵀ from the texture where the store holds one (createTransposed: uTInTexture), and
  // main (scalar, from a buffer) is left where it does not fit.
  const texture = 'view' in s.uT;
  if (texture && lanes !== 8) throw new Error('internal: only the 8-lane backward reads Uᵀ from a texture');
  const entryPoint =
    lanes === 8 ? (texture ? (s.H >= 128 ? 'main4R' : 'main4') : 'main') : s.H % 4 === 0 ? 'main4' : 'main';
  const bindings: BindingKind[] = [
    'uniform',
    'dynamic-uniform',
    texture ? 'texture-read' : 'read',
    'read',
    'read',
    'storage',
    'storage',
  ];
  const kernel = sg
    ? getKernel(arena.device, {
        name: lanes === 8 ? 'lstm_cell_backward_sg' : 'lstm_cell_backward_sg4',
        code: lanes === 8 ? backwardSgCode : backwardSg4Code,
        bindings,
        entryPoint,
      })
    : getKernel(arena.device, {
        name: 'lstm_cell_backward',
        code: backwardCode,
        bindings,
        constants: { WG_Y: cellRowsOverride(arena.device, s.B), TILED: s.tiled },
      });
  const transpose = transposeU(arena, s);
  const g = sg ? backwardSgGrid(lanes, entryPoint, s.B, s.H) : grid(arena.device, s.B, s.H, BACKWARD_UNITS);
  const steps = [...s.chunks].reverse().flatMap((c) => {
    const gBase = base(c.gz);
    const sBase = sameBase(c.c, c.dhOut, 'c and dhOut');
    const dims = arena.uniform(`${s.label}.bwd.dims`, packUniform([s.B, s.H, gBase, s.T, sBase, 0, 0, 0]));
    const group = bindGroupSized(
      arena.device,
      kernel,
      [
        { buffer: dims },
        { buffer: s.timesteps, size: 16 },
        'view' in s.uT ? { textureView: s.uT.view } : { buffer: s.uT.buffer },
        c.c,
        c.dhOut,
        c.gz,
        { buffer: s.carry },
      ],
      `${s.label}.bwd`,
    );
    return Array.from({ length: c.n }, (_, i) => ({
      kernel,
      group,
      ...g,
      dynamicOffsets: [(c.t0 + c.n - 1 - i) * TIMESTEP_STRIDE],
    }));
  });
  return s.forwardMadeUT ? steps : [transpose, ...steps];
}
