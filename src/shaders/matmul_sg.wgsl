// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from
// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).
// matmul.wgsl for CPU emulators with 8-lane subgroups (llvmpipe): same bindings, dims and overrides (less
// TILED), same result. See subgroup.ts for why: there, each storage-buffer load costs ~10 instructions per
// lane, so what counts is how many FMAs one load feeds.
// A workgroup is one 8-lane subgroup and owns a 16×32 block of C: lane l loads A for rows m0+l and m0+8+l
// (2 loads per k) and B for columns n0+l+8q, q < 4 (4 loads per k); subgroupBroadcast hands each lane's A
// value to all lanes, so each lane accumulates 16 rows × 4 columns: 64 FMAs per 6 loads (the 4×4 block of
// the direct matmul.wgsl path does 16 per 8). Measured on W3's dU (256×1024, K 16,384): 0.31× the time of
// that path; 16×32 beat 8×32, 16×16, 32×32, 16×64 and 32×16 blocks.
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

const RG: u32 = 2u; // row groups of 8 lanes: 16 rows per workgroup
const CN: u32 = 4u; // columns per lane, 8 apart: 32 columns per workgroup

// ---- generated: lanes8 (scripts/wgsl-gen; do not edit by hand) ----
// The 8 lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).
fn lanes8(v: f32) -> array<f32, 8> {
  return array<f32, 8>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u), subgroupBroadcast(v, 4u), subgroupBroadcast(v, 5u), subgroupBroadcast(v, 6u),
    subgroupBroadcast(v, 7u));
}
// ---- end generated: lanes8 ----

// The same for a vec4: lane i's 4 values in element i.
// ---- generated: lanes8v4 (scripts/wgsl-gen; do not edit by hand) ----
fn lanes8v4(v: vec4<f32>) -> array<vec4<f32>, 8> {
  return array<vec4<f32>, 8>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u), subgroupBroadcast(v, 4u), subgroupBroadcast(v, 5u), subgroupBroadcast(v, 6u),
    subgroupBroadcast(v, 7u));
}
// ---- end generated: lanes8v4 ----

