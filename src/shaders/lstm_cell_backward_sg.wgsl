// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from
// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).
// lstm_cell_backward.wgsl for CPU emulators with 8-lane subgroups (llvmpipe): same bindings, dims and
// result; one dispatch per timestep, t = T-1 … 0. See subgroup.ts for why loads are what to save there.
// A workgroup is one 8-lane subgroup and owns 16 batch rows × 32 units: per k (of 4H), lane l loads Uᵀ for
// units j0+l+8q, q < 4 (4 loads) and dZ[t+1] for rows b0+l and b0+8+l (2 loads), which subgroupBroadcast
// hands to all lanes; each lane accumulates 16 rows × 4 units (64 FMAs per 6 loads, against 16 per 8 in
// the direct path of lstm_cell_backward.wgsl), then runs the element-wise backward for those 64 pairs.
// W3 shape: 0.49× the time of that path; 16 rows × 32 units beat 8×32, 16×16, 8×16 and 16×8 blocks.
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

const RG: u32 = 2u; // row groups of 8 lanes: 16 batch rows per workgroup
const CU: u32 = 4u; // units per lane, 8 apart: 32 units per workgroup

// ---- generated: lanes8 (scripts/wgsl-gen; do not edit by hand) ----
// The 8 lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).
fn lanes8(v: f32) -> array<f32, 8> {
  return array<f32, 8>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u), subgroupBroadcast(v, 4u), subgroupBroadcast(v, 5u), subgroupBroadcast(v, 6u),
    subgroupBroadcast(v, 7u));
}
// ---- end generated: lanes8 ----

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
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let j0 = wg.x * 8u * CU;
  let b0 = wg.y * 8u * RG;
  var acc: array<array<f32, CU>, RG * 8u>; // [row][unit] of dZ[t+1]·Uᵀ
  if (t + 1u < dims.T) {
    let zBase = (t + 1u) * B * G - dims.gBase;
    // Rows and units past the edge are clamped: duplicates are computed, never stored (no branch, so the
    // broadcasts stay in uniform control flow).
    var zAt: array<u32, RG>;
    for (var g = 0u; g < RG; g++) { zAt[g] = zBase + min(b0 + 8u * g + lane, B - 1u) * G; }
    var uAt: array<u32, CU>;
    for (var q = 0u; q < CU; q++) { uAt[q] = min(j0 + lane + 8u * q, H - 1u); }
    for (var k = 0u; k < G; k++) {
      var u: array<f32, CU>;
      for (var q = 0u; q < CU; q++) { u[q] = uT[uAt[q] + k * H]; }
      for (var g = 0u; g < RG; g++) {
        let dv = lanes8(gz[zAt[g] + k]);
        for (var i = 0u; i < 8u; i++) {
          for (var q = 0u; q < CU; q++) { acc[g * 8u + i][q] = fma(dv[i], u[q], acc[g * 8u + i][q]); }
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
      cellBack(t, b, j, acc[r][q]);
    }
  }
}
// ---- end generated: main ----

// main4: the same step for H a multiple of 4, with every operand read as vec4 (4 consecutive units), so
// one lane's load brings 4 values where main's brings one. Lane l owns units j0+4l … j0+4l+3 (32 units per
// workgroup) for 16 rows; the k loop takes 4 steps per iteration from one vec4 of dZ[t+1] per row group.
// All vec4 offsets are whole: every row of gz, c, dhOut, carry and Uᵀ starts at a multiple of H.
// Uᵀ comes from an rgba32float texture here (4H rows × H/4 texels of 4 consecutive units; transpose_texture.wgsl):
// on llvmpipe a textureLoad fetches the 8 lanes' vec4s in one vectorized call, where a storage-buffer load goes
// lane by lane with bounds checks (main4R 0.83–0.92× the time with Uᵀ from a storage buffer; docs/performance.md,
// Round 4). The same values in the same order.
@group(0) @binding(2) var uTex: texture_storage_2d<rgba32float, read>;
@group(0) @binding(3) var<storage, read> c4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> dhOut4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> gz4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> carry4: array<vec4<f32>>;

// Uᵀ rows 4·k4 … 4·k4+3 at units 4·ju … 4·ju+3.
fn uT4Rows(ju: u32, k4: u32) -> array<vec4<f32>, 4> {
  let y = 4u * k4;
  return array<vec4<f32>, 4>(textureLoad(uTex, vec2<u32>(ju, y)), textureLoad(uTex, vec2<u32>(ju, y + 1u)),
    textureLoad(uTex, vec2<u32>(ju, y + 2u)), textureLoad(uTex, vec2<u32>(ju, y + 3u)));
}

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

@compute @workgroup_size(8)
fn main4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H4 = dims.H / 4u; // vec4s per row of H; a row of 4H holds H of them
  let H = dims.H;
  let t = ts.t;
  let lane = lid.x;
  let j4 = wg.x * 8u + lane; // this lane's vec4 of units
  let ju = min(j4, H4 - 1u); // clamped: duplicates are computed, never stored
  let b0 = wg.y * 8u * RG;
  var acc: array<vec4<f32>, RG * 8u>; // [row] = 4 units of dZ[t+1]·Uᵀ
  if (t + 1u < dims.T) {
    var zAt: array<u32, RG>;
    for (var g = 0u; g < RG; g++) { zAt[g] = ((t + 1u) * B + min(b0 + 8u * g + lane, B - 1u)) * H - dims.gBase / 4u; }
    for (var k4 = 0u; k4 < H; k4++) { // 4H steps of k, 4 at a time
      let u = uT4Rows(ju, k4);
      for (var g = 0u; g < RG; g++) {
        let z = gz4[zAt[g] + k4];
        for (var e = 0u; e < 4u; e++) {
          let dv = lanes8(z[e]);
          for (var i = 0u; i < 8u; i++) { acc[g * 8u + i] = fma(vec4<f32>(dv[i]), u[e], acc[g * 8u + i]); }
        }
      }
    }
  }

  if (j4 >= H4) { return; }
  for (var r = 0u; r < 8u * RG; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    cellBack4(t, b, j4, acc[r]);
  }
}

