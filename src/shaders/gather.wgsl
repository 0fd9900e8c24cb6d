// Cut a batch of windows out of the series, on the GPU (the series is uploaded once).
// The window ending at row r: x[t][b][f] = series_x[r-T+1+t][f]; y[b][s][j] = series_y[r+1+s][j]
// (0 past the last row, where only predictions are wanted). Batch padding rows repeat window 0.
// A long sequence is written one time chunk per dispatch (src/model/gpu/chunks.ts): timesteps t0 … t0+steps-1
// into x from element xOff of what is bound; y by the chunk with t0 = 0.
// CPU twin: src/model/cpu/gather.ts.

struct Dims {
  T: u32, B: u32, F: u32, Ty: u32,
  horizon: u32, rows: u32, t0: u32, steps: u32,
  xOff: u32, _p0: u32, _p1: u32, _p2: u32,
}
struct Step { start: u32, count: u32, step: u32, slot: u32, lr: f32, lrOverBc1: f32, invSqrtBc2: f32, training: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> st: Step;
@group(0) @binding(2) var<storage, read> sx: array<f32>;
@group(0) @binding(3) var<storage, read> sy: array<f32>;
@group(0) @binding(4) var<storage, read> order: array<i32>;
@group(0) @binding(5) var<storage, read_write> x: array<f32>;
@group(0) @binding(6) var<storage, read_write> y: array<f32>;

fn windowEnd(b: u32) -> u32 {
  return u32(order[st.start + select(0u, b, b < st.count)]);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  let nx = dims.steps * dims.B * dims.F;
  let yw = dims.horizon * dims.Ty;
  if (i < nx) {
    let f = i % dims.F;
    let b = (i / dims.F) % dims.B;
    let t = dims.t0 + i / (dims.F * dims.B);
    let row = windowEnd(b) + 1u + t - dims.T;
    x[dims.xOff + i] = sx[row * dims.F + f];
    return;
  }
  let k = i - nx;
  if (k < dims.B * yw && dims.t0 == 0u) {
    let b = k / yw;
    let s = (k % yw) / dims.Ty;
    let j = k % dims.Ty;
    let row = windowEnd(b) + 1u + s;
    y[k] = select(0.0, sy[row * dims.Ty + j], row < dims.rows);
  }
}
