// lstm_cell_forward.wgsl for CPU emulators with 8-lane subgroups (llvmpipe): same bindings, dims and
// result; one dispatch per timestep. See subgroup.ts for why loads are what to save there.
// A workgroup is one 8-lane subgroup and owns 16 batch rows × 16 units (all four gates of each): per k,
// lane l loads U for units j0+l and j0+8+l (4 gates each: 8 loads) and h[t-1] for rows b0+l and b0+8+l
// (2 loads), which subgroupBroadcast hands to all lanes; each lane accumulates 16 rows × 2 units × 4 gates
// (128 FMAs per 10 loads, against 16 per 8 in the direct path of lstm_cell_forward.wgsl) and then runs the
// cell update for those 32 (row, unit) pairs. W3 shape: 0.38× the time of that path; 16 rows × 16 units
// beat 8×8, 16×8, 8×16 and 32×8 blocks. CPU twin: lstmForward in src/model/cpu/lstm.ts.
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

const RG: u32 = 2u; // row groups of 8 lanes: 16 batch rows per workgroup
const CU: u32 = 2u; // units per lane, 8 apart: 16 units per workgroup

fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
// Some drivers compute tanh through exp and overflow to NaN for large |x|; f32 tanh is ±1 past 15 anyway.
fn safeTanh(x: f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }

// The 8 lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).
fn lanes8(v: f32) -> array<f32, 8> {
  return array<f32, 8>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u), subgroupBroadcast(v, 4u), subgroupBroadcast(v, 5u), subgroupBroadcast(v, 6u),
    subgroupBroadcast(v, 7u));
}

@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let lane = lid.x;
  let j0 = wg.x * 8u * CU;
  let b0 = wg.y * 8u * RG;
  var acc: array<array<vec4<f32>, CU>, RG * 8u>; // [row][unit] = (i, f, g, o) from the recurrence
  if (t > 0u) { // h[-1] = 0: nothing to add at the first step
    let hBase = t * B * H - dims.sBase; // slot t holds h[t-1]
    // Rows and units past the edge are clamped: duplicates are computed, never stored (no branch, so the
    // broadcasts stay in uniform control flow).
    var hAt: array<u32, RG>;
    for (var g = 0u; g < RG; g++) { hAt[g] = hBase + min(b0 + 8u * g + lane, B - 1u) * H; }
    var uAt: array<u32, CU>;
    for (var q = 0u; q < CU; q++) { uAt[q] = dims.uOff + min(j0 + lane + 8u * q, H - 1u); }
    for (var k = 0u; k < H; k++) {
      var u: array<vec4<f32>, CU>;
      for (var q = 0u; q < CU; q++) {
        let o = uAt[q] + k * G;
        u[q] = vec4<f32>(params[o], params[o + H], params[o + 2u * H], params[o + 3u * H]);
      }
      for (var g = 0u; g < RG; g++) {
        let hv = lanes8(h[hAt[g] + k]);
        for (var i = 0u; i < 8u; i++) {
          for (var q = 0u; q < CU; q++) { acc[g * 8u + i][q] = fma(vec4<f32>(hv[i]), u[q], acc[g * 8u + i][q]); }
        }
      }
    }
  }

  for (var r = 0u; r < 8u * RG; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    for (var q = 0u; q < CU; q++) {
      let j = j0 + lane + 8u * q;
      if (j >= H) { continue; }
      let a = acc[r][q];
      let zo = (t * B + b) * G - dims.gBase;
      let ig = sigmoid(gates[zo + j] + a.x);
      let fg = sigmoid(gates[zo + H + j] + a.y);
      let gg = safeTanh(gates[zo + 2u * H + j] + a.z);
      let og = sigmoid(gates[zo + 3u * H + j] + a.w);
      let cPrev = c[(t * B + b) * H + j - dims.sBase];
      let cv = fg * cPrev + ig * gg;
      gates[zo + j] = ig;
      gates[zo + H + j] = fg;
      gates[zo + 2u * H + j] = gg;
      gates[zo + 3u * H + j] = og;
      let so = ((t + 1u) * B + b) * H + j - dims.sBase;
      c[so] = cv;
      h[so] = og * safeTanh(cv);
    }
  }
}

// main2: the same step for H and uOff even. Lane l owns the unit pair j0+2l, j0+2l+1 (16 units per
// workgroup, as in main) and reads U, gates, c and h as vec2s: 4 loads of U per k instead of 8 (a vec2
// load costs far less than 2 scalar ones in llvmpipe's per-lane loop).
@group(0) @binding(2) var<storage, read> params2: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> gates2: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> c2: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> h2: array<vec2<f32>>;