// main4R: main4 with 32 batch rows per workgroup (4 row groups) instead of 16, for H ≥ 128: per 4 steps of
// k a lane loads 16 floats of Uᵀ and 16 of dZ[t+1] for 512 FMAs (main4: 16 + 8 for 256). llvmpipe loads
// every float lane by lane (vec4 components too), so floats loaded per FMA is the cost; 32 × 32 is the
// block with the fewest for 128 accumulator floats per lane, which is what pays (lstm_cell_forward_sg.wgsl's
// mainR4 is the same block size; 256 made it slower). W3: 0.89× main4's time, the same sums in the same order.

// The 8 lanes' vec4s, in every lane.
// ---- generated: lanes8v4 (scripts/wgsl-gen; do not edit by hand) ----
fn lanes8v4(v: vec4<f32>) -> array<vec4<f32>, 8> {
  return array<vec4<f32>, 8>(subgroupBroadcast(v, 0u), subgroupBroadcast(v, 1u), subgroupBroadcast(v, 2u),
    subgroupBroadcast(v, 3u), subgroupBroadcast(v, 4u), subgroupBroadcast(v, 5u), subgroupBroadcast(v, 6u),
    subgroupBroadcast(v, 7u));
}
// ---- end generated: lanes8v4 ----

// acc + Σ_e z[e]·u[e], in e (k) order.
fn fma4(acc: vec4<f32>, z: vec4<f32>, u: array<vec4<f32>, 4>) -> vec4<f32> {
  return fma(vec4<f32>(z.w), u[3], fma(vec4<f32>(z.z), u[2], fma(vec4<f32>(z.y), u[1],
    fma(vec4<f32>(z.x), u[0], acc))));
}

// Rows r0 … r0+7 of main4R's accumulators, from one row group's broadcast dZ values. Written out, and
// called with constant r0: as loops, llvmpipe indexes acc at run time and keeps it in per-lane scratch
// memory (measured on the forward's twin: twice the time).
fn rowGroup(acc: ptr<function, array<vec4<f32>, 32>>, r0: u32, z: array<vec4<f32>, 8>, u: array<vec4<f32>, 4>) {
  (*acc)[r0] = fma4((*acc)[r0], z[0], u);
  (*acc)[r0 + 1u] = fma4((*acc)[r0 + 1u], z[1], u);
  (*acc)[r0 + 2u] = fma4((*acc)[r0 + 2u], z[2], u);
  (*acc)[r0 + 3u] = fma4((*acc)[r0 + 3u], z[3], u);
  (*acc)[r0 + 4u] = fma4((*acc)[r0 + 4u], z[4], u);
  (*acc)[r0 + 5u] = fma4((*acc)[r0 + 5u], z[5], u);
  (*acc)[r0 + 6u] = fma4((*acc)[r0 + 6u], z[6], u);
  (*acc)[r0 + 7u] = fma4((*acc)[r0 + 7u], z[7], u);
}

@compute @workgroup_size(8)
fn main4R(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H4 = dims.H / 4u;
  let H = dims.H;
  let t = ts.t;
  let lane = lid.x;
  let j4 = wg.x * 8u + lane; // this lane's vec4 of units
  let ju = min(j4, H4 - 1u); // clamped: duplicates are computed, never stored
  let b0 = wg.y * 32u;
  var acc: array<vec4<f32>, 32>; // [row] = 4 units of dZ[t+1]·Uᵀ
  if (t + 1u < dims.T) {
    var zAt: array<u32, 4>;
    for (var g = 0u; g < 4u; g++) { zAt[g] = ((t + 1u) * B + min(b0 + 8u * g + lane, B - 1u)) * H - dims.gBase / 4u; }
    for (var k4 = 0u; k4 < H; k4++) { // 4H steps of k, 4 at a time
      let u = uT4Rows(ju, k4);
      let z0 = lanes8v4(gz4[zAt[0] + k4]);
      let z1 = lanes8v4(gz4[zAt[1] + k4]);
      let z2 = lanes8v4(gz4[zAt[2] + k4]);
      let z3 = lanes8v4(gz4[zAt[3] + k4]);
      rowGroup(&acc, 0u, z0, u);
      rowGroup(&acc, 8u, z1, u);
      rowGroup(&acc, 16u, z2, u);
      rowGroup(&acc, 24u, z3, u);
    }
  }

  if (j4 >= H4) { return; }
  for (var r = 0u; r < 32u; r++) {
    let b = b0 + r;
    if (b >= B) { break; }
    cellBack4(t, b, j4, acc[r]);
  }
}
