// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from
// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).
// matmul.wgsl for CPU emulators with 4-lane subgroups (SwiftShader in Chromium): same bindings, dims and
// overrides (less TILED), same result. SwiftShader runs 4 invocations as one SIMD vector and, for a load
// whose index is computed at run time, loads lane by lane (a gather emulated with a branch per lane under
// Subzero): loads, not FMAs, are the cost, as on llvmpipe (subgroup.ts). The 8-lane matmul_sg.wgsl with
// its lane count halved: a workgroup is one 4-lane subgroup and owns a 16×16 block of C; lane l loads A for
// rows m0+l+4g, g < 4 (4 loads per k) and B for columns n0+l+4q, q < 4 (4 loads per k); subgroupBroadcast
// hands each lane's A value to all lanes, so each lane accumulates 16 rows × 4 columns: 64 FMAs per 8
// loads (the 4×4 block of the direct matmul.wgsl path does 16 per 8).
// Lanes are subgroup_invocation_id: on a device with wider subgroups (lavapipe's 8, where the tests run
// it) the 4 invocations of a workgroup are one partial subgroup with ids 0 … 3, so the broadcasts still
// read this workgroup's lanes.
enable subgroups;

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
override ACCUMULATE: bool = false;

struct Dims {
  M: u32, N: u32, K: u32,
  aOff: u32, bOff: u32, cOff: u32, biasOff: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> C: array<f32>;

const RG: u32 = 4u; // row groups of 4 lanes: 16 rows per workgroup
const CN: u32 = 4u; // columns per lane, 4 apart: 16 columns per workgroup

// ---- generated: lanes4 (scripts/wgsl-gen; do not edit by hand) ----
// The 4 lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).
fn lanes4(v: f32) -> array<f32, 4> {
  return array<f32, 4>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u));
}
// ---- end generated: lanes4 ----

// The epilogue of main and mainT4: this lane's 16 rows × 4 columns (4 apart) of C, plus bias, added to C
// (ACCUMULATE) or stored. Each lane's bias values are loaded once rather than once per row.
// ---- generated: storeBlock (scripts/wgsl-gen; do not edit by hand) ----
fn storeBlock(acc: ptr<function, array<array<f32, CN>, RG * 4u>>, m0: u32, n0: u32, lane: u32) {
  let M = dims.M;
  let N = dims.N;
  var bv: array<f32, CN>;
  if (HAS_BIAS) {
    for (var q = 0u; q < CN; q++) { bv[q] = bias[dims.biasOff + min(n0 + lane + 4u * q, N - 1u)]; }
  }
  for (var r = 0u; r < 4u * RG; r++) {
    let m = m0 + r;
    if (m >= M) { break; }
    for (var q = 0u; q < CN; q++) {
      let n = n0 + lane + 4u * q;
      if (n >= N) { continue; }
      var v = (*acc)[r][q];
      if (HAS_BIAS) { v += bv[q]; }
      let at = dims.cOff + m * N + n;
      if (ACCUMULATE) { v += C[at]; }
      C[at] = v;
    }
  }
}
// ---- end generated: storeBlock ----

// ---- generated: main (scripts/wgsl-gen; do not edit by hand) ----
@compute @workgroup_size(4)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let M = dims.M;
  let N = dims.N;
  let K = dims.K;
  let m0 = wg.y * 4u * RG;
  let n0 = wg.x * 4u * CN;
  // Element offsets at k = 0 and their step per k. Rows and columns past the edge are clamped: they load
  // duplicates that are computed but never stored (no branch, so the broadcasts stay in uniform flow).
  var aAt: array<u32, RG>;
  var bAt: array<u32, CN>;
  for (var g = 0u; g < RG; g++) {
    let m = min(m0 + 4u * g + lane, M - 1u);
    aAt[g] = dims.aOff + select(m * K, m, TRANS_A);
  }
  for (var q = 0u; q < CN; q++) {
    let n = min(n0 + lane + 4u * q, N - 1u);
    bAt[q] = dims.bOff + select(n, n * K, TRANS_B);
  }
  let aStep = select(1u, M, TRANS_A);
  let bStep = select(N, 1u, TRANS_B);
  var acc: array<array<f32, CN>, RG * 4u>; // [row][column]
  for (var k = 0u; k < K; k++) {
    var b: array<f32, CN>;
    for (var q = 0u; q < CN; q++) { b[q] = B[bAt[q] + k * bStep]; }
    for (var g = 0u; g < RG; g++) {
      let a = lanes4(A[aAt[g] + k * aStep]);
      for (var i = 0u; i < 4u; i++) {
        for (var q = 0u; q < CN; q++) { acc[g * 4u + i][q] = fma(a[i], b[q], acc[g * 4u + i][q]); }
      }
    }
  }

  storeBlock(&acc, m0, n0, lane);
}
// ---- end generated: main ----

