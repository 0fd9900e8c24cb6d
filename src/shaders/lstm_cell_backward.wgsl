// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from
// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).
// One LSTM timestep of backpropagation through time, fused: the recurrent gradient dh = dhOut[t] +
// dZ[t+1]·Uᵀ, then the gate derivatives into dZ[t] and the cell-gradient carry. One dispatch per step,
// t = T-1 … 0. Weight gradients are big matmuls over all steps afterwards (lstm.ts).
//   gz (T, B, 4H): activated i, f, g, o in, dZ out (in place)    c ((T+1), B, H)    dhOut (T, B, H)
//   carry (B, H): dc[t+1] ⊙ f[t+1]
// The recurrent product is a register-blocked tiled matmul: a workgroup owns 4·WG_Y batch rows × 64
// units, each thread 4 rows × 4 units (rows WG_Y apart, units 16 apart), then runs the element-wise
// backward for those 16 (row, unit) pairs. CPU twin: lstmBackward in src/model/cpu/lstm.ts.
// Long sequences are bound in time chunks (src/model/gpu/chunks.ts): t is the global timestep, gBase the
// global element index where the bound window of gz starts, sBase that of c and dhOut.

override WG_Y: u32 = 16u;
// Stage dZ and U through workgroup memory (GPUs), or read them straight from the buffers (CPU emulators).
override TILED: bool = true;

struct Dims { B: u32, H: u32, gBase: u32, T: u32, sBase: u32, _p0: u32, _p1: u32, _p2: u32 }
struct TimeStep { t: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> ts: TimeStep;
@group(0) @binding(2) var<storage, read> uT: array<f32>; // Uᵀ (4H, H), see transpose.wgsl
@group(0) @binding(3) var<storage, read> c: array<f32>;
@group(0) @binding(4) var<storage, read> dhOut: array<f32>;
// gz: the activated gates of step t on entry, its dZ on exit (dZ overwrites the gates in place, which no
// later step needs: the carry holds dc ⊙ f), so BPTT keeps one (T, B, 4H) buffer instead of two.
@group(0) @binding(5) var<storage, read_write> gz: array<f32>;
@group(0) @binding(6) var<storage, read_write> carry: array<f32>;

const TK: u32 = 16u;

var<workgroup> ds: array<array<f32, 64>, 16>; // [k][row] of dZ[t+1]
var<workgroup> us: array<array<f32, 64>, 16>; // [k][unit] of U (row j of U, column k)

// ---- generated: cellBack (scripts/wgsl-gen; do not edit by hand) ----
// The element-wise backward of batch row b for unit j,
// given dZ[t+1]·Uᵀ for them: dZ over the gates, in place, and the carry.
fn cellBack(t: u32, b: u32, j: u32, acc: f32) {
  let B = dims.B;
  if (b >= B) { return; }
  let H = dims.H;
  let row = t * B + b;
  let sB = dims.sBase;
  let dh = dhOut[row * H + j - sB] + acc;
  let go = row * 4u * dims.H + j - dims.gBase; // row·4H
  let ig = gz[go];
  let fg = gz[go + H];
  let gg = gz[go + 2u * H];
  let og = gz[go + 3u * H];
  let tc = tanh(clamp(c[(row + B) * H + j - sB], -15.0, 15.0));
  let cPrev = c[row * H + j - sB];
  let ci = b * H + j;
  let inCarry = select(carry[ci], 0.0, t + 1u == dims.T);
  let dc = dh * og * (1.0 - tc * tc) + inCarry;
  gz[go] = dc * gg * ig * (1.0 - ig);
  gz[go + H] = dc * cPrev * fg * (1.0 - fg);
  gz[go + 2u * H] = dc * ig * (1.0 - gg * gg);
  gz[go + 3u * H] = dh * tc * og * (1.0 - og);
  carry[ci] = dc * fg;
}
// ---- end generated: cellBack ----

@compute @workgroup_size(16, WG_Y)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let rowsTile = 4u * WG_Y;
  let threads = 16u * WG_Y;
  let j0 = wg.x * 64u;
  let b0 = wg.y * rowsTile;
  let tid = lid.y * 16u + lid.x;
  var acc: array<vec4<f32>, 4>; // [row i][unit u]

  // Threads with no output in range skip the work (no barriers on this path, so they may).
  if (t + 1u < dims.T && !TILED && j0 + lid.x < H && b0 + lid.y < B) {
    let zBase = (t + 1u) * B * G - dims.gBase;
    var rows: array<u32, 4>;
    var units: array<u32, 4>;
    for (var i = 0u; i < 4u; i++) {
      rows[i] = min(b0 + lid.y + WG_Y * i, B - 1u); // clamped: duplicates are computed, never stored
      units[i] = min(j0 + lid.x + 16u * i, H - 1u);
    }
    for (var k = 0u; k < G; k++) {
      let uo = k * H;
      let u = vec4<f32>(uT[uo + units[0]], uT[uo + units[1]], uT[uo + units[2]], uT[uo + units[3]]);
      for (var i = 0u; i < 4u; i++) {
        acc[i] = fma(vec4<f32>(gz[zBase + rows[i] * G + k]), u, acc[i]);
      }
    }
  }
  if (t + 1u < dims.T && TILED) {
    let zBase = (t + 1u) * B * G - dims.gBase;
    for (var k0 = 0u; k0 < G; k0 += TK) {
      for (var idx = tid; idx < TK * rowsTile; idx += threads) {
        let kk = idx % TK;
        let rr = idx / TK;
        let b = b0 + rr;
        let k = k0 + kk;
        ds[kk][rr] = select(0.0, gz[zBase + b * G + k], b < B && k < G);
      }
      for (var idx = tid; idx < TK * 64u; idx += threads) {
        let jj = idx % 64u;
        let kk = idx / 64u;
        let j = j0 + jj;
        let k = k0 + kk;
        us[kk][jj] = select(0.0, uT[k * H + j], j < H && k < G);
      }
      workgroupBarrier();
      for (var kk = 0u; kk < TK; kk++) {
        let u = vec4<f32>(us[kk][lid.x], us[kk][lid.x + 16u], us[kk][lid.x + 32u], us[kk][lid.x + 48u]);
        for (var i = 0u; i < 4u; i++) {
          acc[i] = fma(vec4<f32>(ds[kk][lid.y + WG_Y * i]), u, acc[i]);
        }
      }
      workgroupBarrier();
    }
  }

  for (var i = 0u; i < 4u; i++) {
    let b = b0 + lid.y + WG_Y * i;
    if (b >= B) { break; }
    for (var q = 0u; q < 4u; q++) {
      let j = j0 + lid.x + 16u * q;
      if (j >= H) { break; }
      cellBack(t, b, j, acc[i][q]);
    }
  }
}
