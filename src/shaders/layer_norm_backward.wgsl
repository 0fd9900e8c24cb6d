// Layer normalization backward, second half, in place on the gradient, one thread per row:
//   dx = rstd · (dy·gamma − mean(dy·gamma) − x̂ · mean(dy·gamma·x̂)) over the row's H features.
// dGamma/dBeta come from norm_param_grads.wgsl, which runs first. CPU twin: layerNormBackward.

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
@group(0) @binding(4) var<storage, read_write> g: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let rows = dims.T * dims.B;
  let r = gid.x;
  if (r >= rows) { return; }
  let H = dims.H;
  let rg = dims.t0 * dims.B + r;
  let mean = stats[rg];
  let rstd = stats[dims.Tall * dims.B + rg];
  var sg = 0.0;
  var sgx = 0.0;
  for (var j = 0u; j < H; j++) {
    let i = r * H + j;
    let gg = g[dims.yOff + i] * params[dims.gammaOff + j];
    sg += gg;
    sgx = fma(gg, (x[dims.xOff + i] - mean) * rstd, sgx);
  }
  let inv = 1.0 / f32(H);
  for (var j = 0u; j < H; j++) {
    let i = r * H + j;
    let xh = (x[dims.xOff + i] - mean) * rstd;
    g[dims.yOff + i] = rstd * (g[dims.yOff + i] * params[dims.gammaOff + j] - sg * inv - xh * sgx * inv);
  }
}
