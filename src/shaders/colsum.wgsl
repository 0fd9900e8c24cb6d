// out[cOff + n] (+)= Σ_m A[aOff + m·N + n]: bias gradients, summed over every timestep and batch row
// (ACCUMULATE adds to what is there: the later time chunks of a long sequence).
// A workgroup sums 64 columns with 4 row lanes and combines the lanes in shared memory.
// main4 (N and aOff multiples of 4) reads each row as vec4s of 4 columns: CPU emulators load storage
// buffers lane by lane, and one vec4 load costs far less there than four scalar ones (docs/performance.md).
// Split rows (split.ts; mSplit > 0, GPUs only): workgroup y sums rows [y·mSplit, (y+1)·mSplit) and writes its
// partial sums to C[cOff + y·N …] as they are; reduce_partials.wgsl adds them up.
// CPU twin: colSum in src/model/cpu/matmul.ts.

override ACCUMULATE: bool = false;

struct Dims { M: u32, N: u32, aOff: u32, cOff: u32, mSplit: u32, _p0: u32, _p1: u32, _p2: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> A4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;

var<workgroup> lanes: array<array<f32, 64>, 4>;
var<workgroup> lanes4: array<array<vec4<f32>, 16>, 4>;

@compute @workgroup_size(64, 4)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = wg.x * 64u + lid.x;
  let mBegin = wg.y * dims.mSplit;
  let mEnd = select(dims.M, min(dims.M, mBegin + dims.mSplit), dims.mSplit > 0u);
  var s = 0.0;
  if (n < dims.N) {
    for (var m = mBegin + lid.y; m < mEnd; m += 4u) { s += A[dims.aOff + m * dims.N + n]; }
  }
  lanes[lid.y][lid.x] = s;
  workgroupBarrier();
  if (lid.y == 0u && n < dims.N) {
    var v = lanes[0][lid.x] + lanes[1][lid.x] + lanes[2][lid.x] + lanes[3][lid.x];
    if (dims.mSplit > 0u) {
      C[dims.cOff + wg.y * dims.N + n] = v;
      return;
    }
    if (ACCUMULATE) { v += C[dims.cOff + n]; }
    C[dims.cOff + n] = v;
  }
}

@compute @workgroup_size(16, 4)
fn main4(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let N4 = dims.N / 4u;
  let n4 = wg.x * 16u + lid.x;
  let mBegin = wg.y * dims.mSplit;
  let mEnd = select(dims.M, min(dims.M, mBegin + dims.mSplit), dims.mSplit > 0u);
  var s = vec4<f32>();
  if (n4 < N4) {
    let base = dims.aOff / 4u + n4;
    for (var m = mBegin + lid.y; m < mEnd; m += 4u) { s += A4[base + m * N4]; }
  }
  lanes4[lid.y][lid.x] = s;
  workgroupBarrier();
  if (lid.y == 0u && n4 < N4) {
    let v = lanes4[0][lid.x] + lanes4[1][lid.x] + lanes4[2][lid.x] + lanes4[3][lid.x];
    for (var i = 0u; i < 4u; i++) {
      let n = 4u * n4 + i;
      var w = v[i];
      if (dims.mSplit > 0u) {
        C[dims.cOff + wg.y * dims.N + n] = w;
        continue;
      }
      if (ACCUMULATE) { w += C[dims.cOff + n]; }
      C[dims.cOff + n] = w;
    }
  }
}
