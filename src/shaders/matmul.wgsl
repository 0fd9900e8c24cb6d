// C[M,N] = op(A)[M,K] · op(B)[K,N] (+ bias[N]) (+ C if ACCUMULATE), all row-major f32, addressed by element
// offsets so one flat buffer (parameters, gradients, activation slots) can be bound whole.
// A 64×64 output tile per workgroup, 16×16 threads with a 4×4 register block each, K in steps of 16.
// TRANS_A: A is stored [K][M]. TRANS_B: B is stored [N][K].
// Split K (split.ts; kSplit > 0, GPUs only): workgroup z sums k in [z·kSplit, (z+1)·kSplit) and writes its
// partial product to C[cOff + z·M·N …] as is (no bias, no accumulate); reduce_partials.wgsl adds them up.

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
override ACCUMULATE: bool = false;
// Stage tiles through workgroup memory (GPUs), or read operands straight from the buffers (CPU emulators
// such as lavapipe, where barriers are expensive and the CPU caches provide the reuse).
override TILED: bool = true;

struct Dims {
  M: u32, N: u32, K: u32,
  aOff: u32, bOff: u32, cOff: u32, biasOff: u32,
  kSplit: u32, // terms of K per workgroup z, 0 = all of K (no split)
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> C: array<f32>;

const TILE: u32 = 64u;
const TK: u32 = 16u;

var<workgroup> As: array<array<f32, 64>, 16>; // [k][m]
var<workgroup> Bs: array<array<f32, 64>, 16>; // [k][n]

fn loadA(m: u32, k: u32, kEnd: u32) -> f32 {
  if (m >= dims.M || k >= kEnd) { return 0.0; }
  if (TRANS_A) { return A[dims.aOff + k * dims.M + m]; }
  return A[dims.aOff + m * dims.K + k];
}

fn loadB(k: u32, n: u32, kEnd: u32) -> f32 {
  if (k >= kEnd || n >= dims.N) { return 0.0; }
  if (TRANS_B) { return B[dims.bOff + n * dims.K + k]; }
  return B[dims.bOff + k * dims.N + n];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let m0 = wg.y * TILE;
  let n0 = wg.x * TILE;
  let tid = lid.y * 16u + lid.x;
  let kBegin = wg.z * dims.kSplit;
  let kEnd = select(dims.K, min(dims.K, kBegin + dims.kSplit), dims.kSplit > 0u);
  var acc: array<array<f32, 4>, 4>;
  for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = 0.0; } }

  // Threads with no output in range skip the work (no barriers on this path, so they may).
  if (!TILED && m0 + lid.y < dims.M && n0 + lid.x < dims.N) {
    var ms: array<u32, 4>;
    var ns: array<u32, 4>;
    for (var i = 0u; i < 4u; i++) {
      ms[i] = min(m0 + lid.y + 16u * i, dims.M - 1u); // clamped: duplicates are computed, never stored
      ns[i] = min(n0 + lid.x + 16u * i, dims.N - 1u);
    }
    for (var k = kBegin; k < kEnd; k++) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        if (TRANS_A) { a[i] = A[dims.aOff + k * dims.M + ms[i]]; } else { a[i] = A[dims.aOff + ms[i] * dims.K + k]; }
        if (TRANS_B) { b[i] = B[dims.bOff + ns[i] * dims.K + k]; } else { b[i] = B[dims.bOff + k * dims.N + ns[i]]; }
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) { acc[i][j] = fma(a[i], b[j], acc[i][j]); }
      }
    }
  }
  for (var k0 = kBegin; k0 < select(kBegin, kEnd, TILED); k0 += TK) {
    // 256 threads load the 16×64 A and B tiles, 4 elements each.
    for (var r = 0u; r < 4u; r++) {
      let idx = tid + r * 256u;
      let kk = idx / TILE;
      let mm = idx % TILE;
      As[kk][mm] = loadA(m0 + mm, k0 + kk, kEnd);
      Bs[kk][mm] = loadB(k0 + kk, n0 + mm, kEnd);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        a[i] = As[kk][lid.y + 16u * i];
        b[i] = Bs[kk][lid.x + 16u * i];
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) { acc[i][j] = fma(a[i], b[j], acc[i][j]); }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < 4u; i++) {
    let m = m0 + lid.y + 16u * i;
    if (m >= dims.M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let n = n0 + lid.x + 16u * j;
      if (n >= dims.N) { continue; }
      var v = acc[i][j];
      if (dims.kSplit > 0u) {
        C[dims.cOff + (wg.z * dims.M + m) * dims.N + n] = v;
        continue;
      }
      if (HAS_BIAS) { v += bias[dims.biasOff + n]; }
      let at = dims.cOff + m * dims.N + n;
      if (ACCUMULATE) { v += C[at]; }
      C[at] = v;
    }
  }
}
