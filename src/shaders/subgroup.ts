// Which kernel family a CPU emulator runs. llvmpipe (Mesa 25.0) runs 8 invocations as one SIMD vector
// and loads every storage-buffer element lane by lane (extract the address, test the lane, bounds-check,
// load, insert: ~10 instructions per lane), even when all lanes read the same address. Loads, not FMAs,
// are the cost there. The *_sg.wgsl variants load one value per lane and hand it to the other 7 lanes
// with subgroupBroadcast (a register shuffle), so one load feeds 8 rows of a register block; they need
// subgroups exactly 8 wide (one SIMD vector), which lavapipe reports on x86-64 with AVX2/AVX-512.

/** Lanes per subgroup the *_sg.wgsl kernels are written for (their workgroup is one subgroup). */
export const SG_LANES = 8;

/** True when the device can run the *_sg.wgsl kernels: subgroups enabled and always 8 lanes wide. */
export function hasSubgroups8(device: GPUDevice): boolean {
  if (!device.features.has('subgroups')) return false;
  const info = device.adapterInfo;
  return info?.subgroupMinSize === SG_LANES && info?.subgroupMaxSize === SG_LANES;
}

// SwiftShader (Chromium without a GPU) has the same cost model: 4 invocations per SIMD vector and, under
// its Subzero JIT, every load with a run-time index done lane by lane with a branch each. The *_sg4.wgsl
// variants are the _sg kernels with 4 lanes (workgroup = one 4-lane subgroup). They are valid on any
// device whose subgroups hold at least 4 lanes: a 4-invocation workgroup is then one (partial) subgroup.

/** Devices told to run the 4-lane family although they could run the 8-lane one (tests on lavapipe). */
const forced4 = new WeakSet<GPUDevice>();

/**
 * Make `device` run the *_sg4.wgsl kernels wherever it would run the *_sg.wgsl ones: how the tests hold
 * the 4-lane family to the CPU reference on lavapipe, whose subgroups are 8 wide.
 */
export function forceSubgroups4(device: GPUDevice): void {
  forced4.add(device);
}

/**
 * Which subgroup kernel family the direct (CPU-emulator) strategy runs on `device`: 8 (*_sg.wgsl), 4
 * (*_sg4.wgsl), or 0 (the plain direct kernels: no subgroups, or lanes fewer than 4 or of unknown width).
 */
export function subgroupFamily(device: GPUDevice): 0 | 4 | 8 {
  if (!device.features.has('subgroups')) return 0;
  if (hasSubgroups8(device)) return forced4.has(device) ? 4 : 8;
  const min = device.adapterInfo?.subgroupMinSize ?? 0;
  return min >= 4 ? 4 : 0;
}
