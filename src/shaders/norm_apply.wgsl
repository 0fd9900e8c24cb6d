// y = gamma · (x − mean) · rstd + beta for batch norm (statistics per feature) and layer norm
// (statistics per row, PER_ROW). (T, B, H) in, (T, B, H) out. CPU twin: src/model/cpu/norm.ts.

override PER_ROW: bool = false;

// T steps from t0 of a sequence of Tall (a time chunk, src/model/gpu/chunks.ts; t0 = 0 and T = Tall when the
// sequence is bound whole). x from element xOff and y (or the gradient) from yOff of what is bound.
struct Dims {
  T: u32, B: u32, H: u32, xOff: u32,
  gammaOff: u32, betaOff: u32, meanOff: u32, varOff: u32,
  yOff: u32, t0: u32, Tall: u32, first: u32,
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
  let r = dims.t0 * dims.B + i / dims.H; // global row: layer-norm statistics are per row of the sequence
  let s = select(j, r, PER_ROW);
  let n = select(dims.H, dims.Tall * dims.B, PER_ROW);
  let xh = (x[dims.xOff + i] - stats[s]) * stats[n + s];
  y[dims.yOff + i] = params[dims.gammaOff + j] * xh + params[dims.betaOff + j];
}
