// Which generated blocks go into which kernel file: the 4-lane SwiftShader family (*_sg4.wgsl: unrolled
// entry points, with their block sizes), for the entry points both subgroup families share the 8-lane
// lavapipe family (*_sg.wgsl), and the LSTM cell's epilogue (cell-math.ts) in every cell kernel, the plain
// and tiled lstm_cell_*.wgsl included. A block size here must match the workgroup grid its TypeScript
// wrapper dispatches (the constant named beside it); the shared blocks take theirs from the file's RG/CU/CN.
import { cellBackward, cellForward } from './cell-math.ts';
import { backwardMain, forwardMain, lanesBlock, matmulMain, matmulStoreBlock } from './lanes.ts';
import { backwardMain4, forwardMain4, lanesHelper, matmulMain4, matmulMainT4 } from './unroll.ts';

const lanes4 = () => lanesBlock(4);
const lanes8 = () => lanesBlock(8);
const lanes8v4 = () => lanesHelper(8, 'vec4<f32>');
const cell = () => cellForward(1);
const cell4 = () => cellForward(4);
const cellBack = () => cellBackward(1);
const cellBack4 = () => cellBackward(4);

export const GENERATED_FILES: { path: string; blocks: Record<string, () => string> }[] = [
  {
    path: 'src/shaders/matmul_sg4.wgsl',
    blocks: {
      lanes4,
      storeBlock: () => matmulStoreBlock(4),
      main: () => matmulMain(4),
      // 16 rows × 32 columns: SG4_MAIN4_ROWS × SG4_MAIN4_COLS in matmul.ts.
      main4: () => matmulMain4(4, 2),
      // 16 rows × 16 columns: SG_ROWS × SG4_COLS in matmul.ts.
      mainT4: () => matmulMainT4(4),
    },
  },
  {
    path: 'src/shaders/lstm_cell_forward_sg4.wgsl',
    // main4: 8 batch rows × 16 units: SG4_FORWARD4_ROWS × SG4_FORWARD4_UNITS in lstm_cell.ts.
    blocks: { lanes4, cell, main: () => forwardMain(4), cell4, main4: () => forwardMain4(2) },
  },
  {
    path: 'src/shaders/lstm_cell_backward_sg4.wgsl',
    // main4: 16 batch rows × 16 units: SG4_BACKWARD4_ROWS × SG4_BACKWARD4_UNITS in lstm_cell.ts.
    blocks: { lanes4, cellBack, main: () => backwardMain(4), cellBack4, main4: () => backwardMain4(4) },
  },
  {
    path: 'src/shaders/matmul_sg.wgsl',
    blocks: { lanes8, lanes8v4, storeBlock: () => matmulStoreBlock(8), main: () => matmulMain(8) },
  },
  {
    path: 'src/shaders/lstm_cell_forward_sg.wgsl',
    blocks: { lanes8, lanes8v4, cell, main: () => forwardMain(8) },
  },
  {
    path: 'src/shaders/lstm_cell_backward_sg.wgsl',
    blocks: { lanes8, lanes8v4, cellBack, main: () => backwardMain(8), cellBack4 },
  },
  { path: 'src/shaders/lstm_cell_forward.wgsl', blocks: { cell } },
  { path: 'src/shaders/lstm_cell_backward.wgsl', blocks: { cellBack } },
];
