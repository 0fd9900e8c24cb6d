// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from
// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).
// One LSTM timestep for a whole batch, fused: z = Z[t] + h[t-1]·U, the four gate activations, the cell
// update and the output — one dispatch per timestep (Appleyard et al. 2016).
// B = batch, H = units, G = 4H, gate order i, f, g, o (Keras).
//   gates (T, B, G): holds Z = X·W + b on entry; the activated gates on exit (kept for backward)
//   c, h ((T+1), B, H): slot 0 is the zero initial state, slot t+1 is step t
// Long sequences are bound in time chunks (src/model/gpu/chunks.ts): t is the global timestep, and gBase /
// sBase are the global element indices where the bound windows of gates / c and h start (0 when bound whole).
// The recurrent product is register-blocked like matmul.wgsl: a workgroup owns 4·WG_Y batch rows × 16
// units and all four gates of those units; each thread keeps 4 rows × 4 gates of one unit in registers,
// so the cell update happens right there, with no second pass.
// CPU twin: lstmForward in src/model/cpu/lstm.ts.

override WG_Y: u32 = 16u; // thread rows; the tile covers 4·WG_Y batch rows
// Stage h and U through workgroup memory (GPUs), or read them straight from the buffers (CPU emulators
// such as lavapipe and SwiftShader, where barriers are expensive and the CPU caches do the reuse).
override TILED: bool = true;

struct Dims { B: u32, H: u32, uOff: u32, gBase: u32, sBase: u32, _p0: u32, _p1: u32, _p2: u32 }
struct TimeStep { t: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> ts: TimeStep;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> gates: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;
@group(0) @binding(5) var<storage, read_write> h: array<f32>;

const TJ: u32 = 16u; // units per workgroup
const TK: u32 = 16u; // reduction chunk

var<workgroup> hs: array<array<f32, 64>, 16>; // [k][row] of h[t-1]
var<workgroup> us: array<array<f32, 64>, 16>; // [k][gate·TJ + unit] of U

// ---- generated: cell (scripts/wgsl-gen; do not edit by hand) ----
// The cell update of batch row b for unit j,
// given the recurrent pre-activations of the four gates: the activations (kept in gates for the backward),
// c and h of slot t+1. The sigmoid is 1 / (1 + exp(-x)); tanh's argument is clamped because some drivers
// compute tanh through exp and overflow to NaN for large |x| (f32 tanh is ±1 past 15 anyway).
fn cell(t: u32, b: u32, j: u32, ai: f32, af: f32, ag: f32, ao: f32) {
  let B = dims.B;
  if (b >= B) { return; }
  let H = dims.H;
  let row = t * B + b;
  let zo = row * 4u * dims.H + j - dims.gBase; // row·4H
  let sB = dims.sBase;
  let ig = 1.0 / (1.0 + exp(-(gates[zo] + ai)));
  let fg = 1.0 / (1.0 + exp(-(gates[zo + H] + af)));
  let gg = tanh(clamp(gates[zo + 2u * H] + ag, -15.0, 15.0));
  let og = 1.0 / (1.0 + exp(-(gates[zo + 3u * H] + ao)));
  let cv = fg * c[row * H + j - sB] + ig * gg;
  gates[zo] = ig;
  gates[zo + H] = fg;
  gates[zo + 2u * H] = gg;
  gates[zo + 3u * H] = og;
  let so = (row + B) * H + j - sB;
  c[so] = cv;
  h[so] = og * tanh(clamp(cv, -15.0, 15.0));
}
// ---- end generated: cell ----

@compute @workgroup_size(16, WG_Y)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let rowsTile = 4u * WG_Y;
  let threads = 16u * WG_Y;
  let j0 = wg.x * TJ;
  let b0 = wg.y * rowsTile;
  let tid = lid.y * 16u + lid.x;
  var acc: array<vec4<f32>, 4>; // [row i] = (i, f, g, o) pre-activations from the recurrence

  // Threads with no output in range skip the work (no barriers on this path, so they may).
  if (t > 0u && !TILED && j0 + lid.x < H && b0 + lid.y < B) {
    let hBase = t * B * H - dims.sBase;
    let j = min(j0 + lid.x, H - 1u); // clamped: out-of-range threads compute a duplicate, never stored
    var rows: array<u32, 4>;
    for (var i = 0u; i < 4u; i++) { rows[i] = min(b0 + lid.y + WG_Y * i, B - 1u); }
    for (var k = 0u; k < H; k++) {
      let uo = dims.uOff + k * G + j;
      let u = vec4<f32>(params[uo], params[uo + H], params[uo + 2u * H], params[uo + 3u * H]);
      for (var i = 0u; i < 4u; i++) {
        acc[i] = fma(vec4<f32>(h[hBase + rows[i] * H + k]), u, acc[i]);
      }
    }
  }
  if (t > 0u && TILED) { // h[-1] = 0: nothing to add at the first step
    let hBase = t * B * H - dims.sBase; // slot t holds h[t-1]
    for (var k0 = 0u; k0 < H; k0 += TK) {
      for (var idx = tid; idx < TK * rowsTile; idx += threads) {
        let kk = idx % TK;
        let rr = idx / TK;
        let b = b0 + rr;
        let k = k0 + kk;
        hs[kk][rr] = select(0.0, h[hBase + b * H + k], b < B && k < H);
      }
      for (var idx = tid; idx < TK * 64u; idx += threads) {
        let col = idx % 64u;
        let kk = idx / 64u;
        let gate = col / TJ;
        let uj = j0 + col % TJ;
        let k = k0 + kk;
        us[kk][col] = select(0.0, params[dims.uOff + k * G + gate * H + uj], k < H && uj < H);
      }
      workgroupBarrier();
      for (var kk = 0u; kk < TK; kk++) {
        let u = vec4<f32>(us[kk][lid.x], us[kk][TJ + lid.x], us[kk][2u * TJ + lid.x], us[kk][3u * TJ + lid.x]);
        for (var i = 0u; i < 4u; i++) {
          acc[i] = fma(vec4<f32>(hs[kk][lid.y + WG_Y * i]), u, acc[i]);
        }
      }
      workgroupBarrier();
    }
  }

  let j = j0 + lid.x;
  if (j >= H) { return; }
  for (var i = 0u; i < 4u; i++) {
    let b = b0 + lid.y + WG_Y * i;
    if (b >= B) { break; }
    cell(t, b, j, acc[i].x, acc[i].y, acc[i].z, acc[i].w);
  }
}
