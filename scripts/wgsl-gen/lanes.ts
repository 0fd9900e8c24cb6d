import { lanesHelper } from './unroll.ts';

// The entry points the 8-lane (lavapipe, *_sg.wgsl) and 4-lane (SwiftShader, *_sg4.wgsl) kernel families
// share but for their lane count n: one text each, so the two families cannot drift apart. A workgroup is
// one subgroup of n lanes; lane l loads row b0+l+n·g of the row operand (broadcast to all lanes by
// lanes<n>) and the columns or units l+n·q. The lane is subgroup_invocation_id, which is also right for a
// 4-lane workgroup that is a partial subgroup of 8 (tests run the 4-lane family on lavapipe that way).
// Each function returns the text of one block, without a trailing newline; files.ts says where each goes.

/** `fn lanes<n>` with the comment every file gives it. */
export const lanesBlock = (n: number) =>
  `// The ${n} lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).\n${lanesHelper(n)}`;

/**
 * lstm_cell_forward_sg(4).wgsl's `main`: any H; n·RG batch rows × n·CU units (all four gates) per workgroup,
 * then cell-math.ts's `cell` for each (row, unit).
 */
export function forwardMain(n: number): string {
  return `@compute @workgroup_size(${n})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let j0 = wg.x * ${n}u * CU;
  let b0 = wg.y * ${n}u * RG;
  var acc: array<array<vec4<f32>, CU>, RG * ${n}u>; // [row][unit] = (i, f, g, o) from the recurrence
  if (t > 0u) { // h[-1] = 0: nothing to add at the first step
    let hBase = t * B * H - dims.sBase; // slot t holds h[t-1]
    // Rows and units past the edge are clamped: duplicates are computed, never stored (no branch, so the
    // broadcasts stay in uniform control flow).
    var hAt: array<u32, RG>;
    for (var g = 0u; g < RG; g++) { hAt[g] = hBase + min(b0 + ${n}u * g + lane, B - 1u) * H; }
    var uAt: array<u32, CU>;
    for (var q = 0u; q < CU; q++) { uAt[q] = dims.uOff + min(j0 + lane + ${n}u * q, H - 1u); }
    for (var k = 0u; k < H; k++) {
      var u: array<vec4<f32>, CU>;
      for (var q = 0u; q < CU; q++) {
        let o = uAt[q] + k * G;
        u[q] = vec4<f32>(params[o], params[o + H], params[o + 2u * H], params[o + 3u * H]);
      }
      for (var g = 0u; g < RG; g++) {
        let hv = lanes${n}(h[hAt[g] + k]);
        for (var i = 0u; i < ${n}u; i++) {
          for (var q = 0u; q < CU; q++) { acc[g * ${n}u + i][q] = fma(vec4<f32>(hv[i]), u[q], acc[g * ${n}u + i][q]); }
        }
      }
    }
  }

  for (var r = 0u; r < ${n}u * RG; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    for (var q = 0u; q < CU; q++) {
      let j = j0 + lane + ${n}u * q;
      if (j >= H) { continue; }
      let a = acc[r][q];
      cell(t, b, j, a.x, a.y, a.z, a.w);
    }
  }
}`;
}

/**
 * lstm_cell_backward_sg(4).wgsl's `main`: any H; n·RG batch rows × n·CU units per workgroup, then
 * cell-math.ts's `cellBack` for each (row, unit).
 */
