// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from
// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).
// lstm_cell_backward.wgsl for CPU emulators with 4-lane subgroups (SwiftShader): same bindings, dims and
// result; one dispatch per timestep, t = T-1 … 0. lstm_cell_backward_sg.wgsl with its lane count halved
// (see matmul_sg4.wgsl for why, and for why lanes are subgroup_invocation_id).
// A workgroup is one 4-lane subgroup and owns 16 batch rows × 16 units: per k (of 4H), lane l loads Uᵀ for
// units j0+l+4q, q < 4 (4 loads) and dZ[t+1] for rows b0+l+4g, g < 4 (4 loads), which subgroupBroadcast
// hands to all lanes; each lane accumulates 16 rows × 4 units (64 FMAs per 8 loads, against 16 per 8 in
// the direct path of lstm_cell_backward.wgsl), then runs the element-wise backward for those 64 pairs.
// CPU twin: lstmBackward in src/model/cpu/lstm.ts.
enable subgroups;

// gBase / sBase: global element index where the bound windows of gz / c and dhOut start (time
// chunks, src/model/gpu/chunks.ts; 0 when bound whole; always multiples of 64, so vec4 views stay aligned).
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

const RG: u32 = 4u; // row groups of 4 lanes: 16 batch rows per workgroup
const CU: u32 = 4u; // units per lane, 4 apart: 16 units per workgroup

// ---- generated: lanes4 (scripts/wgsl-gen; do not edit by hand) ----
// The 4 lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).
fn lanes4(v: f32) -> array<f32, 4> {
  return array<f32, 4>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u));
}
// ---- end generated: lanes4 ----

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

// ---- generated: main (scripts/wgsl-gen; do not edit by hand) ----
@compute @workgroup_size(4)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let j0 = wg.x * 4u * CU;
  let b0 = wg.y * 4u * RG;
  var acc: array<array<f32, CU>, RG * 4u>; // [row][unit] of dZ[t+1]·Uᵀ
  if (t + 1u < dims.T) {
    let zBase = (t + 1u) * B * G - dims.gBase;
    // Rows and units past the edge are clamped: duplicates are computed, never stored (no branch, so the
    // broadcasts stay in uniform control flow).
    var zAt: array<u32, RG>;
    for (var g = 0u; g < RG; g++) { zAt[g] = zBase + min(b0 + 4u * g + lane, B - 1u) * G; }
    var uAt: array<u32, CU>;
    for (var q = 0u; q < CU; q++) { uAt[q] = min(j0 + lane + 4u * q, H - 1u); }
    for (var k = 0u; k < G; k++) {
      var u: array<f32, CU>;
      for (var q = 0u; q < CU; q++) { u[q] = uT[uAt[q] + k * H]; }
      for (var g = 0u; g < RG; g++) {
        let dv = lanes4(gz[zAt[g] + k]);
        for (var i = 0u; i < 4u; i++) {
          for (var q = 0u; q < CU; q++) { acc[g * 4u + i][q] = fma(dv[i], u[q], acc[g * 4u + i][q]); }
        }
      }
    }
  }

  for (var r = 0u; r < 4u * RG; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    for (var q = 0u; q < CU; q++) {
      let j = j0 + lane + 4u * q;
      if (j >= H) { continue; }
      cellBack(t, b, j, acc[r][q]);
    }
  }
}
// ---- end generated: main ----

// main4: the same step for H a multiple of 4, the one SwiftShader runs, with every operand read as vec4
// (4 consecutive units). Lane l owns units j0+4l … j0+4l+3 (16 units per workgroup) for 16 rows; per 4
// steps of k: 4 vec4 loads of Uᵀ, 4 of dZ[t+1] (rows b0+l+4g, broadcast), 64 vec4 FMAs. Unrolled by
// wgsl-gen with named accumulators, for the reason given in lstm_cell_forward_sg4.wgsl's main4. All vec4
// offsets are whole: every row of gz, c, dhOut, carry and Uᵀ starts at a multiple of H.
@group(0) @binding(2) var<storage, read> uT4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> c4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> dhOut4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> gz4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> carry4: array<vec4<f32>>;