@compute @workgroup_size(8)
fn main2(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H = dims.H;
  let H2 = H / 2u; // vec2s per row of H; a row of 4H holds 2H of them
  let t = ts.t;
  let lane = lid.x;
  let j2 = wg.x * 8u + lane; // this lane's vec2 of units
  let ju = min(j2, H2 - 1u); // clamped: duplicates are computed, never stored
  let b0 = wg.y * 8u * RG;
  var acc: array<array<vec2<f32>, 4>, RG * 8u>; // [row][gate] = 2 units
  if (t > 0u) {
    var hAt: array<u32, RG>;
    for (var g = 0u; g < RG; g++) { hAt[g] = (t * B + min(b0 + 8u * g + lane, B - 1u)) * H - dims.sBase; }
    let uAt = dims.uOff / 2u + ju;
    for (var k = 0u; k < H; k++) {
      let o = uAt + 2u * k * H; // row k of U: 4H floats, 2H vec2s
      let u = array<vec2<f32>, 4>(params2[o], params2[o + H2], params2[o + 2u * H2], params2[o + 3u * H2]);
      for (var g = 0u; g < RG; g++) {
        let hk = hAt[g] + k;
        let hv = lanes8(h2[hk / 2u][hk % 2u]);
        for (var i = 0u; i < 8u; i++) {
          for (var q = 0u; q < 4u; q++) { acc[g * 8u + i][q] = fma(vec2<f32>(hv[i]), u[q], acc[g * 8u + i][q]); }
        }
      }
    }
  }

  if (j2 >= H2) { return; }
  for (var r = 0u; r < 8u * RG; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    let row = t * B + b;
    let zo = row * 2u * H + j2 - dims.gBase / 2u; // row·4H/2
    let ig = 1.0 / (1.0 + exp(-(gates2[zo] + acc[r][0])));
    let fg = 1.0 / (1.0 + exp(-(gates2[zo + H2] + acc[r][1])));
    let gg = tanh(clamp(gates2[zo + 2u * H2] + acc[r][2], vec2<f32>(-15.0), vec2<f32>(15.0)));
    let og = 1.0 / (1.0 + exp(-(gates2[zo + 3u * H2] + acc[r][3])));
    let cv = fg * c2[row * H2 + j2 - dims.sBase / 2u] + ig * gg;
    gates2[zo] = ig;
    gates2[zo + H2] = fg;
    gates2[zo + 2u * H2] = gg;
    gates2[zo + 3u * H2] = og;
    let so = (row + B) * H2 + j2 - dims.sBase / 2u;
    c2[so] = cv;
    h2[so] = og * tanh(clamp(cv, vec2<f32>(-15.0), vec2<f32>(15.0)));
  }
}

// mainT4: the same step for H a multiple of 4, reading the recurrent kernel transposed (binding 2 holds
// Uᵀ (4H, H), see transpose.wgsl, and dims.uOff is 0), so that U and h[t-1] are both contiguous along k and
// read as vec4s of 4 steps of k. A workgroup owns 32 batch rows × 8 units: lane l owns unit j0+l (its 4
// gates as one vec4 accumulator per row) and loads h[t-1] of rows b0+l, b0+8+l, b0+16+l, b0+24+l (one vec4
// each), which the broadcasts hand to every lane. llvmpipe loads every float lane by lane (even the
// components of a vec4), so floats loaded per FMA is the cost: per 4 steps of k a lane loads 16 floats of
// Uᵀ and 16 of h for 512 FMAs (main2's 16 rows × 16 units: 40 floats for 512). Four chained FMAs per
// accumulator per iteration (one spill round trip and mask blend per 4 FMAs, as in matmul_sg.wgsl's
// main4); sums in k order, so the result is main2's to the bit. W3 (H 256): 0.67× main2's time. A bigger
// block (32 rows × 16 units, 256 accumulator floats per lane) went to per-lane scratch: 2.5× slower.
@group(0) @binding(2) var<storage, read> uT4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> h4: array<vec4<f32>>;

// The 8 lanes' vec4s, in every lane.
fn lanes8v4(v: vec4<f32>) -> array<vec4<f32>, 8> {
  return array<vec4<f32>, 8>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u), subgroupBroadcast(v, 4u), subgroupBroadcast(v, 5u), subgroupBroadcast(v, 6u),
    subgroupBroadcast(v, 7u));
}

// acc + Σ_e hv[e]·w[e], in e (k) order.
fn fma4(acc: vec4<f32>, hv: vec4<f32>, w: array<vec4<f32>, 4>) -> vec4<f32> {
  return fma(vec4<f32>(hv.w), w[3], fma(vec4<f32>(hv.z), w[2], fma(vec4<f32>(hv.y), w[1],
    fma(vec4<f32>(hv.x), w[0], acc))));
}

