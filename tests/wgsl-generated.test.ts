// The unrolled entry points of the 4-lane SwiftShader kernels, the entry points and helpers the 8- and
// 4-lane families share (one text with the lane count as a parameter) and the LSTM cell's epilogue every
// cell kernel calls are written by scripts/wgsl-gen: this fails when a file files.ts lists differs from what
// the generator makes of it (a hand edit inside a generated block, or a generator change not yet written
// out), so they cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILES } from '../scripts/wgsl-gen/files.ts';
import { HEADER, regenerate } from '../scripts/wgsl-gen/regions.ts';
import { backwardMain4, forwardMain4, matmulMain4, matmulMainT4 } from '../scripts/wgsl-gen/unroll.ts';
import { testDevice } from './helpers/gpu.ts';

const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('generated WGSL', () => {
  for (const { path, blocks } of GENERATED_FILES) {
    it(`${path} is the generator's output`, () => {
      const committed = read(path);
      expect(committed.startsWith(HEADER), `${path} lacks the generated-file header`).toBe(true);
      expect(
        regenerate(path, committed, blocks),
        `${path} differs from scripts/wgsl-gen's output: edit the generator, then run \`npm run gen:wgsl\``,
      ).toBe(committed);
    });
  }

  it('notices a hand edit inside a generated block, and a missing or unknown block', () => {
    const { path, blocks } = GENERATED_FILES[0];
    const committed = read(path);
    const edited = committed.replace('c0_0 = fma(x0, b0, c0_0);', 'c0_0 = fma(x0, b1, c0_0);');
    expect(edited).not.toBe(committed);
    expect(regenerate(path, edited, blocks)).toBe(committed);
    expect(() => regenerate(path, committed, { ...blocks, extra: () => '' })).toThrow(/no block for extra/);
    expect(() => regenerate(path, committed, { lanes4: blocks.lanes4 })).toThrow(/has no block storeBlock/);
  });

  // A block size is one argument: other sizes (the grids in matmul.ts / lstm_cell.ts would change with
  // them) still give WGSL that compiles, and the size shows in the text.
  it('other block sizes give kernels that compile', async () => {
    const other: Record<string, Record<string, () => string>> = {
      'src/shaders/matmul_sg4.wgsl': { main4: () => matmulMain4(2, 3), mainT4: () => matmulMainT4(2) },
      'src/shaders/lstm_cell_forward_sg4.wgsl': { main4: () => forwardMain4(3) },
      'src/shaders/lstm_cell_backward_sg4.wgsl': { main4: () => backwardMain4(2) },
    };
    expect(matmulMain4(2, 3)).toContain('let m0 = wg.y * 8u;');
    expect(matmulMain4(2, 3)).toContain('store4(m0 + 7u, cAt + 7u * N4, c7_2, bv);');
    expect(matmulMain4(2, 3)).not.toContain('c8_0');
    const { device } = await testDevice();
    expect(device.features.has('subgroups'), 'the test device (lavapipe) should offer subgroups').toBe(true);
    for (const { path, blocks } of GENERATED_FILES.filter((f) => f.path in other)) {
      const code = regenerate(path, read(path), { ...blocks, ...other[path] });
      expect(code).not.toBe(read(path));
      const info = await device.createShaderModule({ label: path, code }).getCompilationInfo();
      expect(info.messages.map((m) => `${m.type} ${path}:${m.lineNum} ${m.message}`)).toEqual([]);
    }
  });
});
