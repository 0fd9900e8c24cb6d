// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from
// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).
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

// ---- generated: lanes8 (scripts/wgsl-gen; do not edit by hand) ----
// The 8 lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).
fn lanes8(v: f32) -> array<f32, 8> {
  return array<f32, 8>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u), subgroupBroadcast(v, 4u), subgroupBroadcast(v, 5u), subgroupBroadcast(v, 6u),
    subgroupBroadcast(v, 7u));
}
// ---- end generated: lanes8 ----

// ---- generated: main (scripts/wgsl-gen; do not edit by hand) ----
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
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
      cell(t, b, j, a.x, a.y, a.z, a.w);
    }
  }
}
// ---- end generated: main ----

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

// mainR4: the same step for H a multiple of 4 (chosen from H = 64 on), reading the recurrent kernel
// transposed (binding 2 holds Uᵀ (4H, H) in a texture, see below, and dims.uOff is 0), so that U and h[t-1] are
// both contiguous along k and read as vec4s of 4 steps of k. A workgroup owns 32 batch rows × 8 units, and
// the lanes split the rows: lane l owns rows b0+l, b0+l+8, b0+l+16, b0+l+24, each with all 8 units × 4
// gates (32 vec4 accumulators). Per 4 steps of k a lane loads h[t-1] of its own 4 rows (4 vec4s, nothing
// to share) and 4 vec4s of Uᵀ (gate l % 4 of units 4·(l/4) … +3), which subgroupBroadcast hands to all
// lanes: 32 floats loaded per lane for 512 FMAs, as in a lanes-over-units block of the same size (the two
// are mirror images; llvmpipe loads every float lane by lane, so floats per FMA is the cost). What the rows
// buy is the epilogue: a lane holds 4 consecutive units of each gate, so gates, c and h are read and
// written as vec4s (per row and 8 units 22 vec4 accesses instead of 88 scalar ones; 14 for 56 in
// mainR4X). W3 (B 128, H 256): 0.93× the time of the lanes-over-units mainT4 it replaced (its epilogue
// alone 0.74–0.77×), with the same sums in the same order (bit-identical results); W1's H 128: 0.80×, H 64
// (W1, W2): 0.86–0.89× main2's time; at H 32 main2 stays (mainR4 1.05×). 64 rows × 8 units (256
// accumulator floats per lane) was 2× slower: llvmpipe spills.
// Uᵀ as an rgba32float texture of 4H rows × H/4 texels (4 consecutive k each; transpose_texture.wgsl), and in
// mainR4X Wᵀ (4H, I) beside it from texel column H/4. On llvmpipe a textureLoad fetches the 8 lanes' vec4s in
// one vectorized call, where a storage-buffer load goes lane by lane with bounds checks: W3's forward step
// 0.87× the time with Uᵀ from a storage buffer (docs/performance.md, Round 4). The same sums in the same order.
// h[t-1] comes from a texture too, for the same reason: two ping-pong rgba32float textures per layer (lstm_cell.ts
// binds them per parity of t), step t reads h[t-1] from hPrev and writes h[t] into hNext as well as into the
// sequence buffer h (which the backward, the weight gradients and the next layer read). A read-only and a
// write-only storage texture must be different bindings, and a texture is never both in one dispatch. Texel
// (H/4·(b % R) + k/4, b / R) holds units k … k+3 of batch row b, where R = the texture's width / (H/4) rows
// share a texel row (1 unless B exceeds the device's largest texture dimension). At t = 0, h[-1] = 0 and
// hPrev is not read. W3's forward step: 0.78–0.81× with Uᵀ and h from textures against 0.87× with Uᵀ alone
// (Round 4's harness; Round 5 in docs/performance.md).
@group(0) @binding(2) var uTex: texture_storage_2d<rgba32float, read>;
@group(0) @binding(3) var<storage, read_write> gates4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> c4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> h4: array<vec4<f32>>;
@group(0) @binding(6) var hPrev: texture_storage_2d<rgba32float, read>;
@group(0) @binding(7) var hNext: texture_storage_2d<rgba32float, write>;

// Texel of h's textures holding units 4·k4 … +3 of batch row b: (H4·(b % R) + k4, b / R).
fn hTexel(b: u32, k4: u32, H4: u32) -> vec2<u32> {
  let R = textureDimensions(hNext).x / H4;
  return vec2<u32>(H4 * (b % R) + k4, b / R);
}

// The 8 lanes' vec4s, in every lane.
// ---- generated: lanes8v4 (scripts/wgsl-gen; do not edit by hand) ----
fn lanes8v4(v: vec4<f32>) -> array<vec4<f32>, 8> {
  return array<vec4<f32>, 8>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u), subgroupBroadcast(v, 4u), subgroupBroadcast(v, 5u), subgroupBroadcast(v, 6u),
    subgroupBroadcast(v, 7u));
}
// ---- end generated: lanes8v4 ----

