// Layer normalization statistics (Keras LayerNormalization, axis = -1): per row of H features, the mean
// and 1/sqrt(variance + epsilon); stats = [mean[T·B], rstd[T·B]]. One thread per row.
// CPU twin: layerNormForward in src/model/cpu/norm.ts.

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
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let rows = dims.T * dims.B;
  let r = gid.x;
  if (r >= rows) { return; }
  let base = dims.xOff + r * dims.H;
  var s = 0.0;
  for (var j = 0u; j < dims.H; j++) { s += x[base + j]; }
  let mean = s / f32(dims.H);
  var q = 0.0;
  for (var j = 0u; j < dims.H; j++) {
    let d = x[base + j] - mean;
    q = fma(d, d, q);
  }
  let rg = dims.t0 * dims.B + r; // statistics are laid out over the whole sequence
  stats[rg] = mean;
  stats[dims.Tall * dims.B + rg] = inverseSqrt(q / f32(dims.H) + dims.epsilon);
}