// The epilogue of main and mainT4: this lane's 16 rows × 4 columns (8 apart) of C, plus bias, added to C
// (ACCUMULATE) or stored. Each lane's bias values are loaded once rather than once per row (every load is
// costly here).
// ---- generated: storeBlock (scripts/wgsl-gen; do not edit by hand) ----
fn storeBlock(acc: ptr<function, array<array<f32, CN>, RG * 8u>>, m0: u32, n0: u32, lane: u32) {
  let M = dims.M;
  let N = dims.N;
  var bv: array<f32, CN>;
  if (HAS_BIAS) {
    for (var q = 0u; q < CN; q++) { bv[q] = bias[dims.biasOff + min(n0 + lane + 8u * q, N - 1u)]; }
  }
  for (var r = 0u; r < 8u * RG; r++) {
    let m = m0 + r;
    if (m >= M) { break; }
    for (var q = 0u; q < CN; q++) {
      let n = n0 + lane + 8u * q;
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
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let M = dims.M;
  let N = dims.N;
  let K = dims.K;
  let m0 = wg.y * 8u * RG;
  let n0 = wg.x * 8u * CN;
  // Element offsets at k = 0 and their step per k. Rows and columns past the edge are clamped: they load
  // duplicates that are computed but never stored (no branch, so the broadcasts stay in uniform flow).
  var aAt: array<u32, RG>;
  var bAt: array<u32, CN>;
  for (var g = 0u; g < RG; g++) {
    let m = min(m0 + 8u * g + lane, M - 1u);
    aAt[g] = dims.aOff + select(m * K, m, TRANS_A);
  }
  for (var q = 0u; q < CN; q++) {
    let n = min(n0 + lane + 8u * q, N - 1u);
    bAt[q] = dims.bOff + select(n, n * K, TRANS_B);
  }
  let aStep = select(1u, M, TRANS_A);
  let bStep = select(N, 1u, TRANS_B);
  var acc: array<array<f32, CN>, RG * 8u>; // [row][column]
  for (var k = 0u; k < K; k++) {
    var b: array<f32, CN>;
    for (var q = 0u; q < CN; q++) { b[q] = B[bAt[q] + k * bStep]; }
    for (var g = 0u; g < RG; g++) {
      let a = lanes8(A[aAt[g] + k * aStep]);
      for (var i = 0u; i < 8u; i++) {
        for (var q = 0u; q < CN; q++) { acc[g * 8u + i][q] = fma(a[i], b[q], acc[g * 8u + i][q]); }
      }
    }
  }

  storeBlock(&acc, m0, n0, lane);
}
// ---- end generated: main ----

// main4: the same product when B is not transposed and N and the B and C offsets are multiples of 4: B is
// read, and C written, as vec4s of 4 consecutive columns, one load per k instead of 4 (see
// lstm_cell_backward_sg.wgsl's main4 for why that is cheaper on llvmpipe). Lane l owns columns
// n0+4l … n0+4l+3, the same 16×32 block.
@group(0) @binding(2) var<storage, read> B4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> C4: array<vec4<f32>>;

@compute @workgroup_size(8)
fn main4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.M;
  let N = dims.N;
  let K = dims.K;
  let N4 = N / 4u;
  let lane = lid.x;
  let m0 = wg.y * 8u * RG;
  let n4 = wg.x * 8u + lane; // this lane's vec4 of columns
  var aAt: array<u32, RG>;
  for (var g = 0u; g < RG; g++) {
    let m = min(m0 + 8u * g + lane, M - 1u); // clamped: duplicates are computed, never stored
    aAt[g] = dims.aOff + select(m * K, m, TRANS_A);
  }
  let aStep = select(1u, M, TRANS_A);
  let bAt = dims.bOff / 4u + min(n4, N4 - 1u);
  var acc: array<vec4<f32>, RG * 8u>; // [row] = 4 columns
  // Four steps of k per iteration, all loads first and then four chained FMAs per accumulator: llvmpipe
  // keeps only some of the 64 accumulator registers in the CPU's 32, so each is reloaded and stored (and
  // masked: loops run under an execution mask) once per iteration; this does that once per 4 FMAs.
  // The sums are still taken in k order, so the result is the same bits.
  var k = 0u;
  for (; k + 4u <= K; k += 4u) {
    let bo = bAt + k * N4;
    let b = array<vec4<f32>, 4>(B4[bo], B4[bo + N4], B4[bo + 2u * N4], B4[bo + 3u * N4]);
    for (var g = 0u; g < RG; g++) {
      let ao = aAt[g] + k * aStep;
      let a0 = lanes8(A[ao]);
      let a1 = lanes8(A[ao + aStep]);
      let a2 = lanes8(A[ao + 2u * aStep]);
      let a3 = lanes8(A[ao + 3u * aStep]);
      for (var i = 0u; i < 8u; i++) {
        let r = g * 8u + i;
        acc[r] = fma(vec4<f32>(a3[i]), b[3], fma(vec4<f32>(a2[i]), b[2], fma(vec4<f32>(a1[i]), b[1], fma(vec4<f32>(a0[i]), b[0], acc[r]))));
      }
    }
  }
  for (; k < K; k++) {
    let b = B4[bAt + k * N4];
    for (var g = 0u; g < RG; g++) {
      let a = lanes8(A[aAt[g] + k * aStep]);
      for (var i = 0u; i < 8u; i++) { acc[g * 8u + i] = fma(vec4<f32>(a[i]), b, acc[g * 8u + i]); }
    }
  }

  if (n4 >= N4) { return; }
  var bv: vec4<f32>; // this lane's 4 bias values, loaded once rather than once per row
  if (HAS_BIAS) {
    for (var e = 0u; e < 4u; e++) { bv[e] = bias[dims.biasOff + 4u * n4 + e]; }
  }
  // C as vec4s too (cOff a multiple of 4, checked by the wrapper): one store per row instead of four, which
  // is most of the input projection's time (K = features is small, its output T·B·4H is not).
  let cAt = dims.cOff / 4u + n4;
  for (var r = 0u; r < 8u * RG; r++) {
    let m = m0 + r;
    if (m >= M) { break; }
    var v = acc[r];
    if (HAS_BIAS) { v += bv; }
    let at = cAt + m * N4;
    if (ACCUMULATE) { v += C4[at]; }
    C4[at] = v;
  }
}

// mainT4: B transposed (stored [N][K]; the dX products) with K, and the A and B offsets, multiples of 4:
// both operands are contiguous along k, so A (not transposed) and B are read as vec4s of 4 steps of k.
// Per 4 steps a lane makes 2 vec4 loads of A (16 rows, broadcast) and 4 of B (its 4 columns, 8 apart).
@group(0) @binding(1) var<storage, read> A4: array<vec4<f32>>;

@compute @workgroup_size(8)
fn mainT4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.M;
  let N = dims.N;
  let K4 = dims.K / 4u;
  let lane = lid.x;
  let m0 = wg.y * 8u * RG;
  let n0 = wg.x * 8u * CN;
  var aAt: array<u32, RG>;
  var bAt: array<u32, CN>;
  for (var g = 0u; g < RG; g++) { aAt[g] = dims.aOff / 4u + min(m0 + 8u * g + lane, M - 1u) * K4; }
  for (var q = 0u; q < CN; q++) { bAt[q] = dims.bOff / 4u + min(n0 + lane + 8u * q, N - 1u) * K4; }
  var acc: array<array<f32, CN>, RG * 8u>; // [row][column]
  for (var k4 = 0u; k4 < K4; k4++) {
    var b: array<vec4<f32>, CN>;
    for (var q = 0u; q < CN; q++) { b[q] = B4[bAt[q] + k4]; }
    for (var g = 0u; g < RG; g++) {
      let av = A4[aAt[g] + k4];
      let a0 = lanes8(av.x);
      let a1 = lanes8(av.y);
      let a2 = lanes8(av.z);
      let a3 = lanes8(av.w);
      for (var i = 0u; i < 8u; i++) {
        for (var q = 0u; q < CN; q++) {
          let s = fma(a1[i], b[q].y, fma(a0[i], b[q].x, acc[g * 8u + i][q]));
          acc[g * 8u + i][q] = fma(a3[i], b[q].w, fma(a2[i], b[q].z, s));
        }
      }
    }
  }

  storeBlock(&acc, m0, n0, lane);
}