// acc + Σ_e hv[e]·w[e], in e (k) order.
fn fma4(acc: vec4<f32>, hv: vec4<f32>, w: array<vec4<f32>, 4>) -> vec4<f32> {
  return fma(vec4<f32>(hv.w), w[3], fma(vec4<f32>(hv.z), w[2], fma(vec4<f32>(hv.y), w[1],
    fma(vec4<f32>(hv.x), w[0], acc))));
}

// One unit's weights for 4 steps of k, [k step] = (i, f, g, o), from the vec4s (4 steps of k) of its 4 gates.
fn gatesW(g0: vec4<f32>, g1: vec4<f32>, g2: vec4<f32>, g3: vec4<f32>) -> array<vec4<f32>, 4> {
  return array<vec4<f32>, 4>(vec4<f32>(g0.x, g1.x, g2.x, g3.x), vec4<f32>(g0.y, g1.y, g2.y, g3.y),
    vec4<f32>(g0.z, g1.z, g2.z, g3.z), vec4<f32>(g0.w, g1.w, g2.w, g3.w));
}

// Unit u's accumulators of the lane's 4 rows, called with constant u: indexed at run time, acc would live in
// per-lane scratch memory (measured on the earlier mainT4: twice the time). For the same reason the
// epilogues' loops skip rows and units past the edge with `continue`, not `break`, so that they unroll.
fn unitR(acc: ptr<function, array<vec4<f32>, 32>>, u: u32, hv: array<vec4<f32>, 4>, w: array<vec4<f32>, 4>) {
  (*acc)[u] = fma4((*acc)[u], hv[0], w);
  (*acc)[8u + u] = fma4((*acc)[8u + u], hv[1], w);
  (*acc)[16u + u] = fma4((*acc)[16u + u], hv[2], w);
  (*acc)[24u + u] = fma4((*acc)[24u + u], hv[3], w);
}

// 4 steps of k for the whole block: hv = this lane's 4 rows of the left operand, uv = the 4 vec4s of the
// right one this lane loaded (lane s: gate s % 4 of units 4·(s/4) + m), shared by broadcasts.
fn stepR4(acc: ptr<function, array<vec4<f32>, 32>>, hv: array<vec4<f32>, 4>, uv: array<vec4<f32>, 4>) {
  let b0 = lanes8v4(uv[0]);
  unitR(acc, 0u, hv, gatesW(b0[0], b0[1], b0[2], b0[3]));
  unitR(acc, 4u, hv, gatesW(b0[4], b0[5], b0[6], b0[7]));
  let b1 = lanes8v4(uv[1]);
  unitR(acc, 1u, hv, gatesW(b1[0], b1[1], b1[2], b1[3]));
  unitR(acc, 5u, hv, gatesW(b1[4], b1[5], b1[6], b1[7]));
  let b2 = lanes8v4(uv[2]);
  unitR(acc, 2u, hv, gatesW(b2[0], b2[1], b2[2], b2[3]));
  unitR(acc, 6u, hv, gatesW(b2[4], b2[5], b2[6], b2[7]));
  let b3 = lanes8v4(uv[3]);
  unitR(acc, 3u, hv, gatesW(b3[0], b3[1], b3[2], b3[3]));
  unitR(acc, 7u, hv, gatesW(b3[4], b3[5], b3[6], b3[7]));
}

// Texture rows (of uTex: Uᵀ and Wᵀ share them) this lane loads for stepR4: gate lane % 4, units j0 +
// 4·(lane/4) + m. Units past H are clamped: duplicates are computed, never stored (no branch, so the
// broadcasts stay in uniform control flow).
fn weightRows(H: u32, j0: u32, lane: u32) -> array<u32, 4> {
  let q = lane % 4u;
  let first = j0 + 4u * (lane / 4u);
  var at: array<u32, 4>;
  for (var m = 0u; m < 4u; m++) { at[m] = q * H + min(first + m, H - 1u); }
  return at;
}

// The 4 texels at column x of rows at[0 … 3] of uTex.
fn weightsAt(x: u32, at: array<u32, 4>) -> array<vec4<f32>, 4> {
  return array<vec4<f32>, 4>(textureLoad(uTex, vec2<u32>(x, at[0])), textureLoad(uTex, vec2<u32>(x, at[1])),
    textureLoad(uTex, vec2<u32>(x, at[2])), textureLoad(uTex, vec2<u32>(x, at[3])));
}

