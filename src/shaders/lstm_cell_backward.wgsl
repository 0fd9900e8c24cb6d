// One LSTM timestep of backpropagation through time, fused: the recurrent gradient dh = dhOut[t] +
// dZ[t+1]·Uᵀ, then the gate derivatives into dZ[t] and the cell-gradient carry. One dispatch per step,
// t = T-1 … 0. Weight gradients are big matmuls over all steps afterwards (lstm.ts).
//   gates (T, B, 4H) activated i, f, g, o    c ((T+1), B, H)    dhOut (T, B, H)
//   dz (T, B, 4H) out                        carry (B, H): dc[t+1] ⊙ f[t+1]
// CPU twin: lstmBackward in src/model/cpu/lstm.ts.

struct Dims { B: u32, H: u32, uOff: u32, T: u32 }
struct TimeStep { t: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> ts: TimeStep;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read> gates: array<f32>;
@group(0) @binding(4) var<storage, read> c: array<f32>;
@group(0) @binding(5) var<storage, read> dhOut: array<f32>;
@group(0) @binding(6) var<storage, read_write> dz: array<f32>;
@group(0) @binding(7) var<storage, read_write> carry: array<f32>;

const TJ: u32 = 16u;
const TB: u32 = 8u;
const TK: u32 = 16u;

var<workgroup> dzs: array<array<f32, 16>, 8>; // [b][k] of dZ[t+1]
var<workgroup> us: array<array<f32, 17>, 16>; // [j][k] of U (padded against bank conflicts)

@compute @workgroup_size(16, 8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let B = dims.B;
  let H = dims.H;
  let G = 4u * H;
  let t = ts.t;
  let j0 = wg.x * TJ;
  let b0 = wg.y * TB;
  let j = j0 + lid.x;
  let b = b0 + lid.y;
  let tid = lid.y * TJ + lid.x;
  var rec = 0.0;

  if (t + 1u < dims.T) {
    let zBase = (t + 1u) * B * G;
    for (var k0 = 0u; k0 < G; k0 += TK) {
      let zk = k0 + lid.x;
      dzs[lid.y][lid.x] = select(0.0, dz[zBase + b * G + zk], b < B && zk < G);
      for (var r = 0u; r < 2u; r++) {
        let idx = tid + r * 128u;
        let jj = idx / TK;
        let kk = idx % TK;
        let uj = j0 + jj;
        let uk = k0 + kk;
        us[jj][kk] = select(0.0, params[dims.uOff + uj * G + uk], uj < H && uk < G);
      }
      workgroupBarrier();
      for (var kk = 0u; kk < TK; kk++) {
        rec = fma(dzs[lid.y][kk], us[lid.x][kk], rec);
      }
      workgroupBarrier();
    }
  }

  if (b >= B || j >= H) { return; }
  let dh = dhOut[(t * B + b) * H + j] + rec;
  let go = (t * B + b) * G;
  let ig = gates[go + j];
  let fg = gates[go + H + j];
  let gg = gates[go + 2u * H + j];
  let og = gates[go + 3u * H + j];
  let tc = tanh(clamp(c[((t + 1u) * B + b) * H + j], -15.0, 15.0));
  let cPrev = c[(t * B + b) * H + j];
  let ci = b * H + j;
  let inCarry = select(carry[ci], 0.0, t + 1u == dims.T);
  let dc = dh * og * (1.0 - tc * tc) + inCarry;
  dz[go + j] = dc * gg * ig * (1.0 - ig);
  dz[go + H + j] = dc * cPrev * fg * (1.0 - fg);
  dz[go + 2u * H + j] = dc * ig * (1.0 - gg * gg);
  dz[go + 3u * H + j] = dh * tc * og * (1.0 - og);
  carry[ci] = dc * fg;
}
