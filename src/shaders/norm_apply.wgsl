// y = gamma · (x − mean) · rstd + beta for batch norm (statistics per feature) and layer norm
// (statistics per row, PER_ROW). (T, B, H) in, (T, B, H) out. CPU twin: src/model/cpu/norm.ts.

override PER_ROW: bool = false;

struct Dims {
  T: u32, B: u32, H: u32, xOff: u32,
  gammaOff: u32, betaOff: u32, meanOff: u32, varOff: u32,
  epsilon: f32, momentum: f32, _q0: f32, _q1: f32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read> stats: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  let rows = dims.T * dims.B;
  if (i >= rows * dims.H) { return; }
  let j = i % dims.H;
  let r = i / dims.H;
  let s = select(j, r, PER_ROW);
  let n = select(dims.H, rows, PER_ROW);
  let xh = (x[dims.xOff + i] - stats[s]) * stats[n + s];
  y[i] = params[dims.gammaOff + j] * xh + params[dims.betaOff + j];
}