// main4: the same product when B is not transposed and N and the B and C offsets are multiples of 4: B is
// read, and C written, as vec4s of 4 consecutive columns. A larger block, 16 rows × 32 columns: lane l owns
// the vec4s of columns n0+4l … n0+4l+3 and n0+16+4l … n0+16+4l+3; per k, 4 loads of A (broadcast) and 2
// vec4 loads of B feed 32 vec4 FMAs (W2 in Chromium: dU 0.8× the time of a 16×16 block; 32×16 was as fast
// on dU but slower on dW, whose M is F; 32×32 slower on both). Unrolled by wgsl-gen, with named vec4
// accumulators and no array indexed at run time: SwiftShader keeps such arrays in memory and reaches every
// element through the same lane-by-lane gather and scatter as a buffer (main's acc[r][q] costs a gather
// and a scatter per FMA: written as main is, this entry point took ~5× the time), while named values and
// constant indices become registers.
@group(0) @binding(2) var<storage, read> B4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> C4: array<vec4<f32>>;

// Row m of this lane's 4 columns: plus bias, added to C (ACCUMULATE) or stored.
fn store4(m: u32, at: u32, v: vec4<f32>, bv: vec4<f32>) {
  if (m >= dims.M) { return; }
  var x = v;
  if (HAS_BIAS) { x += bv; }
  if (ACCUMULATE) { x += C4[at]; }
  C4[at] = x;
}

// The bias of the 4 columns of vec4 n (zero without one), loaded once rather than once per row.
fn biasAt(n: u32) -> vec4<f32> {
  if (!HAS_BIAS) { return vec4<f32>(0.0); }
  let o = dims.biasOff + 4u * n;
  return vec4<f32>(bias[o], bias[o + 1u], bias[o + 2u], bias[o + 3u]);
}