// acc += h[t-1]·U for mainR4's block, in k order. A function so that mainR4X shares it (inlined).
fn recurR4(
  acc: ptr<function, array<vec4<f32>, 32>>, t: u32, B: u32, H: u32, b0: u32, j0: u32, lane: u32, sBase: u32,
) {
  let H4 = H / 4u;
  var hAt: array<vec2<u32>, 4>; // texel of h[t-1] at k = 0 for row b0 + lane + 8i
  for (var i = 0u; i < 4u; i++) { hAt[i] = hTexel(min(b0 + lane + 8u * i, B - 1u), 0u, H4); }
  let uAt = weightRows(H, j0, lane);
  for (var k4 = 0u; k4 < H4; k4++) {
    let uv = weightsAt(k4, uAt);
    let hv = array<vec4<f32>, 4>(textureLoad(hPrev, hAt[0] + vec2<u32>(k4, 0u)),
      textureLoad(hPrev, hAt[1] + vec2<u32>(k4, 0u)), textureLoad(hPrev, hAt[2] + vec2<u32>(k4, 0u)),
      textureLoad(hPrev, hAt[3] + vec2<u32>(k4, 0u)));
    stepR4(acc, hv, uv);
  }
}

// The cell update of one row of mainR4 / mainR4X for units j … j+3 (j a multiple of 4), from the gates'
// pre-activations (vec4s of 4 units): activations over the gates' slots (zo, vec4 index of gate i at unit j),
// c and h of slot t+1 at so (vec4 index of slot t's c at unit j; slot t+1 is B·H/4 further), and h into hNext's
// texel ht (hTexel of the row and j/4).
fn cellR4(zo: u32, so: u32, ht: vec2<u32>, H4: u32, BH4: u32, zi: vec4<f32>, zf: vec4<f32>, zg: vec4<f32>,
  zz: vec4<f32>) {
  let ig = 1.0 / (1.0 + exp(-zi));
  let fg = 1.0 / (1.0 + exp(-zf));
  let gg = tanh(clamp(zg, vec4<f32>(-15.0), vec4<f32>(15.0)));
  let og = 1.0 / (1.0 + exp(-zz));
  let cv = fg * c4[so] + ig * gg;
  gates4[zo] = ig;
  gates4[zo + H4] = fg;
  gates4[zo + 2u * H4] = gg;
  gates4[zo + 3u * H4] = og;
  c4[so + BH4] = cv;
  let hv = og * tanh(clamp(cv, vec4<f32>(-15.0), vec4<f32>(15.0)));
  h4[so + BH4] = hv;
  textureStore(hNext, ht, hv);
}

// The 4 units from 4·half of mainR4's 8 for one row: [gate] = vec4 of the units' accumulators.
fn unitsOf(acc: ptr<function, array<vec4<f32>, 32>>, r: u32, u0: u32) -> array<vec4<f32>, 4> {
  let a0 = (*acc)[r + u0];
  let a1 = (*acc)[r + u0 + 1u];
  let a2 = (*acc)[r + u0 + 2u];
  let a3 = (*acc)[r + u0 + 3u];
  return array<vec4<f32>, 4>(vec4<f32>(a0.x, a1.x, a2.x, a3.x), vec4<f32>(a0.y, a1.y, a2.y, a3.y),
    vec4<f32>(a0.z, a1.z, a2.z, a3.z), vec4<f32>(a0.w, a1.w, a2.w, a3.w));
}

@compute @workgroup_size(8)
fn mainR4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H = dims.H;
  let H4 = H / 4u;
  let t = ts.t;
  let lane = lid.x;
  let j0 = wg.x * 8u;
  let b0 = wg.y * 32u;
  var acc: array<vec4<f32>, 32>; // [8i + u] = (i, f, g, o) of row b0 + lane + 8i, unit j0 + u
  if (t > 0u) { recurR4(&acc, t, B, H, b0, j0, lane, dims.sBase); }

  for (var i = 0u; i < 4u; i++) {
    let b = b0 + lane + 8u * i;
    if (b >= B) { continue; }
    let row = t * B + b;
    for (var half = 0u; half < 2u; half++) {
      let j = j0 + 4u * half;
      if (j >= H) { continue; }
      let a = unitsOf(&acc, 8u * i, 4u * half);
      let zo = (row * 4u * H + j - dims.gBase) / 4u;
      let so = (row * H + j - dims.sBase) / 4u;
      cellR4(zo, so, hTexel(b, j / 4u, H4), H4, B * H4, gates4[zo] + a[0], gates4[zo + H4] + a[1], gates4[zo + 2u * H4] + a[2],
        gates4[zo + 3u * H4] + a[3]);
    }
  }
}