// ---- generated: cellBack4 (scripts/wgsl-gen; do not edit by hand) ----
// The element-wise backward of batch row b for this lane's 4 units (vec4 index j4 within a row of H),
// given dZ[t+1]·Uᵀ for them: dZ over the gates, in place, and the carry.
fn cellBack4(t: u32, b: u32, j4: u32, acc: vec4<f32>) {
  let B = dims.B;
  if (b >= B) { return; }
  let H4 = dims.H / 4u;
  let row = t * B + b;
  let sB4 = dims.sBase / 4u;
  let dh = dhOut4[row * H4 + j4 - sB4] + acc;
  let go = row * dims.H + j4 - dims.gBase / 4u; // row·4H/4
  let ig = gz4[go];
  let fg = gz4[go + H4];
  let gg = gz4[go + 2u * H4];
  let og = gz4[go + 3u * H4];
  let tc = tanh(clamp(c4[(row + B) * H4 + j4 - sB4], vec4<f32>(-15.0), vec4<f32>(15.0)));
  let cPrev = c4[row * H4 + j4 - sB4];
  let ci = b * H4 + j4;
  let inCarry = select(carry4[ci], vec4<f32>(0.0), t + 1u == dims.T);
  let dc = dh * og * (1.0 - tc * tc) + inCarry;
  gz4[go] = dc * gg * ig * (1.0 - ig);
  gz4[go + H4] = dc * cPrev * fg * (1.0 - fg);
  gz4[go + 2u * H4] = dc * ig * (1.0 - gg * gg);
  gz4[go + 3u * H4] = dh * tc * og * (1.0 - og);
  carry4[ci] = dc * fg;
}
// ---- end generated: cellBack4 ----

