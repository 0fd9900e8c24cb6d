// One LSTM timestep for a whole batch, fused: z = Z[t] + h[t-1]·U, the four gate activations, the cell
// update and the output — one dispatch per timestep (Appleyard et al. 2016).
// B = batch, H = units, G = 4H, gate order i, f, g, o (Keras).
//   gates (T, B, G): holds Z = X·W + b on entry; the activated gates on exit (kept for backward)
//   c, h ((T+1), B, H): slot 0 is the zero initial state, slot t+1 is step t
// A workgroup owns 16 units × 8 batch rows and all four gates of those units, so the cell update needs no
// second pass. CPU twin: lstmForward in src/model/cpu/lstm.ts.

struct Dims { B: u32, H: u32, uOff: u32, _p: u32 }
struct TimeStep { t: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<uniform> ts: TimeStep;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> gates: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;
@group(0) @binding(5) var<storage, read_write> h: array<f32>;

const TJ: u32 = 16u; // units per workgroup
const TB: u32 = 8u;  // batch rows per workgroup
const TK: u32 = 16u; // reduction chunk

var<workgroup> hs: array<array<f32, 16>, 8>;  // [b][k]
var<workgroup> us: array<array<f32, 64>, 16>; // [k][gate * TJ + j]

fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
// Some drivers compute tanh through exp and overflow to NaN for large |x|; f32 tanh is ±1 past 15 anyway.
fn safeTanh(x: f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }

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
  var acc = vec4<f32>(0.0);

  if (t > 0u) { // h[-1] = 0: nothing to add at the first step
    let hBase = t * B * H; // slot t holds h[t-1]
    for (var k0 = 0u; k0 < H; k0 += TK) {
      let hk = k0 + lid.x;
      hs[lid.y][lid.x] = select(0.0, h[hBase + b * H + hk], b < B && hk < H);
      for (var r = 0u; r < 8u; r++) {
        let idx = tid + r * 128u;
        let kk = idx / 64u;
        let col = idx % 64u;
        let gate = col / TJ;
        let uj = j0 + col % TJ;
        let uk = k0 + kk;
        us[kk][col] = select(0.0, params[dims.uOff + uk * G + gate * H + uj], uk < H && uj < H);
      }
      workgroupBarrier();
      for (var kk = 0u; kk < TK; kk++) {
        let hv = hs[lid.y][kk];
        acc += hv * vec4<f32>(us[kk][lid.x], us[kk][TJ + lid.x], us[kk][2u * TJ + lid.x], us[kk][3u * TJ + lid.x]);
      }
      workgroupBarrier();
    }
  }

  if (b >= B || j >= H) { return; }
  let zo = (t * B + b) * G;
  let ig = sigmoid(gates[zo + j] + acc.x);
  let fg = sigmoid(gates[zo + H + j] + acc.y);
  let gg = safeTanh(gates[zo + 2u * H + j] + acc.z);
  let og = sigmoid(gates[zo + 3u * H + j] + acc.w);
  let cPrev = c[(t * B + b) * H + j];
  let cv = fg * cPrev + ig * gg;
  gates[zo + j] = ig;
  gates[zo + H + j] = fg;
  gates[zo + 2u * H + j] = gg;
  gates[zo + 3u * H + j] = og;
  let so = ((t + 1u) * B + b) * H + j;
  c[so] = cv;
  h[so] = og * safeTanh(cv);
}