export function backwardMain(n: number): string {
  return `@compute @workgroup_size(${n})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let j0 = wg.x * ${n}u * CU;
  let b0 = wg.y * ${n}u * RG;
  var acc: array<array<f32, CU>, RG * ${n}u>; // [row][unit] of dZ[t+1]·Uᵀ
  if (t + 1u < dims.T) {
    let zBase = (t + 1u) * B * G - dims.gBase;
    // Rows and units past the edge are clamped: duplicates are computed, never stored (no branch, so the
    // broadcasts stay in uniform control flow).
    var zAt: array<u32, RG>;
    for (var g = 0u; g < RG; g++) { zAt[g] = zBase + min(b0 + ${n}u * g + lane, B - 1u) * G; }
    var uAt: array<u32, CU>;
    for (var q = 0u; q < CU; q++) { uAt[q] = min(j0 + lane + ${n}u * q, H - 1u); }
    for (var k = 0u; k < G; k++) {
      var u: array<f32, CU>;
      for (var q = 0u; q < CU; q++) { u[q] = uT[uAt[q] + k * H]; }
      for (var g = 0u; g < RG; g++) {
        let dv = lanes${n}(gz[zAt[g] + k]);
        for (var i = 0u; i < ${n}u; i++) {
          for (var q = 0u; q < CU; q++) { acc[g * ${n}u + i][q] = fma(dv[i], u[q], acc[g * ${n}u + i][q]); }
        }
      }
    }
  }

  for (var r = 0u; r < ${n}u * RG; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    for (var q = 0u; q < CU; q++) {
      let j = j0 + lane + ${n}u * q;
      if (j >= H) { continue; }
      cellBack(t, b, j, acc[r][q]);
    }
  }
}`;
}

/** matmul_sg(4).wgsl's `storeBlock`: the epilogue of a lane's n·RG rows × CN columns (n apart). */
export function matmulStoreBlock(n: number): string {
  return `fn storeBlock(acc: ptr<function, array<array<f32, CN>, RG * ${n}u>>, m0: u32, n0: u32, lane: u32) {
  let M = dims.M;
  let N = dims.N;
  var bv: array<f32, CN>;
  if (HAS_BIAS) {
    for (var q = 0u; q < CN; q++) { bv[q] = bias[dims.biasOff + min(n0 + lane + ${n}u * q, N - 1u)]; }
  }
  for (var r = 0u; r < ${n}u * RG; r++) {
    let m = m0 + r;
    if (m >= M) { break; }
    for (var q = 0u; q < CN; q++) {
      let n = n0 + lane + ${n}u * q;
      if (n >= N) { continue; }
      var v = (*acc)[r][q];
      if (HAS_BIAS) { v += bv[q]; }
      let at = dims.cOff + m * N + n;
      if (ACCUMULATE) { v += C[at]; }
      C[at] = v;
    }
  }
}`;
}

/** matmul_sg(4).wgsl's `main`: any shape and transposition; n·RG rows × n·CN columns per workgroup. */
export function matmulMain(n: number): string {
  return `@compute @workgroup_size(${n})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let M = dims.M;
  let N = dims.N;
  let K = dims.K;
  let m0 = wg.y * ${n}u * RG;
  let n0 = wg.x * ${n}u * CN;
  // Element offsets at k = 0 and their step per k. Rows and columns past the edge are clamped: they load
  // duplicates that are computed but never stored (no branch, so the broadcasts stay in uniform flow).
  var aAt: array<u32, RG>;
  var bAt: array<u32, CN>;
  for (var g = 0u; g < RG; g++) {
    let m = min(m0 + ${n}u * g + lane, M - 1u);
    aAt[g] = dims.aOff + select(m * K, m, TRANS_A);
  }
  for (var q = 0u; q < CN; q++) {
    let n = min(n0 + lane + ${n}u * q, N - 1u);
    bAt[q] = dims.bOff + select(n, n * K, TRANS_B);
  }
  let aStep = select(1u, M, TRANS_A);
  let bStep = select(N, 1u, TRANS_B);
  var acc: array<array<f32, CN>, RG * ${n}u>; // [row][column]
  for (var k = 0u; k < K; k++) {
    var b: array<f32, CN>;
    for (var q = 0u; q < CN; q++) { b[q] = B[bAt[q] + k * bStep]; }
    for (var g = 0u; g < RG; g++) {
      let a = lanes${n}(A[aAt[g] + k * aStep]);
      for (var i = 0u; i < ${n}u; i++) {
        for (var q = 0u; q < CN; q++) { acc[g * ${n}u + i][q] = fma(a[i], b[q], acc[g * ${n}u + i][q]); }
      }
    }
  }

  storeBlock(&acc, m0, n0, lane);
}`;
}