// mainR4X: mainR4 with the input projection fused in, for narrow inputs (I ≤ 32 features, I % 4 = 0: W3's 16,
// W1's 8; H ≥ 128, where it was measured). Z = x[t]·W + b is not read from `gates` (written by a separate
// matmul, lstm_cell.ts) but summed here first, in the same accumulators: per 4 features a lane loads one vec4
// of x for each of its rows and 4 vec4s of Wᵀ (4H, I), transposed beside Uᵀ into binding 2 (broadcast as Uᵀ
// is). That saves the matmul's store of Z and this kernel's reload of it, for I/4 more iterations of the k
// loop. The bias is added last, so the sum is b + (x·W + h·U) instead of (x·W + b) + h·U: equal to
// rounding. `gates` is write-only here.
struct DimsX { B: u32, H: u32, uOff: u32, gBase: u32, sBase: u32, I: u32, xBase: u32, wOff: u32, bOff: u32,
  _p0: u32, _p1: u32, _p2: u32 }
@group(0) @binding(0) var<uniform> dimsX: DimsX;
// bOff: element offset of the bias (4H) in params (wOff, of W, is unused here: Wᵀ is in the texture). xBase:
// where x's bound window starts, counted from x[0] (u32 arithmetic wraps, so a window that starts before
// x[0] works).
@group(0) @binding(8) var<storage, read> paramsX: array<f32>;
@group(0) @binding(9) var<storage, read> x4: array<vec4<f32>>;

// mainR4X's epilogue for units j0 + u0 … +3 (u0 = 0 or 4, constant) of the lane's rows: bias = [gate] the
// units' bias.
fn finishR4X(acc: ptr<function, array<vec4<f32>, 32>>, t: u32, j0: u32, b0: u32, lane: u32, bias: array<vec4<f32>, 4>,
  u0: u32) {
  let B = dimsX.B;
  let H = dimsX.H;
  let H4 = H / 4u;
  let j = j0 + u0;
  if (j >= H) { return; }
  for (var i = 0u; i < 4u; i++) {
    let b = b0 + lane + 8u * i;
    if (b >= B) { continue; }
    let row = t * B + b;
    let a = unitsOf(acc, 8u * i, u0);
    let zo = (row * 4u * H + j - dimsX.gBase) / 4u;
    let so = (row * H + j - dimsX.sBase) / 4u;
    cellR4(zo, so, hTexel(b, j / 4u, H4), H4, B * H4, bias[0] + a[0], bias[1] + a[1], bias[2] + a[2], bias[3] + a[3]);
  }
}

@compute @workgroup_size(8)
fn mainR4X(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dimsX.B;
  let H = dimsX.H;
  let I = dimsX.I;
  let H4 = H / 4u;
  let I4 = I / 4u;
  let t = ts.t;
  let lane = lid.x;
  let j0 = wg.x * 8u;
  let b0 = wg.y * 32u;
  // [8i + u] = (i, f, g, o) of row b0 + lane + 8i, unit j0 + u: x·W, then + h·U
  var acc: array<vec4<f32>, 32>;
  var xAt: array<u32, 4>; // vec4 index of x[t] at feature 0 for row b0 + lane + 8i
  for (var i = 0u; i < 4u; i++) { xAt[i] = ((t * B + min(b0 + lane + 8u * i, B - 1u)) * I - dimsX.xBase) / 4u; }
  let wAt = weightRows(H, j0, lane); // Wᵀ's rows are Uᵀ's, from texel column H/4
  for (var f4 = 0u; f4 < I4; f4++) {
    let uv = weightsAt(H4 + f4, wAt);
    let xv = array<vec4<f32>, 4>(x4[xAt[0] + f4], x4[xAt[1] + f4], x4[xAt[2] + f4], x4[xAt[3] + f4]);
    stepR4(&acc, xv, uv);
  }
  if (t > 0u) { recurR4(&acc, t, B, H, b0, j0, lane, dimsX.sBase); }

  // The bias of the 8 units × 4 gates, loaded as Uᵀ is (lane s: gate s % 4 of units 4·(s/4) … +3; bOff need
  // not be a multiple of 4, so scalar loads) and shared by broadcasts: 4 loads per lane instead of 32.
  let q = lane % 4u;
  let first = j0 + 4u * (lane / 4u);
  var own: vec4<f32>;
  for (var m = 0u; m < 4u; m++) { own[m] = paramsX[dimsX.bOff + q * H + min(first + m, H - 1u)]; }
  let bias = lanes8v4(own);
  finishR4X(&acc, t, j0, b0, lane, array<vec4<f32>, 4>(bias[0], bias[1], bias[2], bias[3]), 0u);
  finishR4X(&acc, t, j0, b0, lane, array<vec4<f32>, 4>(bias[4], bias[5], bias[6], bias[7]), 4u);
}
