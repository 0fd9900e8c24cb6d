// Dropout backward in place on the gradient: g[yOff + i] = keep ? g[yOff + i] / (1 - rate) : 0, with the
// mask of dropout.wgsl recomputed from (seed, step, i0 + i). A no-op when the step is not a training step.

struct Dims { n: u32, seed: u32, xOff: u32, yOff: u32, i0: u32, _p0: u32, _p1: u32, _p2: u32, rate: f32, _q0: f32, _q1: f32, _q2: f32 }
struct Step { start: u32, count: u32, step: u32, slot: u32, lr: f32, lrOverBc1: f32, invSqrtBc2: f32, training: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> st: Step;
@group(0) @binding(2) var<storage, read_write> g: array<f32>;

fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= dims.n || st.training == 0u) { return; }
  let h = pcg(pcg(dims.seed ^ pcg(st.step)) ^ (dims.i0 + i));
  let keep = f32(h) / 4294967296.0 >= dims.rate;
  let at = dims.yOff + i;
  g[at] = select(0.0, g[at] / (1.0 - dims.rate), keep);
}
