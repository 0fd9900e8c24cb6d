// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from
// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).
// lstm_cell_forward.wgsl for CPU emulators with 4-lane subgroups (SwiftShader): same bindings, dims and
// result; one dispatch per timestep. lstm_cell_forward_sg.wgsl with its lane count halved (see
// matmul_sg4.wgsl for why, and for why lanes are subgroup_invocation_id).
// A workgroup is one 4-lane subgroup and owns 16 batch rows × 8 units (all four gates of each): per k,
// lane l loads U for units j0+l and j0+4+l (4 gates each: 8 loads) and h[t-1] for rows b0+l+4g, g < 4
// (4 loads), which subgroupBroadcast hands to all lanes; each lane accumulates 16 rows × 2 units × 4 gates
// (128 FMAs per 12 loads, against 16 per 8 in the direct path of lstm_cell_forward.wgsl) and then runs
// the cell update for those 32 (row, unit) pairs (main4 below, the one SwiftShader runs, differs).
// CPU twin: lstmForward in src/model/cpu/lstm.ts.
enable subgroups;

// gBase / sBase: global element index where the bound windows of gates / c and h start (time chunks,
// src/model/gpu/chunks.ts; 0 when bound whole; always multiples of 64, so vec2 views stay aligned).
struct Dims { B: u32, H: u32, uOff: u32, gBase: u32, sBase: u32, _p0: u32, _p1: u32, _p2: u32 }
struct TimeStep { t: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> ts: TimeStep;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> gates: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;
@group(0) @binding(5) var<storage, read_write> h: array<f32>;

const RG: u32 = 4u; // row groups of 4 lanes: 16 batch rows per workgroup
const CU: u32 = 2u; // units per lane, 4 apart: 8 units per workgroup

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

// ---- generated: lanes4 (scripts/wgsl-gen; do not edit by hand) ----
// The 4 lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).
fn lanes4(v: f32) -> array<f32, 4> {
  return array<f32, 4>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u));
}
// ---- end generated: lanes4 ----

