// Inverted dropout with a counter-based mask: keep element i of step `st.step` when
// pcg-hash(seed, step, i) / 2^32 >= rate. Backward recomputes the same mask instead of storing it.
// CPU twin: src/model/cpu/dropout.ts and hash3 in src/model/random.ts.
//   main:     y[yOff + i] = keep ? x[xOff + i] / (1 - rate) : 0 (x passes through when not training)
//   backward: g[yOff + i] = keep ? g[yOff + i] / (1 - rate) : 0, in place
// i counts from i0: a time chunk of a long sequence (src/model/gpu/chunks.ts) draws the mask bits of its
// global element indices, so the mask does not depend on the chunking (and matches the CPU's).

struct Dims { n: u32, seed: u32, xOff: u32, yOff: u32, i0: u32, _p0: u32, _p1: u32, _p2: u32, rate: f32, _q0: f32, _q1: f32, _q2: f32 }
struct Step { start: u32, count: u32, step: u32, slot: u32, lr: f32, lrOverBc1: f32, invSqrtBc2: f32, training: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> st: Step;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn keep(i: u32) -> bool {
  let h = pcg(pcg(dims.seed ^ pcg(st.step)) ^ i);
  return f32(h) / 4294967296.0 >= dims.rate;
}

fn scaled(v: f32, i: u32) -> f32 {
  return select(0.0, v / (1.0 - dims.rate), keep(i));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= dims.n) { return; }
  let v = x[dims.xOff + i];
  y[dims.yOff + i] = select(v, scaled(v, dims.i0 + i), st.training == 1u);
}