// ---- generated: main4 (scripts/wgsl-gen; do not edit by hand) ----
@compute @workgroup_size(4)
fn main4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let M = dims.M;
  let K = dims.K;
  let N4 = dims.N / 4u;
  let m0 = wg.y * 16u;
  let n4 = wg.x * 8u + lane; // this lane's first vec4 of columns; its others are 4, 8, … vec4s further
  // Rows m0+lane+4g and the columns: clamped, so duplicates are computed, never stored.
  let aStep = select(1u, M, TRANS_A);
  let aRow = select(K, 1u, TRANS_A);
  let a0At = dims.aOff + min(m0 + 0u + lane, M - 1u) * aRow;
  let a1At = dims.aOff + min(m0 + 4u + lane, M - 1u) * aRow;
  let a2At = dims.aOff + min(m0 + 8u + lane, M - 1u) * aRow;
  let a3At = dims.aOff + min(m0 + 12u + lane, M - 1u) * aRow;
  let b0At = dims.bOff / 4u + min(n4 + 0u, N4 - 1u);
  let b1At = dims.bOff / 4u + min(n4 + 4u, N4 - 1u);
  var c0_0 = vec4<f32>(0.0); var c0_1 = vec4<f32>(0.0);
  var c1_0 = vec4<f32>(0.0); var c1_1 = vec4<f32>(0.0);
  var c2_0 = vec4<f32>(0.0); var c2_1 = vec4<f32>(0.0);
  var c3_0 = vec4<f32>(0.0); var c3_1 = vec4<f32>(0.0);
  var c4_0 = vec4<f32>(0.0); var c4_1 = vec4<f32>(0.0);
  var c5_0 = vec4<f32>(0.0); var c5_1 = vec4<f32>(0.0);
  var c6_0 = vec4<f32>(0.0); var c6_1 = vec4<f32>(0.0);
  var c7_0 = vec4<f32>(0.0); var c7_1 = vec4<f32>(0.0);
  var c8_0 = vec4<f32>(0.0); var c8_1 = vec4<f32>(0.0);
  var c9_0 = vec4<f32>(0.0); var c9_1 = vec4<f32>(0.0);
  var c10_0 = vec4<f32>(0.0); var c10_1 = vec4<f32>(0.0);
  var c11_0 = vec4<f32>(0.0); var c11_1 = vec4<f32>(0.0);
  var c12_0 = vec4<f32>(0.0); var c12_1 = vec4<f32>(0.0);
  var c13_0 = vec4<f32>(0.0); var c13_1 = vec4<f32>(0.0);
  var c14_0 = vec4<f32>(0.0); var c14_1 = vec4<f32>(0.0);
  var c15_0 = vec4<f32>(0.0); var c15_1 = vec4<f32>(0.0);
  for (var k = 0u; k < K; k++) {
    let b0 = B4[b0At + k * N4];
    let b1 = B4[b1At + k * N4];
    let ak = k * aStep;
    let a0 = A[a0At + ak];
    let a1 = A[a1At + ak];
    let a2 = A[a2At + ak];
    let a3 = A[a3At + ak];
    let x0 = vec4<f32>(subgroupBroadcast(a0, 0u));
    c0_0 = fma(x0, b0, c0_0);
    c0_1 = fma(x0, b1, c0_1);
    let x1 = vec4<f32>(subgroupBroadcast(a0, 1u));
    c1_0 = fma(x1, b0, c1_0);
    c1_1 = fma(x1, b1, c1_1);
    let x2 = vec4<f32>(subgroupBroadcast(a0, 2u));
    c2_0 = fma(x2, b0, c2_0);
    c2_1 = fma(x2, b1, c2_1);
    let x3 = vec4<f32>(subgroupBroadcast(a0, 3u));
    c3_0 = fma(x3, b0, c3_0);
    c3_1 = fma(x3, b1, c3_1);
    let x4 = vec4<f32>(subgroupBroadcast(a1, 0u));
    c4_0 = fma(x4, b0, c4_0);
    c4_1 = fma(x4, b1, c4_1);
    let x5 = vec4<f32>(subgroupBroadcast(a1, 1u));
    c5_0 = fma(x5, b0, c5_0);
    c5_1 = fma(x5, b1, c5_1);
    let x6 = vec4<f32>(subgroupBroadcast(a1, 2u));
    c6_0 = fma(x6, b0, c6_0);
    c6_1 = fma(x6, b1, c6_1);
    let x7 = vec4<f32>(subgroupBroadcast(a1, 3u));
    c7_0 = fma(x7, b0, c7_0);
    c7_1 = fma(x7, b1, c7_1);
    let x8 = vec4<f32>(subgroupBroadcast(a2, 0u));
    c8_0 = fma(x8, b0, c8_0);
    c8_1 = fma(x8, b1, c8_1);
    let x9 = vec4<f32>(subgroupBroadcast(a2, 1u));
    c9_0 = fma(x9, b0, c9_0);
    c9_1 = fma(x9, b1, c9_1);
    let x10 = vec4<f32>(subgroupBroadcast(a2, 2u));
    c10_0 = fma(x10, b0, c10_0);
    c10_1 = fma(x10, b1, c10_1);
    let x11 = vec4<f32>(subgroupBroadcast(a2, 3u));
    c11_0 = fma(x11, b0, c11_0);
    c11_1 = fma(x11, b1, c11_1);
    let x12 = vec4<f32>(subgroupBroadcast(a3, 0u));
    c12_0 = fma(x12, b0, c12_0);
    c12_1 = fma(x12, b1, c12_1);
    let x13 = vec4<f32>(subgroupBroadcast(a3, 1u));
    c13_0 = fma(x13, b0, c13_0);
    c13_1 = fma(x13, b1, c13_1);
    let x14 = vec4<f32>(subgroupBroadcast(a3, 2u));
    c14_0 = fma(x14, b0, c14_0);
    c14_1 = fma(x14, b1, c14_1);
    let x15 = vec4<f32>(subgroupBroadcast(a3, 3u));
    c15_0 = fma(x15, b0, c15_0);
    c15_1 = fma(x15, b1, c15_1);
  }

  if (n4 + 0u < N4) {
    let n = n4 + 0u;
    let bv = biasAt(n);
    let cAt = dims.cOff / 4u + n + m0 * N4;
    store4(m0 + 0u, cAt + 0u * N4, c0_0, bv);
    store4(m0 + 1u, cAt + 1u * N4, c1_0, bv);
    store4(m0 + 2u, cAt + 2u * N4, c2_0, bv);
    store4(m0 + 3u, cAt + 3u * N4, c3_0, bv);
    store4(m0 + 4u, cAt + 4u * N4, c4_0, bv);
    store4(m0 + 5u, cAt + 5u * N4, c5_0, bv);
    store4(m0 + 6u, cAt + 6u * N4, c6_0, bv);
    store4(m0 + 7u, cAt + 7u * N4, c7_0, bv);
    store4(m0 + 8u, cAt + 8u * N4, c8_0, bv);
    store4(m0 + 9u, cAt + 9u * N4, c9_0, bv);
    store4(m0 + 10u, cAt + 10u * N4, c10_0, bv);
    store4(m0 + 11u, cAt + 11u * N4, c11_0, bv);
    store4(m0 + 12u, cAt + 12u * N4, c12_0, bv);
    store4(m0 + 13u, cAt + 13u * N4, c13_0, bv);
    store4(m0 + 14u, cAt + 14u * N4, c14_0, bv);
    store4(m0 + 15u, cAt + 15u * N4, c15_0, bv);
  }
  if (n4 + 4u < N4) {
    let n = n4 + 4u;
    let bv = biasAt(n);
    let cAt = dims.cOff / 4u + n + m0 * N4;
    store4(m0 + 0u, cAt + 0u * N4, c0_1, bv);
    store4(m0 + 1u, cAt + 1u * N4, c1_1, bv);
    store4(m0 + 2u, cAt + 2u * N4, c2_1, bv);
    store4(m0 + 3u, cAt + 3u * N4, c3_1, bv);
    store4(m0 + 4u, cAt + 4u * N4, c4_1, bv);
    store4(m0 + 5u, cAt + 5u * N4, c5_1, bv);
    store4(m0 + 6u, cAt + 6u * N4, c6_1, bv);
    store4(m0 + 7u, cAt + 7u * N4, c7_1, bv);
    store4(m0 + 8u, cAt + 8u * N4, c8_1, bv);
    store4(m0 + 9u, cAt + 9u * N4, c9_1, bv);
    store4(m0 + 10u, cAt + 10u * N4, c10_1, bv);
    store4(m0 + 11u, cAt + 11u * N4, c11_1, bv);
    store4(m0 + 12u, cAt + 12u * N4, c12_1, bv);
    store4(m0 + 13u, cAt + 13u * N4, c13_1, bv);
    store4(m0 + 14u, cAt + 14u * N4, c14_1, bv);
    store4(m0 + 15u, cAt + 15u * N4, c15_1, bv);
  }
}
// ---- end generated: main4 ----