// ---- generated: main (scripts/wgsl-gen; do not edit by hand) ----
@compute @workgroup_size(4)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let j0 = wg.x * 4u * CU;
  let b0 = wg.y * 4u * RG;
  var acc: array<array<vec4<f32>, CU>, RG * 4u>; // [row][unit] = (i, f, g, o) from the recurrence
  if (t > 0u) { // h[-1] = 0: nothing to add at the first step
    let hBase = t * B * H - dims.sBase; // slot t holds h[t-1]
    // Rows and units past the edge are clamped: duplicates are computed, never stored (no branch, so the
    // broadcasts stay in uniform control flow).
    var hAt: array<u32, RG>;
    for (var g = 0u; g < RG; g++) { hAt[g] = hBase + min(b0 + 4u * g + lane, B - 1u) * H; }
    var uAt: array<u32, CU>;
    for (var q = 0u; q < CU; q++) { uAt[q] = dims.uOff + min(j0 + lane + 4u * q, H - 1u); }
    for (var k = 0u; k < H; k++) {
      var u: array<vec4<f32>, CU>;
      for (var q = 0u; q < CU; q++) {
        let o = uAt[q] + k * G;
        u[q] = vec4<f32>(params[o], params[o + H], params[o + 2u * H], params[o + 3u * H]);
      }
      for (var g = 0u; g < RG; g++) {
        let hv = lanes4(h[hAt[g] + k]);
        for (var i = 0u; i < 4u; i++) {
          for (var q = 0u; q < CU; q++) { acc[g * 4u + i][q] = fma(vec4<f32>(hv[i]), u[q], acc[g * 4u + i][q]); }
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
      let a = acc[r][q];
      cell(t, b, j, a.x, a.y, a.z, a.w);
    }
  }
}
// ---- end generated: main ----

// main4: the same step for H and uOff multiples of 4, the one SwiftShader should run. Lane l owns units
// j0+4l … j0+4l+3 (16 units per workgroup) for 8 batch rows, and reads U, gates, c and h as vec4s of 4
// units. Unrolled by wgsl-gen, with named vec4 accumulators (row r, gate i/f/g/o) and no array indexed at
// run time: SwiftShader keeps such arrays in memory and reaches every element through a lane-by-lane
// gather and scatter, as for a buffer (main's acc[r][q] costs both per FMA), while named values and
// constant indices stay in registers. Per 4 steps of k: 16 vec4 loads of U, 2 of h[t-1] (rows b0+l and
// b0+4+l, broadcast), 128 vec4 FMAs.
@group(0) @binding(2) var<storage, read> params4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> gates4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> c4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> h4: array<vec4<f32>>;

// ---- generated: cell4 (scripts/wgsl-gen; do not edit by hand) ----
// The cell update of batch row b for this lane's 4 units (vec4 index j4 within a row of H),
// given the recurrent pre-activations of the four gates: the activations (kept in gates for the backward),
// c and h of slot t+1. The sigmoid is 1 / (1 + exp(-x)); tanh's argument is clamped because some drivers
// compute tanh through exp and overflow to NaN for large |x| (f32 tanh is ±1 past 15 anyway).
fn cell4(t: u32, b: u32, j4: u32, ai: vec4<f32>, af: vec4<f32>, ag: vec4<f32>, ao: vec4<f32>) {
  let B = dims.B;
  if (b >= B) { return; }
  let H4 = dims.H / 4u;
  let row = t * B + b;
  let zo = row * dims.H + j4 - dims.gBase / 4u; // row·4H/4
  let sB4 = dims.sBase / 4u;
  let ig = 1.0 / (1.0 + exp(-(gates4[zo] + ai)));
  let fg = 1.0 / (1.0 + exp(-(gates4[zo + H4] + af)));
  let gg = tanh(clamp(gates4[zo + 2u * H4] + ag, vec4<f32>(-15.0), vec4<f32>(15.0)));
  let og = 1.0 / (1.0 + exp(-(gates4[zo + 3u * H4] + ao)));
  let cv = fg * c4[row * H4 + j4 - sB4] + ig * gg;
  gates4[zo] = ig;
  gates4[zo + H4] = fg;
  gates4[zo + 2u * H4] = gg;
  gates4[zo + 3u * H4] = og;
  let so = (row + B) * H4 + j4 - sB4;
  c4[so] = cv;
  h4[so] = og * tanh(clamp(cv, vec4<f32>(-15.0), vec4<f32>(15.0)));
}
// ---- end generated: cell4 ----

// ---- generated: main4 (scripts/wgsl-gen; do not edit by hand) ----
@compute @workgroup_size(4)
fn main4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let B = dims.B;
  let H = dims.H;
  let H4 = H / 4u;
  let t = ts.t;
  let j4 = wg.x * 4u + lane; // this lane's vec4 of units
  let ju = min(j4, H4 - 1u); // clamped: duplicates are computed, never stored
  let b0 = wg.y * 8u;
  var i0 = vec4<f32>(0.0); var f0 = vec4<f32>(0.0); var g0 = vec4<f32>(0.0); var o0 = vec4<f32>(0.0);
  var i1 = vec4<f32>(0.0); var f1 = vec4<f32>(0.0); var g1 = vec4<f32>(0.0); var o1 = vec4<f32>(0.0);
  var i2 = vec4<f32>(0.0); var f2 = vec4<f32>(0.0); var g2 = vec4<f32>(0.0); var o2 = vec4<f32>(0.0);
  var i3 = vec4<f32>(0.0); var f3 = vec4<f32>(0.0); var g3 = vec4<f32>(0.0); var o3 = vec4<f32>(0.0);
  var i4 = vec4<f32>(0.0); var f4 = vec4<f32>(0.0); var g4 = vec4<f32>(0.0); var o4 = vec4<f32>(0.0);
  var i5 = vec4<f32>(0.0); var f5 = vec4<f32>(0.0); var g5 = vec4<f32>(0.0); var o5 = vec4<f32>(0.0);
  var i6 = vec4<f32>(0.0); var f6 = vec4<f32>(0.0); var g6 = vec4<f32>(0.0); var o6 = vec4<f32>(0.0);
  var i7 = vec4<f32>(0.0); var f7 = vec4<f32>(0.0); var g7 = vec4<f32>(0.0); var o7 = vec4<f32>(0.0);
  if (t > 0u) { // h[-1] = 0: nothing to add at the first step
    // Rows b0+l and b0+4+l of h[t-1] (slot t), clamped like the units.
    let h0At = ((t * B + min(b0 + lane, B - 1u)) * H - dims.sBase) / 4u;
    let h1At = ((t * B + min(b0 + 4u + lane, B - 1u)) * H - dims.sBase) / 4u;
    let uAt = dims.uOff / 4u + ju;
    for (var k4 = 0u; k4 < H4; k4++) {
      let hv0 = h4[h0At + k4];
      let hv1 = h4[h1At + k4];
      let ro0 = uAt + (4u * k4 + 0u) * H; // row k of U: 4H floats, H vec4s
      let ui0 = params4[ro0];
      let uf0 = params4[ro0 + H4];
      let ug0 = params4[ro0 + 2u * H4];
      let uo0 = params4[ro0 + 3u * H4];
      let ro1 = uAt + (4u * k4 + 1u) * H; // row k of U: 4H floats, H vec4s
      let ui1 = params4[ro1];
      let uf1 = params4[ro1 + H4];
      let ug1 = params4[ro1 + 2u * H4];
      let uo1 = params4[ro1 + 3u * H4];
      let ro2 = uAt + (4u * k4 + 2u) * H; // row k of U: 4H floats, H vec4s
      let ui2 = params4[ro2];
      let uf2 = params4[ro2 + H4];
      let ug2 = params4[ro2 + 2u * H4];
      let uo2 = params4[ro2 + 3u * H4];
      let ro3 = uAt + (4u * k4 + 3u) * H; // row k of U: 4H floats, H vec4s
      let ui3 = params4[ro3];
      let uf3 = params4[ro3 + H4];
      let ug3 = params4[ro3 + 2u * H4];
      let uo3 = params4[ro3 + 3u * H4];
      let x0_0 = vec4<f32>(subgroupBroadcast(hv0.x, 0u));
      i0 = fma(x0_0, ui0, i0);
      f0 = fma(x0_0, uf0, f0);
      g0 = fma(x0_0, ug0, g0);
      o0 = fma(x0_0, uo0, o0);
      let x0_1 = vec4<f32>(subgroupBroadcast(hv0.x, 1u));
      i1 = fma(x0_1, ui0, i1);
      f1 = fma(x0_1, uf0, f1);
      g1 = fma(x0_1, ug0, g1);
      o1 = fma(x0_1, uo0, o1);
      let x0_2 = vec4<f32>(subgroupBroadcast(hv0.x, 2u));
      i2 = fma(x0_2, ui0, i2);
      f2 = fma(x0_2, uf0, f2);
      g2 = fma(x0_2, ug0, g2);
      o2 = fma(x0_2, uo0, o2);
      let x0_3 = vec4<f32>(subgroupBroadcast(hv0.x, 3u));
      i3 = fma(x0_3, ui0, i3);
      f3 = fma(x0_3, uf0, f3);
      g3 = fma(x0_3, ug0, g3);
      o3 = fma(x0_3, uo0, o3);
      let x0_4 = vec4<f32>(subgroupBroadcast(hv1.x, 0u));
      i4 = fma(x0_4, ui0, i4);
      f4 = fma(x0_4, uf0, f4);
      g4 = fma(x0_4, ug0, g4);
      o4 = fma(x0_4, uo0, o4);
      let x0_5 = vec4<f32>(subgroupBroadcast(hv1.x, 1u));
      i5 = fma(x0_5, ui0, i5);
      f5 = fma(x0_5, uf0, f5);
      g5 = fma(x0_5, ug0, g5);
      o5 = fma(x0_5, uo0, o5);
      let x0_6 = vec4<f32>(subgroupBroadcast(hv1.x, 2u));
      i6 = fma(x0_6, ui0, i6);
      f6 = fma(x0_6, uf0, f6);
      g6 = fma(x0_6, ug0, g6);
      o6 = fma(x0_6, uo0, o6);
      let x0_7 = vec4<f32>(subgroupBroadcast(hv1.x, 3u));
      i7 = fma(x0_7, ui0, i7);
      f7 = fma(x0_7, uf0, f7);
      g7 = fma(x0_7, ug0, g7);
      o7 = fma(x0_7, uo0, o7);
      let x1_0 = vec4<f32>(subgroupBroadcast(hv0.y, 0u));
      i0 = fma(x1_0, ui1, i0);
      f0 = fma(x1_0, uf1, f0);
      g0 = fma(x1_0, ug1, g0);
      o0 = fma(x1_0, uo1, o0);
      let x1_1 = vec4<f32>(subgroupBroadcast(hv0.y, 1u));
      i1 = fma(x1_1, ui1, i1);
      f1 = fma(x1_1, uf1, f1);
      g1 = fma(x1_1, ug1, g1);
      o1 = fma(x1_1, uo1, o1);
      let x1_2 = vec4<f32>(subgroupBroadcast(hv0.y, 2u));
      i2 = fma(x1_2, ui1, i2);
      f2 = fma(x1_2, uf1, f2);
      g2 = fma(x1_2, ug1, g2);
      o2 = fma(x1_2, uo1, o2);
      let x1_3 = vec4<f32>(subgroupBroadcast(hv0.y, 3u));
      i3 = fma(x1_3, ui1, i3);
      f3 = fma(x1_3, uf1, f3);
      g3 = fma(x1_3, ug1, g3);
      o3 = fma(x1_3, uo1, o3);
      let x1_4 = vec4<f32>(subgroupBroadcast(hv1.y, 0u));
      i4 = fma(x1_4, ui1, i4);
      f4 = fma(x1_4, uf1, f4);
      g4 = fma(x1_4, ug1, g4);
      o4 = fma(x1_4, uo1, o4);
      let x1_5 = vec4<f32>(subgroupBroadcast(hv1.y, 1u));
      i5 = fma(x1_5, ui1, i5);
      f5 = fma(x1_5, uf1, f5);
      g5 = fma(x1_5, ug1, g5);
      o5 = fma(x1_5, uo1, o5);
      let x1_6 = vec4<f32>(subgroupBroadcast(hv1.y, 2u));
      i6 = fma(x1_6, ui1, i6);
      f6 = fma(x1_6, uf1, f6);
      g6 = fma(x1_6, ug1, g6);
      o6 = fma(x1_6, uo1, o6);
      let x1_7 = vec4<f32>(subgroupBroadcast(hv1.y, 3u));
      i7 = fma(x1_7, ui1, i7);
      f7 = fma(x1_7, uf1, f7);
      g7 = fma(x1_7, ug1, g7);
      o7 = fma(x1_7, uo1, o7);
      let x2_0 = vec4<f32>(subgroupBroadcast(hv0.z, 0u));
      i0 = fma(x2_0, ui2, i0);
      f0 = fma(x2_0, uf2, f0);
      g0 = fma(x2_0, ug2, g0);
      o0 = fma(x2_0, uo2, o0);
      let x2_1 = vec4<f32>(subgroupBroadcast(hv0.z, 1u));
      i1 = fma(x2_1, ui2, i1);
      f1 = fma(x2_1, uf2, f1);
      g1 = fma(x2_1, ug2, g1);
      o1 = fma(x2_1, uo2, o1);
      let x2_2 = vec4<f32>(subgroupBroadcast(hv0.z, 2u));
      i2 = fma(x2_2, ui2, i2);
      f2 = fma(x2_2, uf2, f2);
      g2 = fma(x2_2, ug2, g2);
      o2 = fma(x2_2, uo2, o2);
      let x2_3 = vec4<f32>(subgroupBroadcast(hv0.z, 3u));
      i3 = fma(x2_3, ui2, i3);
      f3 = fma(x2_3, uf2, f3);
      g3 = fma(x2_3, ug2, g3);
      o3 = fma(x2_3, uo2, o3);
      let x2_4 = vec4<f32>(subgroupBroadcast(hv1.z, 0u));
      i4 = fma(x2_4, ui2, i4);
      f4 = fma(x2_4, uf2, f4);
      g4 = fma(x2_4, ug2, g4);
      o4 = fma(x2_4, uo2, o4);
      let x2_5 = vec4<f32>(subgroupBroadcast(hv1.z, 1u));
      i5 = fma(x2_5, ui2, i5);
      f5 = fma(x2_5, uf2, f5);
      g5 = fma(x2_5, ug2, g5);
      o5 = fma(x2_5, uo2, o5);
      let x2_6 = vec4<f32>(subgroupBroadcast(hv1.z, 2u));
      i6 = fma(x2_6, ui2, i6);
      f6 = fma(x2_6, uf2, f6);
      g6 = fma(x2_6, ug2, g6);
      o6 = fma(x2_6, uo2, o6);
      let x2_7 = vec4<f32>(subgroupBroadcast(hv1.z, 3u));
      i7 = fma(x2_7, ui2, i7);
      f7 = fma(x2_7, uf2, f7);
      g7 = fma(x2_7, ug2, g7);
      o7 = fma(x2_7, uo2, o7);
      let x3_0 = vec4<f32>(subgroupBroadcast(hv0.w, 0u));
      i0 = fma(x3_0, ui3, i0);
      f0 = fma(x3_0, uf3, f0);
      g0 = fma(x3_0, ug3, g0);
      o0 = fma(x3_0, uo3, o0);
      let x3_1 = vec4<f32>(subgroupBroadcast(hv0.w, 1u));
      i1 = fma(x3_1, ui3, i1);
      f1 = fma(x3_1, uf3, f1);
      g1 = fma(x3_1, ug3, g1);
      o1 = fma(x3_1, uo3, o1);
      let x3_2 = vec4<f32>(subgroupBroadcast(hv0.w, 2u));
      i2 = fma(x3_2, ui3, i2);
      f2 = fma(x3_2, uf3, f2);
      g2 = fma(x3_2, ug3, g2);
      o2 = fma(x3_2, uo3, o2);
      let x3_3 = vec4<f32>(subgroupBroadcast(hv0.w, 3u));
      i3 = fma(x3_3, ui3, i3);
      f3 = fma(x3_3, uf3, f3);
      g3 = fma(x3_3, ug3, g3);
      o3 = fma(x3_3, uo3, o3);
      let x3_4 = vec4<f32>(subgroupBroadcast(hv1.w, 0u));
      i4 = fma(x3_4, ui3, i4);
      f4 = fma(x3_4, uf3, f4);
      g4 = fma(x3_4, ug3, g4);
      o4 = fma(x3_4, uo3, o4);
      let x3_5 = vec4<f32>(subgroupBroadcast(hv1.w, 1u));
      i5 = fma(x3_5, ui3, i5);
      f5 = fma(x3_5, uf3, f5);
      g5 = fma(x3_5, ug3, g5);
      o5 = fma(x3_5, uo3, o5);
      let x3_6 = vec4<f32>(subgroupBroadcast(hv1.w, 2u));
      i6 = fma(x3_6, ui3, i6);
      f6 = fma(x3_6, uf3, f6);
      g6 = fma(x3_6, ug3, g6);
      o6 = fma(x3_6, uo3, o6);
      let x3_7 = vec4<f32>(subgroupBroadcast(hv1.w, 3u));
      i7 = fma(x3_7, ui3, i7);
      f7 = fma(x3_7, uf3, f7);
      g7 = fma(x3_7, ug3, g7);
      o7 = fma(x3_7, uo3, o7);
    }
  }

  if (j4 >= H4) { return; }
  cell4(t, b0 + 0u, j4, i0, f0, g0, o0);
  cell4(t, b0 + 1u, j4, i1, f1, g1, o1);
  cell4(t, b0 + 2u, j4, i2, f2, g2, o2);
  cell4(t, b0 + 3u, j4, i3, f3, g3, o3);
  cell4(t, b0 + 4u, j4, i4, f4, g4, o4);
  cell4(t, b0 + 5u, j4, i5, f5, g5, o5);
  cell4(t, b0 + 6u, j4, i6, f6, g6, o6);
  cell4(t, b0 + 7u, j4, i7, f7, g7, o7);
}
// ---- end generated: main4 ----
