// out[cOff + i] (+)= Σ_s part[s·L + i], i < L: the second pass of a split reduction (split.ts). The first
// pass (matmul.wgsl or colsum.wgsl with a split) wrote S partial results of L values each, one per part of
// the summed dimension. ACCUMULATE adds to what out holds (the later time chunks of a long sequence).
// Its CPU twin is the first pass's own (matmul, colSum in src/model/cpu/matmul.ts): together they compute
// the same sum, only in another order.

override ACCUMULATE: bool = false;

struct Dims { L: u32, S: u32, cOff: u32, _p: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> part: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u; // linearGrid (grid.ts) folds long rows into 2-D
  if (i >= dims.L) { return; }
  var v = 0.0;
  for (var s = 0u; s < dims.S; s++) { v += part[s * dims.L + i]; }
  if (ACCUMULATE) { v += C[dims.cOff + i]; }
  C[dims.cOff + i] = v;
}
