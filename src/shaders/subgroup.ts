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
