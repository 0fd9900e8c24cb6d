// transpose.wgsl into an rgba32float storage texture: texel (xOff + x, y) = (M[4x, y], M[4x+1, y], M[4x+2, y],
// M[4x+3, y]) for a (R, C) row-major matrix M at element inOff (R a multiple of 4): row y of Mᵀ (C, R), 4
// consecutive columns per texel. The 8-lane LSTM cell kernels on llvmpipe read Uᵀ (and Wᵀ beside it) from
// such a texture, because a textureLoad fetches all lanes' vec4s in one call where a storage-buffer load goes
// lane by lane with bounds checks (lstm_cell.ts). Written in the compute pass: no copy between dispatches.

struct Dims { R: u32, C: u32, inOff: u32, xOff: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var dst: texture_storage_2d<rgba32float, write>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let R4 = dims.R / 4u;
  let i = gid.x + gid.y * nwg.x * 256u; // texel index: (y, x), x fastest
  if (i >= R4 * dims.C) { return; }
  let y = i / R4;
  let x = i % R4;
  let o = dims.inOff + 4u * x * dims.C + y;
  textureStore(dst, vec2<u32>(dims.xOff + x, y), vec4<f32>(src[o], src[o + dims.C], src[o + 2u * dims.C], src[o + 3u * dims.C]));
}
