// out[outOff + c·R + r] = in[inOff + r·C + c]: a transposed copy of a (R, C) row-major matrix. The LSTM backward step
// reads the recurrent kernel U (H, 4H) as Uᵀ (4H, H), so neighbouring threads (neighbouring units) read
// neighbouring addresses; the copy is made once per batch, after the forward pass used U.

struct Dims { R: u32, C: u32, inOff: u32, outOff: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u; // index into dst: (c, r)
  if (i >= dims.R * dims.C) { return; }
  let c = i / dims.R;
  let r = i % dims.R;
  dst[dims.outOff + i] = src[dims.inOff + r * dims.C + c];
}