// mainTA4: A transposed (stored [K][M]; the weight gradients dW, dU: A is the layer input or h) and B not,
// with M, N and the A, B and C offsets multiples of 4. A's rows are then contiguous along m, so one vec4
// load of A brings 4 rows: lane l loads rows m0+4l … m0+4l+3 and the broadcasts hand all 32 to every lane.
// A workgroup owns 32 rows × 32 columns (lane l: columns n0+4l … n0+4l+3, as in main4): per 4 steps of k,
// 4 vec4 loads of A and 4 of B feed 512 FMAs per lane (main4: 8 scalar + 4 vec4 loads for 256).
@compute @workgroup_size(8)
fn mainTA4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.M;
  let N = dims.N;
  let K = dims.K;
  let M4 = M / 4u;
  let N4 = N / 4u;
  let lane = lid.x;
  let m4 = wg.y * 8u + lane; // this lane's vec4 of rows (loaded, then broadcast)
  let n4 = wg.x * 8u + lane; // this lane's vec4 of columns
  // Clamped: duplicates are computed, never stored (no branch, so the broadcasts stay in uniform flow).
  let aAt = dims.aOff / 4u + min(m4, M4 - 1u);
  let bAt = dims.bOff / 4u + min(n4, N4 - 1u);
  var acc: array<vec4<f32>, 32>; // [row] = 4 columns; row 4i+e comes from lane i's component e
  var k = 0u;
  // As in main4: all loads first, then four chained FMAs per accumulator (one spill round trip and mask
  // blend per 4 FMAs); the sums are taken in k order.
  for (; k + 4u <= K; k += 4u) {
    let bo = bAt + k * N4;
    let b = array<vec4<f32>, 4>(B4[bo], B4[bo + N4], B4[bo + 2u * N4], B4[bo + 3u * N4]);
    let ao = aAt + k * M4;
    let a0 = lanes8v4(A4[ao]);
    let a1 = lanes8v4(A4[ao + M4]);
    let a2 = lanes8v4(A4[ao + 2u * M4]);
    let a3 = lanes8v4(A4[ao + 3u * M4]);
    for (var i = 0u; i < 8u; i++) {
      for (var e = 0u; e < 4u; e++) {
        let r = 4u * i + e;
        acc[r] = fma(vec4<f32>(a3[i][e]), b[3], fma(vec4<f32>(a2[i][e]), b[2], fma(vec4<f32>(a1[i][e]), b[1], fma(vec4<f32>(a0[i][e]), b[0], acc[r]))));
      }
    }
  }
  for (; k < K; k++) {
    let b = B4[bAt + k * N4];
    let av = lanes8v4(A4[aAt + k * M4]);
    for (var i = 0u; i < 8u; i++) {
      for (var e = 0u; e < 4u; e++) { acc[4u * i + e] = fma(vec4<f32>(av[i][e]), b, acc[4u * i + e]); }
    }
  }

  if (n4 >= N4) { return; }
  var bv: vec4<f32>;
  if (HAS_BIAS) {
    for (var e = 0u; e < 4u; e++) { bv[e] = bias[dims.biasOff + 4u * n4 + e]; }
  }
  let cAt = dims.cOff / 4u + n4;
  let m0 = wg.y * 32u;
  for (var r = 0u; r < 32u; r++) {
    let m = m0 + r;
    if (m >= M) { break; }
    var v = acc[r];
    if (HAS_BIAS) { v += bv; }
    let at = cAt + m * N4;
    if (ACCUMULATE) { v += C4[at]; }
    C4[at] = v;
  }
}
