// Which generated blocks go into which 4-lane SwiftShader kernel, with their block sizes. A block size here
// must match the workgroup grid its TypeScript wrapper dispatches (the constant named beside it).
import { backwardMain4, forwardMain4, lanesHelper, matmulMain4, matmulMainT4 } from './unroll.ts';

const lanes4 = () =>
  "// The 4 lanes' values of v, in every lane (subgroupBroadcast wants a constant lane index).\n" +
  lanesHelper(4);

export const SG4_FILES: { path: string; blocks: Record<string, () => string> }[] = [
  {
    path: 'src/shaders/matmul_sg4.wgsl',
    blocks: {
      lanes4,
      // 16 rows × 32 columns: SG4_MAIN4_ROWS × SG4_MAIN4_COLS in matmul.ts.
      main4: () => matmulMain4(4, 2),
      // 16 rows × 16 columns: SG_ROWS × SG4_COLS in matmul.ts.
      mainT4: () => matmulMainT4(4),
    },
  },
  {
    path: 'src/shaders/lstm_cell_forward_sg4.wgsl',
    // 8 batch rows × 16 units: SG4_FORWARD4_ROWS × SG4_FORWARD4_UNITS in lstm_cell.ts.
    blocks: { lanes4, main4: () => forwardMain4(2) },
  },
  {
    path: 'src/shaders/lstm_cell_backward_sg4.wgsl',
    // 16 batch rows × 16 units: SG4_BACKWARD4_ROWS × SG4_BACKWARD4_UNITS in lstm_cell.ts.
    blocks: { lanes4, main4: () => backwardMain4(4) },
  },
];