// Rows r0 … r0+7 of mainT4's accumulators, from one row group's broadcast h values. Written out, and called
// with constant r0: with loops over the rows (or over the row groups around them) llvmpipe does not unroll
// them, indexes acc at run time and keeps it in per-lane scratch memory (measured: twice the time).
fn rowGroup(acc: ptr<function, array<vec4<f32>, 32>>, r0: u32, hv: array<vec4<f32>, 8>, w: array<vec4<f32>, 4>) {
  (*acc)[r0] = fma4((*acc)[r0], hv[0], w);
  (*acc)[r0 + 1u] = fma4((*acc)[r0 + 1u], hv[1], w);
  (*acc)[r0 + 2u] = fma4((*acc)[r0 + 2u], hv[2], w);
  (*acc)[r0 + 3u] = fma4((*acc)[r0 + 3u], hv[3], w);
  (*acc)[r0 + 4u] = fma4((*acc)[r0 + 4u], hv[4], w);
  (*acc)[r0 + 5u] = fma4((*acc)[r0 + 5u], hv[5], w);
  (*acc)[r0 + 6u] = fma4((*acc)[r0 + 6u], hv[6], w);
  (*acc)[r0 + 7u] = fma4((*acc)[r0 + 7u], hv[7], w);
}

// acc += h[t-1]·U for mainT4's block (rows b0 … b0+31, unit ju), in k order. A function so that mainT4X shares
// it; the compiler inlines it, so the hot loop is the one measured for mainT4.
fn recurT4(acc: ptr<function, array<vec4<f32>, 32>>, t: u32, B: u32, H: u32, b0: u32, ju: u32, lane: u32, sBase: u32) {
  let H4 = H / 4u;
  var hAt: array<u32, 4>; // vec4 index of h[t-1] at k = 0 for row b0 + 8g + lane
  for (var g = 0u; g < 4u; g++) { hAt[g] = ((t * B + min(b0 + 8u * g + lane, B - 1u)) * H - sBase) / 4u; }
  let uAt = ju * H4; // vec4 index of Uᵀ row (gate 0, unit ju) at k = 0; gate q is q·H rows further
  let gStep = H * H4;
  for (var k4 = 0u; k4 < H4; k4++) {
    let uo = uAt + k4;
    let u = array<vec4<f32>, 4>(uT4[uo], uT4[uo + gStep], uT4[uo + 2u * gStep], uT4[uo + 3u * gStep]);
    // [k step] = the 4 gates' weights of this unit
    var w: array<vec4<f32>, 4>;
    for (var e = 0u; e < 4u; e++) { w[e] = vec4<f32>(u[0][e], u[1][e], u[2][e], u[3][e]); }
    let h0 = lanes8v4(h4[hAt[0] + k4]);
    let h1 = lanes8v4(h4[hAt[1] + k4]);
    let h2 = lanes8v4(h4[hAt[2] + k4]);
    let h3 = lanes8v4(h4[hAt[3] + k4]);
    rowGroup(acc, 0u, h0, w);
    rowGroup(acc, 8u, h1, w);
    rowGroup(acc, 16u, h2, w);
    rowGroup(acc, 24u, h3, w);
  }
}

@compute @workgroup_size(8)
fn mainT4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let lane = lid.x;
  let j = wg.x * 8u + lane; // this lane's unit
  let ju = min(j, H - 1u); // clamped: duplicates are computed, never stored
  let b0 = wg.y * 32u;
  var acc: array<vec4<f32>, 32>; // [row] = (i, f, g, o) from the recurrence
  if (t > 0u) { recurT4(&acc, t, B, H, b0, ju, lane, dims.sBase); }

  if (j >= H) { return; }
  for (var r = 0u; r < 32u; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    let a = acc[r];
    let zo = (t * B + b) * G - dims.gBase + j;
    let ig = sigmoid(gates[zo] + a.x);
    let fg = sigmoid(gates[zo + H] + a.y);
    let gg = safeTanh(gates[zo + 2u * H] + a.z);
    let og = sigmoid(gates[zo + 3u * H] + a.w);
    let cv = fg * c[(t * B + b) * H + j - dims.sBase] + ig * gg;
    gates[zo] = ig;
    gates[zo + H] = fg;
    gates[zo + 2u * H] = gg;
    gates[zo + 3u * H] = og;
    let so = ((t + 1u) * B + b) * H + j - dims.sBase;
    c[so] = cv;
    // h is bound as vec4s here (h would be a second variable on binding 5): a component store.
    h4[so / 4u][so % 4u] = og * safeTanh(cv);
  }
}

