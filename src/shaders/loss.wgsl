// Fused loss forward + gradient on the head outputs, reduced to the batch's mean loss in one workgroup
// (B·O is small). Rows ≥ count are batch padding: zero gradient, no loss. Classification replaces the
// logits with softmax probabilities in place (for predict) and uses the softmax-cross-entropy gradient.
// CPU twin: src/model/cpu/loss.ts.
//   pred (B, O)   truth (B, O) values, or (B, O/K) class indices   dPred (B, O)   log[slot] = mean loss

override KIND: u32 = 0u; // 0 mse, 1 mae, 2 huber, 3 cross-entropy

struct Dims { B: u32, O: u32, K: u32, _p: u32, delta: f32, _q0: f32, _q1: f32, _q2: f32 }
struct Step { start: u32, count: u32, step: u32, slot: u32, lr: f32, lrOverBc1: f32, invSqrtBc2: f32, training: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> st: Step;
@group(0) @binding(2) var<storage, read_write> pred: array<f32>;
@group(0) @binding(3) var<storage, read> truth: array<f32>;
@group(0) @binding(4) var<storage, read_write> dPred: array<f32>;
@group(0) @binding(5) var<storage, read_write> lossLog: array<f32>;

const WG: u32 = 256u;
var<workgroup> partial: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>) {
  let tid = lid.x;
  var total = 0.0;
  let n = dims.B * dims.O;
  let valid = st.count * dims.O;
  if (KIND == 3u) {
    let K = dims.K;
    let steps = dims.O / K;
    let scale = 1.0 / f32(st.count * steps);
    for (var g = tid; g < dims.B * steps; g += WG) {
      let o = g * K; // group g = row b, step s: contiguous K logits
      var mx = pred[o];
      for (var k = 1u; k < K; k++) { mx = max(mx, pred[o + k]); }
      var sum = 0.0;
      for (var k = 0u; k < K; k++) { sum += exp(pred[o + k] - mx); }
      let isValid = o < valid;
      let label = u32(truth[g]);
      if (isValid) { total += log(sum) + mx - pred[o + label]; }
      for (var k = 0u; k < K; k++) {
        let p = exp(pred[o + k] - mx) / sum;
        pred[o + k] = p;
        dPred[o + k] = select(0.0, (p - select(0.0, 1.0, k == label)) * scale, isValid);
      }
    }
    total *= scale;
  } else {
    let scale = 1.0 / f32(valid);
    for (var i = tid; i < n; i += WG) {
      if (i >= valid) { dPred[i] = 0.0; continue; }
      let x = pred[i] - truth[i];
      let ax = abs(x);
      var l = 0.0;
      var d = 0.0;
      if (KIND == 0u) {
        l = x * x;
        d = 2.0 * x;
      } else if (KIND == 1u) {
        l = ax;
        d = sign(x);
      } else {
        let delta = dims.delta;
        l = select(delta * (ax - 0.5 * delta), 0.5 * x * x, ax <= delta);
        d = select(delta * sign(x), x, ax <= delta);
      }
      total += l;
      dPred[i] = d * scale;
    }
    total *= scale;
  }
  partial[tid] = total;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { partial[tid] += partial[tid + s]; }
    workgroupBarrier();
  }
  if (tid == 0u) { lossLog[st.slot] = partial[0]; }
}
