// Batch normalization backward, second half, in place on the gradient: for valid rows
//   dx = gamma · rstd · (dy − k·Σdy − x̂·k·Σdy·x̂),  k = 1/(Tall·count) in training (the statistics depend on
//   x), 0 in inference (constant moving statistics); padding rows get 0.
// CPU twin: batchNormBackward in src/model/cpu/norm.ts.

// T steps from t0 of a sequence of Tall (a time chunk, src/model/gpu/chunks.ts; t0 = 0 and T = Tall when the
// sequence is bound whole). x from element xOff and y (or the gradient) from yOff of what is bound.
struct Dims {
  T: u32, B: u32, H: u32, xOff: u32,
  gammaOff: u32, betaOff: u32, meanOff: u32, varOff: u32,
  yOff: u32, t0: u32, Tall: u32, first: u32,
  epsilon: f32, momentum: f32, _q0: f32, _q1: f32,
}
struct Step { start: u32, count: u32, step: u32, slot: u32, lr: f32, lrOverBc1: f32, invSqrtBc2: f32, training: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> st: Step;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> params: array<f32>;
@group(0) @binding(4) var<storage, read> stats: array<f32>;
@group(0) @binding(5) var<storage, read> sums: array<f32>;
@group(0) @binding(6) var<storage, read_write> g: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  let H = dims.H;
  if (i >= dims.T * dims.B * H) { return; }
  let j = i % H;
  let b = (i / H) % dims.B;
  let at = dims.yOff + i;
  if (b >= st.count) {
    g[at] = 0.0;
    return;
  }
  let k = select(0.0, 1.0 / f32(dims.Tall * st.count), st.training == 1u);
  let rstd = stats[H + j];
  let xh = (x[dims.xOff + i] - stats[j]) * rstd;
  g[at] = params[dims.gammaOff + j] * rstd * (g[at] - k * sums[j] - xh * k * sums[H + j]);
}