// mainT4X: mainT4 with the input projection fused in, for narrow inputs (I ≤ 32 features, I % 4 = 0: W3's 16,
// W1's 8). Z = x[t]·W + b is not read from `gates` (written by a separate matmul, lstm_cell.ts) but summed
// here first, in the same accumulators: per 4 features a lane loads one vec4 of x (4 row groups, broadcast
// as h is) and 4 vec4s of Wᵀ (4H, I), transposed after Uᵀ into binding 2 (W read as stored, 16 scalars per
// 4 features, made this kernel ~13% slower than mainT4; with Wᵀ it is within ~1%). That saves the
// matmul's store of Z and this kernel's 4 loads per (row, unit) of it, for I/4 more iterations of the k
// loop. The bias is added last, so the sum is b + (x·W + h·U) instead of (x·W + b) + h·U: equal to
// rounding. `gates` is write-only here.
struct DimsX { B: u32, H: u32, uOff: u32, gBase: u32, sBase: u32, I: u32, xBase: u32, wOff: u32, bOff: u32,
  _p0: u32, _p1: u32, _p2: u32 }
@group(0) @binding(0) var<uniform> dimsX: DimsX;
// bOff: element offset of the bias (4H) in params (wOff, of W, is unused here: Wᵀ is in binding 2). xBase:
// where x's bound window starts, counted from x[0] (u32 arithmetic wraps, so a window that starts before
// x[0] works).
@group(0) @binding(6) var<storage, read> paramsX: array<f32>;
@group(0) @binding(7) var<storage, read> x4: array<vec4<f32>>;

@compute @workgroup_size(8)
fn mainT4X(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dimsX.B;
  let H = dimsX.H;
  let I = dimsX.I;
  let G = 4u * H;
  let t = ts.t;
  let lane = lid.x;
  let j = wg.x * 8u + lane; // this lane's unit
  let ju = min(j, H - 1u); // clamped: duplicates are computed, never stored
  let b0 = wg.y * 32u;
  var acc: array<vec4<f32>, 32>; // [row] = (i, f, g, o): x·W, then + h·U
  var xAt: array<u32, 4>; // vec4 index of x[t] at feature 0 for row b0 + 8g + lane
  for (var g = 0u; g < 4u; g++) { xAt[g] = ((t * B + min(b0 + 8u * g + lane, B - 1u)) * I - dimsX.xBase) / 4u; }
  let I4 = I / 4u;
  let wAt = H * H + ju * I4; // vec4 index of Wᵀ row (gate 0, unit ju), stored after Uᵀ; gate q is q·H rows on
  let wStep = H * I4;
  for (var f4 = 0u; f4 < I4; f4++) {
    let wo = wAt + f4;
    let u = array<vec4<f32>, 4>(uT4[wo], uT4[wo + wStep], uT4[wo + 2u * wStep], uT4[wo + 3u * wStep]);
    var w: array<vec4<f32>, 4>; // [feature 4·f4 + e] = the 4 gates' input weights of this unit
    for (var e = 0u; e < 4u; e++) { w[e] = vec4<f32>(u[0][e], u[1][e], u[2][e], u[3][e]); }
    let x0 = lanes8v4(x4[xAt[0] + f4]);
    let x1 = lanes8v4(x4[xAt[1] + f4]);
    let x2 = lanes8v4(x4[xAt[2] + f4]);
    let x3 = lanes8v4(x4[xAt[3] + f4]);
    rowGroup(&acc, 0u, x0, w);
    rowGroup(&acc, 8u, x1, w);
    rowGroup(&acc, 16u, x2, w);
    rowGroup(&acc, 24u, x3, w);
  }
  if (t > 0u) { recurT4(&acc, t, B, H, b0, ju, lane, dimsX.sBase); }

  if (j >= H) { return; }
  let bo = dimsX.bOff + j;
  let bias = vec4<f32>(paramsX[bo], paramsX[bo + H], paramsX[bo + 2u * H], paramsX[bo + 3u * H]);
  for (var r = 0u; r < 32u; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    let a = bias + acc[r];
    let zo = (t * B + b) * G - dimsX.gBase + j;
    let ig = sigmoid(a.x);
    let fg = sigmoid(a.y);
    let gg = safeTanh(a.z);
    let og = sigmoid(a.w);
    let cv = fg * c[(t * B + b) * H + j - dimsX.sBase] + ig * gg;
    gates[zo] = ig;
    gates[zo + H] = fg;
    gates[zo + 2u * H] = gg;
    gates[zo + 3u * H] = og;
    let so = ((t + 1u) * B + b) * H + j - dimsX.sBase;
    c[so] = cv;
    h4[so / 4u][so % 4u] = og * safeTanh(cv);
  }
}
