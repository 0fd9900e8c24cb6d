// First half of global-norm clipping: NORM_GROUPS workgroups each write Σ g² over a grid-strided share of
// the flat gradient buffer; optimizer.wgsl finishes the sum (no readback, no second submit).

struct Dims { total: u32, _p0: u32, _p1: u32, _p2: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> grads: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;

var<workgroup> acc: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let stride = nwg.x * 256u;
  var s = 0.0;
  for (var i = wg.x * 256u + lid.x; i < dims.total; i += stride) {
    let g = grads[i];
    s = fma(g, g, s);
  }
  acc[lid.x] = s;
  workgroupBarrier();
  for (var k = 128u; k > 0u; k >>= 1u) {
    if (lid.x < k) { acc[lid.x] += acc[lid.x + k]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { partials[wg.x] = acc[0]; }
}