// mainT4: B transposed (stored [N][K]; the dX products) with K, and the A and B offsets, multiples of 4:
// both operands are contiguous along k, so A (not transposed) and B are read as vec4s of 4 steps of k.
// Lane l owns columns n0+l+4q, q < 4, of the 16×16 block, one vec4 accumulator per row (component q);
// written out like main4, per 4 steps of k: 4 vec4 loads of A (16 rows, broadcast), 4 of B, 64 vec4 FMAs.
@group(0) @binding(1) var<storage, read> A4: array<vec4<f32>>;

// Row m of this lane's columns n, n+4, n+8, n+12: plus bias, added to C (ACCUMULATE) or stored.
fn storeT(m: u32, n: u32, v: vec4<f32>, bv: vec4<f32>) {
  if (m >= dims.M) { return; }
  let N = dims.N;
  var x = v;
  if (HAS_BIAS) { x += bv; }
  for (var q = 0u; q < 4u; q++) {
    let at = dims.cOff + m * N + n + 4u * q;
    if (n + 4u * q < N) {
      if (ACCUMULATE) { C[at] = C[at] + x[q]; } else { C[at] = x[q]; }
    }
  }
}

// ---- generated: mainT4 (scripts/wgsl-gen; do not edit by hand) ----
@compute @workgroup_size(4)
fn mainT4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let M = dims.M;
  let N = dims.N;
  let K4 = dims.K / 4u;
  let m0 = wg.y * 16u;
  let n = wg.x * 16u + lane;
  // Rows and columns past the edge are clamped: duplicates are computed, never stored.
  let a0At = dims.aOff / 4u + min(m0 + 0u + lane, M - 1u) * K4;
  let a1At = dims.aOff / 4u + min(m0 + 4u + lane, M - 1u) * K4;
  let a2At = dims.aOff / 4u + min(m0 + 8u + lane, M - 1u) * K4;
  let a3At = dims.aOff / 4u + min(m0 + 12u + lane, M - 1u) * K4;
  let b0At = dims.bOff / 4u + min(n + 0u, N - 1u) * K4;
  let b1At = dims.bOff / 4u + min(n + 4u, N - 1u) * K4;
  let b2At = dims.bOff / 4u + min(n + 8u, N - 1u) * K4;
  let b3At = dims.bOff / 4u + min(n + 12u, N - 1u) * K4;
  var c0 = vec4<f32>(0.0);
  var c1 = vec4<f32>(0.0);
  var c2 = vec4<f32>(0.0);
  var c3 = vec4<f32>(0.0);
  var c4 = vec4<f32>(0.0);
  var c5 = vec4<f32>(0.0);
  var c6 = vec4<f32>(0.0);
  var c7 = vec4<f32>(0.0);
  var c8 = vec4<f32>(0.0);
  var c9 = vec4<f32>(0.0);
  var c10 = vec4<f32>(0.0);
  var c11 = vec4<f32>(0.0);
  var c12 = vec4<f32>(0.0);
  var c13 = vec4<f32>(0.0);
  var c14 = vec4<f32>(0.0);
  var c15 = vec4<f32>(0.0);
  for (var k4 = 0u; k4 < K4; k4++) {
    let a0 = A4[a0At + k4];
    let a1 = A4[a1At + k4];
    let a2 = A4[a2At + k4];
    let a3 = A4[a3At + k4];
    let b0 = B4[b0At + k4];
    let b1 = B4[b1At + k4];
    let b2 = B4[b2At + k4];
    let b3 = B4[b3At + k4];
    let bt0 = vec4<f32>(b0.x, b1.x, b2.x, b3.x);
    let bt1 = vec4<f32>(b0.y, b1.y, b2.y, b3.y);
    let bt2 = vec4<f32>(b0.z, b1.z, b2.z, b3.z);
    let bt3 = vec4<f32>(b0.w, b1.w, b2.w, b3.w);
    c0 = fma(vec4<f32>(subgroupBroadcast(a0.x, 0u)), bt0, c0);
    c1 = fma(vec4<f32>(subgroupBroadcast(a0.x, 1u)), bt0, c1);
    c2 = fma(vec4<f32>(subgroupBroadcast(a0.x, 2u)), bt0, c2);
    c3 = fma(vec4<f32>(subgroupBroadcast(a0.x, 3u)), bt0, c3);
    c4 = fma(vec4<f32>(subgroupBroadcast(a1.x, 0u)), bt0, c4);
    c5 = fma(vec4<f32>(subgroupBroadcast(a1.x, 1u)), bt0, c5);
    c6 = fma(vec4<f32>(subgroupBroadcast(a1.x, 2u)), bt0, c6);
    c7 = fma(vec4<f32>(subgroupBroadcast(a1.x, 3u)), bt0, c7);
    c8 = fma(vec4<f32>(subgroupBroadcast(a2.x, 0u)), bt0, c8);
    c9 = fma(vec4<f32>(subgroupBroadcast(a2.x, 1u)), bt0, c9);
    c10 = fma(vec4<f32>(subgroupBroadcast(a2.x, 2u)), bt0, c10);
    c11 = fma(vec4<f32>(subgroupBroadcast(a2.x, 3u)), bt0, c11);
    c12 = fma(vec4<f32>(subgroupBroadcast(a3.x, 0u)), bt0, c12);
    c13 = fma(vec4<f32>(subgroupBroadcast(a3.x, 1u)), bt0, c13);
    c14 = fma(vec4<f32>(subgroupBroadcast(a3.x, 2u)), bt0, c14);
    c15 = fma(vec4<f32>(subgroupBroadcast(a3.x, 3u)), bt0, c15);
    c0 = fma(vec4<f32>(subgroupBroadcast(a0.y, 0u)), bt1, c0);
    c1 = fma(vec4<f32>(subgroupBroadcast(a0.y, 1u)), bt1, c1);
    c2 = fma(vec4<f32>(subgroupBroadcast(a0.y, 2u)), bt1, c2);
    c3 = fma(vec4<f32>(subgroupBroadcast(a0.y, 3u)), bt1, c3);
    c4 = fma(vec4<f32>(subgroupBroadcast(a1.y, 0u)), bt1, c4);
    c5 = fma(vec4<f32>(subgroupBroadcast(a1.y, 1u)), bt1, c5);
    c6 = fma(vec4<f32>(subgroupBroadcast(a1.y, 2u)), bt1, c6);
    c7 = fma(vec4<f32>(subgroupBroadcast(a1.y, 3u)), bt1, c7);
    c8 = fma(vec4<f32>(subgroupBroadcast(a2.y, 0u)), bt1, c8);
    c9 = fma(vec4<f32>(subgroupBroadcast(a2.y, 1u)), bt1, c9);
    c10 = fma(vec4<f32>(subgroupBroadcast(a2.y, 2u)), bt1, c10);
    c11 = fma(vec4<f32>(subgroupBroadcast(a2.y, 3u)), bt1, c11);
    c12 = fma(vec4<f32>(subgroupBroadcast(a3.y, 0u)), bt1, c12);
    c13 = fma(vec4<f32>(subgroupBroadcast(a3.y, 1u)), bt1, c13);
    c14 = fma(vec4<f32>(subgroupBroadcast(a3.y, 2u)), bt1, c14);
    c15 = fma(vec4<f32>(subgroupBroadcast(a3.y, 3u)), bt1, c15);
    c0 = fma(vec4<f32>(subgroupBroadcast(a0.z, 0u)), bt2, c0);
    c1 = fma(vec4<f32>(subgroupBroadcast(a0.z, 1u)), bt2, c1);
    c2 = fma(vec4<f32>(subgroupBroadcast(a0.z, 2u)), bt2, c2);
    c3 = fma(vec4<f32>(subgroupBroadcast(a0.z, 3u)), bt2, c3);
    c4 = fma(vec4<f32>(subgroupBroadcast(a1.z, 0u)), bt2, c4);
    c5 = fma(vec4<f32>(subgroupBroadcast(a1.z, 1u)), bt2, c5);
    c6 = fma(vec4<f32>(subgroupBroadcast(a1.z, 2u)), bt2, c6);
    c7 = fma(vec4<f32>(subgroupBroadcast(a1.z, 3u)), bt2, c7);
    c8 = fma(vec4<f32>(subgroupBroadcast(a2.z, 0u)), bt2, c8);
    c9 = fma(vec4<f32>(subgroupBroadcast(a2.z, 1u)), bt2, c9);
    c10 = fma(vec4<f32>(subgroupBroadcast(a2.z, 2u)), bt2, c10);
    c11 = fma(vec4<f32>(subgroupBroadcast(a2.z, 3u)), bt2, c11);
    c12 = fma(vec4<f32>(subgroupBroadcast(a3.z, 0u)), bt2, c12);
    c13 = fma(vec4<f32>(subgroupBroadcast(a3.z, 1u)), bt2, c13);
    c14 = fma(vec4<f32>(subgroupBroadcast(a3.z, 2u)), bt2, c14);
    c15 = fma(vec4<f32>(subgroupBroadcast(a3.z, 3u)), bt2, c15);
    c0 = fma(vec4<f32>(subgroupBroadcast(a0.w, 0u)), bt3, c0);
    c1 = fma(vec4<f32>(subgroupBroadcast(a0.w, 1u)), bt3, c1);
    c2 = fma(vec4<f32>(subgroupBroadcast(a0.w, 2u)), bt3, c2);
    c3 = fma(vec4<f32>(subgroupBroadcast(a0.w, 3u)), bt3, c3);
    c4 = fma(vec4<f32>(subgroupBroadcast(a1.w, 0u)), bt3, c4);
    c5 = fma(vec4<f32>(subgroupBroadcast(a1.w, 1u)), bt3, c5);
    c6 = fma(vec4<f32>(subgroupBroadcast(a1.w, 2u)), bt3, c6);
    c7 = fma(vec4<f32>(subgroupBroadcast(a1.w, 3u)), bt3, c7);
    c8 = fma(vec4<f32>(subgroupBroadcast(a2.w, 0u)), bt3, c8);
    c9 = fma(vec4<f32>(subgroupBroadcast(a2.w, 1u)), bt3, c9);
    c10 = fma(vec4<f32>(subgroupBroadcast(a2.w, 2u)), bt3, c10);
    c11 = fma(vec4<f32>(subgroupBroadcast(a2.w, 3u)), bt3, c11);
    c12 = fma(vec4<f32>(subgroupBroadcast(a3.w, 0u)), bt3, c12);
    c13 = fma(vec4<f32>(subgroupBroadcast(a3.w, 1u)), bt3, c13);
    c14 = fma(vec4<f32>(subgroupBroadcast(a3.w, 2u)), bt3, c14);
    c15 = fma(vec4<f32>(subgroupBroadcast(a3.w, 3u)), bt3, c15);
  }

  var bv = vec4<f32>(0.0);
  if (HAS_BIAS) {
    for (var q = 0u; q < 4u; q++) { bv[q] = bias[dims.biasOff + min(n + 4u * q, N - 1u)]; }
  }
  storeT(m0 + 0u, n, c0, bv);
  storeT(m0 + 1u, n, c1, bv);
  storeT(m0 + 2u, n, c2, bv);
  storeT(m0 + 3u, n, c3, bv);
  storeT(m0 + 4u, n, c4, bv);
  storeT(m0 + 5u, n, c5, bv);
  storeT(m0 + 6u, n, c6, bv);
  storeT(m0 + 7u, n, c7, bv);
  storeT(m0 + 8u, n, c8, bv);
  storeT(m0 + 9u, n, c9, bv);
  storeT(m0 + 10u, n, c10, bv);
  storeT(m0 + 11u, n, c11, bv);
  storeT(m0 + 12u, n, c12, bv);
  storeT(m0 + 13u, n, c13, bv);
  storeT(m0 + 14u, n, c14, bv);
  storeT(m0 + 15u, n, c15, bv);
}
// ---- end generated: mainT4 ----
