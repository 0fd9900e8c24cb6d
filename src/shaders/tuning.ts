// Kernel parameters a benchmark sweep fixes on one device (`bench --cell-rows`, `--splits`, `--textures`), so a single
// lease of a GPU can compare tile sizes side by side. Absent (every app and CLI run but those sweeps), the
// wrappers choose by shape. Keyed by device: each sweep run opens its own, so nothing changes mid-run.

export interface KernelTuning {
  /** Thread rows per workgroup of the tiled cell kernels (lstm_cell.ts): 4·cellRows batch rows per tile. */
  cellRows?: 4 | 8 | 16;
  /** Parts of every split reduction (split.ts); 1: never split. */
  splits?: number;
  /**
   * false: the 8-lane kernels read Uᵀ from a buffer, as where 4H rows do not fit a texture (lstm_cell.ts),
   * to compare the two on lavapipe and to hold that fallback to the CPU in tests.
   */
  textures?: boolean;
}

const tunings = new WeakMap<GPUDevice, KernelTuning>();

export function tuneKernels(device: GPUDevice, t: KernelTuning): void {
  tunings.set(device, { ...tunings.get(device), ...t });
}

export function kernelTuning(device: GPUDevice): KernelTuning {
  return tunings.get(device) ?? {};
}
