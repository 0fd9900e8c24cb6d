// Normalization backward, first half: per feature j, sums over the valid rows of dy and dy·x̂
// (x̂ = (x − mean)·rstd with per-feature (batch norm) or per-row (PER_ROW, layer norm) statistics).
// They are dBeta and dGamma, written into the gradient buffer; sums = [Σdy, Σdy·x̂] also feeds
// batch_norm_backward.wgsl. Runs before the in-place dx kernels overwrite dy. Over a chunked sequence, the
// first chunk writes and the later ones add their rows' sums.
// CPU twins: batchNormBackward / layerNormBackward in src/model/cpu/norm.ts.

override PER_ROW: bool = false;

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
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read> stats: array<f32>;
@group(0) @binding(5) var<storage, read_write> grads: array<f32>;
@group(0) @binding(6) var<storage, read_write> sums: array<f32>;

var<workgroup> lanesDy: array<array<f32, 64>, 4>;
var<workgroup> lanesDyx: array<array<f32, 64>, 4>;

@compute @workgroup_size(64, 4)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = wg.x * 64u + lid.x;
  let rowsAll = dims.Tall * dims.B;
  var sdy = 0.0;
  var sdyx = 0.0;
  if (j < dims.H) {
    let rows = dims.T * st.count;
    for (var k = lid.y; k < rows; k += 4u) {
      let r = (k / st.count) * dims.B + k % st.count;
      let i = r * dims.H + j;
      let s = select(j, dims.t0 * dims.B + r, PER_ROW);
      let n = select(dims.H, rowsAll, PER_ROW);
      let g = dy[dims.yOff + i];
      sdy += g;
      sdyx = fma(g, (x[dims.xOff + i] - stats[s]) * stats[n + s], sdyx);
    }
  }
  lanesDy[lid.y][lid.x] = sdy;
  lanesDyx[lid.y][lid.x] = sdyx;
  workgroupBarrier();
  if (lid.y != 0u || j >= dims.H) { return; }
  var a = lanesDy[0][lid.x] + lanesDy[1][lid.x] + lanesDy[2][lid.x] + lanesDy[3][lid.x];
  var b = lanesDyx[0][lid.x] + lanesDyx[1][lid.x] + lanesDyx[2][lid.x] + lanesDyx[3][lid.x];
  if (dims.first == 0u) {
    a += sums[j];
    b += sums[dims.H + j];
  }
  grads[dims.betaOff + j] = a;
  grads[dims.gammaOff + j] = b;
  sums[j] = a;
  sums[dims.H + j] = b;
}
