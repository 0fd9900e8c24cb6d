// Clipping + optimizer update over the whole flat parameter buffer in one dispatch. Each workgroup first
// finishes the global gradient norm from grad_norm.wgsl's partial sums, then every thread updates one
// parameter. Rules follow PyTorch (see src/model/optimizer.ts, the CPU twin, line by line).

override KIND: u32 = 2u; // 0 sgd, 1 rmsprop, 2 adam, 3 adamw
override NESTEROV: bool = false;
override PARTIALS: u32 = 64u;

struct Hyper {
  total: u32, _p0: u32, _p1: u32, _p2: u32,
  clip: f32, momentum: f32, rho: f32, beta1: f32,
  beta2: f32, eps: f32, wd: f32, _q: f32,
}
struct Step { start: u32, count: u32, step: u32, slot: u32, lr: f32, lrOverBc1: f32, invSqrtBc2: f32, training: u32 }

@group(0) @binding(0) var<uniform> hp: Hyper;
@group(0) @binding(1) var<uniform> st: Step;
@group(0) @binding(2) var<storage, read> partials: array<f32>;
@group(0) @binding(3) var<storage, read> grads: array<f32>;
@group(0) @binding(4) var<storage, read_write> params: array<f32>;
@group(0) @binding(5) var<storage, read_write> s0: array<f32>;
@group(0) @binding(6) var<storage, read_write> s1: array<f32>;

var<workgroup> gscale: f32;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  if (lid.x == 0u) {
    var sq = 0.0;
    for (var k = 0u; k < PARTIALS; k++) { sq += partials[k]; }
    let norm = sqrt(sq);
    gscale = select(1.0, min(1.0, hp.clip / (norm + 1e-6)), hp.clip > 0.0);
  }
  workgroupBarrier();
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= hp.total) { return; }
  var p = params[i];
  var g = grads[i] * gscale;
  if (KIND == 0u) {
    g += hp.wd * p;
    if (hp.momentum != 0.0) {
      let b = hp.momentum * s0[i] + g;
      s0[i] = b;
      g = select(b, g + hp.momentum * b, NESTEROV);
    }
    p -= st.lr * g;
  } else if (KIND == 1u) {
    g += hp.wd * p;
    let v = hp.rho * s0[i] + (1.0 - hp.rho) * g * g;
    s0[i] = v;
    p -= st.lr * g / (sqrt(v) + hp.eps);
  } else {
    if (KIND == 2u) { g += hp.wd * p; } else { p *= 1.0 - st.lr * hp.wd; }
    let m = hp.beta1 * s0[i] + (1.0 - hp.beta1) * g;
    let v = hp.beta2 * s1[i] + (1.0 - hp.beta2) * g * g;
    s0[i] = m;
    s1[i] = v;
    p -= st.lrOverBc1 * m / (sqrt(v) * st.invSqrtBc2 + hp.eps);
  }
  params[i] = p;
}