// ---- generated: main4 (scripts/wgsl-gen; do not edit by hand) ----
@compute @workgroup_size(4)
fn main4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let B = dims.B;
  let H4 = dims.H / 4u; // vec4s per row of H; a row of 4H holds H of them
  let H = dims.H;
  let t = ts.t;
  let j4 = wg.x * 4u + lane; // this lane's vec4 of units
  let ju = min(j4, H4 - 1u); // clamped: duplicates are computed, never stored
  let b0 = wg.y * 16u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);
  var a8 = vec4<f32>(0.0);
  var a9 = vec4<f32>(0.0);
  var a10 = vec4<f32>(0.0);
  var a11 = vec4<f32>(0.0);
  var a12 = vec4<f32>(0.0);
  var a13 = vec4<f32>(0.0);
  var a14 = vec4<f32>(0.0);
  var a15 = vec4<f32>(0.0);
  if (t + 1u < dims.T) {
    let z0At = ((t + 1u) * B + min(b0 + 0u + lane, B - 1u)) * H - dims.gBase / 4u;
    let z1At = ((t + 1u) * B + min(b0 + 4u + lane, B - 1u)) * H - dims.gBase / 4u;
    let z2At = ((t + 1u) * B + min(b0 + 8u + lane, B - 1u)) * H - dims.gBase / 4u;
    let z3At = ((t + 1u) * B + min(b0 + 12u + lane, B - 1u)) * H - dims.gBase / 4u;
    for (var k4 = 0u; k4 < H; k4++) { // 4H steps of k, 4 at a time
      let uo = 4u * k4 * H4 + ju;
      let u0 = uT4[uo];
      let u1 = uT4[uo + H4];
      let u2 = uT4[uo + 2u * H4];
      let u3 = uT4[uo + 3u * H4];
      let z0 = gz4[z0At + k4];
      let z1 = gz4[z1At + k4];
      let z2 = gz4[z2At + k4];
      let z3 = gz4[z3At + k4];
      a0 = fma(vec4<f32>(subgroupBroadcast(z0.x, 0u)), u0, a0);
      a1 = fma(vec4<f32>(subgroupBroadcast(z0.x, 1u)), u0, a1);
      a2 = fma(vec4<f32>(subgroupBroadcast(z0.x, 2u)), u0, a2);
      a3 = fma(vec4<f32>(subgroupBroadcast(z0.x, 3u)), u0, a3);
      a4 = fma(vec4<f32>(subgroupBroadcast(z1.x, 0u)), u0, a4);
      a5 = fma(vec4<f32>(subgroupBroadcast(z1.x, 1u)), u0, a5);
      a6 = fma(vec4<f32>(subgroupBroadcast(z1.x, 2u)), u0, a6);
      a7 = fma(vec4<f32>(subgroupBroadcast(z1.x, 3u)), u0, a7);
      a8 = fma(vec4<f32>(subgroupBroadcast(z2.x, 0u)), u0, a8);
      a9 = fma(vec4<f32>(subgroupBroadcast(z2.x, 1u)), u0, a9);
      a10 = fma(vec4<f32>(subgroupBroadcast(z2.x, 2u)), u0, a10);
      a11 = fma(vec4<f32>(subgroupBroadcast(z2.x, 3u)), u0, a11);
      a12 = fma(vec4<f32>(subgroupBroadcast(z3.x, 0u)), u0, a12);
      a13 = fma(vec4<f32>(subgroupBroadcast(z3.x, 1u)), u0, a13);
      a14 = fma(vec4<f32>(subgroupBroadcast(z3.x, 2u)), u0, a14);
      a15 = fma(vec4<f32>(subgroupBroadcast(z3.x, 3u)), u0, a15);
      a0 = fma(vec4<f32>(subgroupBroadcast(z0.y, 0u)), u1, a0);
      a1 = fma(vec4<f32>(subgroupBroadcast(z0.y, 1u)), u1, a1);
      a2 = fma(vec4<f32>(subgroupBroadcast(z0.y, 2u)), u1, a2);
      a3 = fma(vec4<f32>(subgroupBroadcast(z0.y, 3u)), u1, a3);
      a4 = fma(vec4<f32>(subgroupBroadcast(z1.y, 0u)), u1, a4);
      a5 = fma(vec4<f32>(subgroupBroadcast(z1.y, 1u)), u1, a5);
      a6 = fma(vec4<f32>(subgroupBroadcast(z1.y, 2u)), u1, a6);
      a7 = fma(vec4<f32>(subgroupBroadcast(z1.y, 3u)), u1, a7);
      a8 = fma(vec4<f32>(subgroupBroadcast(z2.y, 0u)), u1, a8);
      a9 = fma(vec4<f32>(subgroupBroadcast(z2.y, 1u)), u1, a9);
      a10 = fma(vec4<f32>(subgroupBroadcast(z2.y, 2u)), u1, a10);
      a11 = fma(vec4<f32>(subgroupBroadcast(z2.y, 3u)), u1, a11);
      a12 = fma(vec4<f32>(subgroupBroadcast(z3.y, 0u)), u1, a12);
      a13 = fma(vec4<f32>(subgroupBroadcast(z3.y, 1u)), u1, a13);
      a14 = fma(vec4<f32>(subgroupBroadcast(z3.y, 2u)), u1, a14);
      a15 = fma(vec4<f32>(subgroupBroadcast(z3.y, 3u)), u1, a15);
      a0 = fma(vec4<f32>(subgroupBroadcast(z0.z, 0u)), u2, a0);
      a1 = fma(vec4<f32>(subgroupBroadcast(z0.z, 1u)), u2, a1);
      a2 = fma(vec4<f32>(subgroupBroadcast(z0.z, 2u)), u2, a2);
      a3 = fma(vec4<f32>(subgroupBroadcast(z0.z, 3u)), u2, a3);
      a4 = fma(vec4<f32>(subgroupBroadcast(z1.z, 0u)), u2, a4);
      a5 = fma(vec4<f32>(subgroupBroadcast(z1.z, 1u)), u2, a5);
      a6 = fma(vec4<f32>(subgroupBroadcast(z1.z, 2u)), u2, a6);
      a7 = fma(vec4<f32>(subgroupBroadcast(z1.z, 3u)), u2, a7);
      a8 = fma(vec4<f32>(subgroupBroadcast(z2.z, 0u)), u2, a8);
      a9 = fma(vec4<f32>(subgroupBroadcast(z2.z, 1u)), u2, a9);
      a10 = fma(vec4<f32>(subgroupBroadcast(z2.z, 2u)), u2, a10);
      a11 = fma(vec4<f32>(subgroupBroadcast(z2.z, 3u)), u2, a11);
      a12 = fma(vec4<f32>(subgroupBroadcast(z3.z, 0u)), u2, a12);
      a13 = fma(vec4<f32>(subgroupBroadcast(z3.z, 1u)), u2, a13);
      a14 = fma(vec4<f32>(subgroupBroadcast(z3.z, 2u)), u2, a14);
      a15 = fma(vec4<f32>(subgroupBroadcast(z3.z, 3u)), u2, a15);
      a0 = fma(vec4<f32>(subgroupBroadcast(z0.w, 0u)), u3, a0);
      a1 = fma(vec4<f32>(subgroupBroadcast(z0.w, 1u)), u3, a1);
      a2 = fma(vec4<f32>(subgroupBroadcast(z0.w, 2u)), u3, a2);
      a3 = fma(vec4<f32>(subgroupBroadcast(z0.w, 3u)), u3, a3);
      a4 = fma(vec4<f32>(subgroupBroadcast(z1.w, 0u)), u3, a4);
      a5 = fma(vec4<f32>(subgroupBroadcast(z1.w, 1u)), u3, a5);
      a6 = fma(vec4<f32>(subgroupBroadcast(z1.w, 2u)), u3, a6);
      a7 = fma(vec4<f32>(subgroupBroadcast(z1.w, 3u)), u3, a7);
      a8 = fma(vec4<f32>(subgroupBroadcast(z2.w, 0u)), u3, a8);
      a9 = fma(vec4<f32>(subgroupBroadcast(z2.w, 1u)), u3, a9);
      a10 = fma(vec4<f32>(subgroupBroadcast(z2.w, 2u)), u3, a10);
      a11 = fma(vec4<f32>(subgroupBroadcast(z2.w, 3u)), u3, a11);
      a12 = fma(vec4<f32>(subgroupBroadcast(z3.w, 0u)), u3, a12);
      a13 = fma(vec4<f32>(subgroupBroadcast(z3.w, 1u)), u3, a13);
      a14 = fma(vec4<f32>(subgroupBroadcast(z3.w, 2u)), u3, a14);
      a15 = fma(vec4<f32>(subgroupBroadcast(z3.w, 3u)), u3, a15);
    }
  }

  if (j4 >= H4) { return; }
  cellBack4(t, b0 + 0u, j4, a0);
  cellBack4(t, b0 + 1u, j4, a1);
  cellBack4(t, b0 + 2u, j4, a2);
  cellBack4(t, b0 + 3u, j4, a3);
  cellBack4(t, b0 + 4u, j4, a4);
  cellBack4(t, b0 + 5u, j4, a5);
  cellBack4(t, b0 + 6u, j4, a6);
  cellBack4(t, b0 + 7u, j4, a7);
  cellBack4(t, b0 + 8u, j4, a8);
  cellBack4(t, b0 + 9u, j4, a9);
  cellBack4(t, b0 + 10u, j4, a10);
  cellBack4(t, b0 + 11u, j4, a11);
  cellBack4(t, b0 + 12u, j4, a12);
  cellBack4(t, b0 + 13u, j4, a13);
  cellBack4(t, b0 + 14u, j4, a14);
  cellBack4(t, b0 + 15u, j4, a15);
}
// ---- end generated: main4 ----
