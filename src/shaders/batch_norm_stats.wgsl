// Batch normalization statistics over batch and time (Keras BatchNormalization, axis = -1).
// Training: per-feature mean and biased variance over the valid rows (t, b < count), and the moving
// statistics updated in the parameter buffer: moving = momentum·moving + (1 − momentum)·batch.
// Inference: the moving statistics. Either way stats = [mean[H], rstd[H]] for norm_apply.wgsl and backward.
// x is (T, B, H) at element offset xOff. CPU twin: batchNormForward in src/model/cpu/norm.ts.

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
@group(0) @binding(3) var<storage, read_write> params: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;

var<workgroup> lanes: array<array<f32, 64>, 4>;

// Sum over the valid rows of column j, 4 lanes per column, combined through shared memory.
fn columnSum(j: u32, lane: u32, col: u32, mean: f32, squared: bool) -> f32 {
  var s = 0.0;
  if (j < dims.H) {
    let rows = dims.T * st.count;
    for (var k = lane; k < rows; k += 4u) {
      let t = k / st.count;
      let b = k % st.count;
      let v = x[dims.xOff + (t * dims.B + b) * dims.H + j] - mean;
      s += select(v, v * v, squared);
    }
  }
  lanes[lane][col] = s;
  workgroupBarrier();
  let total = lanes[0][col] + lanes[1][col] + lanes[2][col] + lanes[3][col];
  workgroupBarrier();
  return total;
}

// Moving-statistics update (training) or read (inference), then stats = [mean, rstd] for feature j.
fn finishColumn(j: u32, batchMean: f32, batchVariance: f32) {
  var mean = batchMean;
  var variance = batchVariance;
  if (st.training == 1u) {
    let m = dims.momentum;
    params[dims.meanOff + j] = m * params[dims.meanOff + j] + (1.0 - m) * mean;
    params[dims.varOff + j] = m * params[dims.varOff + j] + (1.0 - m) * variance;
  } else {
    mean = params[dims.meanOff + j];
    variance = params[dims.varOff + j];
  }
  stats[j] = mean;
  stats[dims.H + j] = inverseSqrt(variance + dims.epsilon);
}

// The whole sequence in one binding: both passes and the finish in one dispatch.
@compute @workgroup_size(64, 4)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = wg.x * 64u + lid.x;
  var mean = 0.0;
  var variance = 0.0;
  if (st.training == 1u) {
    let n = f32(dims.Tall * st.count);
    mean = columnSum(j, lid.y, lid.x, 0.0, false) / n;
    variance = columnSum(j, lid.y, lid.x, mean, true) / n;
  }
  if (j >= dims.H || lid.y != 0u) { return; }
  finishColumn(j, mean, variance);
}

// A sequence bound in time chunks: `partial` runs once per chunk and pass, adding the chunk's column sums
// into stats (first pass: Σx into stats[j]; SQUARES pass: Σ(x − mean)² into stats[H + j], with the mean
// of the first pass), the first chunk writing; then `finish` once. Same two-pass statistics as `main`.
override SQUARES: bool = false;

@compute @workgroup_size(64, 4)
fn partial(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  if (st.training != 1u) { return; }
  let j = wg.x * 64u + lid.x;
  let mean = select(0.0, stats[min(j, dims.H - 1u)] / f32(dims.Tall * st.count), SQUARES);
  let s = columnSum(j, lid.y, lid.x, mean, SQUARES);
  if (j >= dims.H || lid.y != 0u) { return; }
  let at = select(j, dims.H + j, SQUARES);
  stats[at] = select(stats[at] + s, s, dims.first == 1u);
}

@compute @workgroup_size(64)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= dims.H) { return; }
  let n = f32(dims.Tall * st.count);
  finishColumn(j, stats[j] / n, stats[dims.H + j] / n);
}
