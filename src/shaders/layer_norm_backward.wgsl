// Layer normalization backward, second half, in place on the gradient, one thread per row:
//   dx = rstd · (dy·gamma − mean(dy·gamma) − x̂ · mean(dy·gamma·x̂)) over the row's H features.
// dGamma/dBeta come from norm_param_grads.wgsl, which runs first. CPU twin: layerNormBackward.

struct Dims {
  T: u32, B: u32, H: u32, xOff: u32,
  gammaOff: u32, betaOff: u32, meanOff: u32, varOff: u32,
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
  let mean = stats[r];
  let rstd = stats[rows + r];
  var sg = 0.0;
  var sgx = 0.0;
  for (var j = 0u; j < H; j++) {
    let i = r * H + j;
    let gg = g[i] * params[dims.gammaOff + j];
    sg += gg;
    sgx = fma(gg, (x[dims.xOff + i] - mean) * rstd, sgx);
  }
  let inv = 1.0 / f32(H);
  for (var j = 0u; j < H; j++) {
    let i = r * H + j;
    let xh = (x[dims.xOff + i] - mean) * rstd;
    g[i] = rstd * (g[i] * params[dims.gammaOff + j] - sg * inv - xh * sgx * inv);
  }
}
