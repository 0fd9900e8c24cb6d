// Every WGSL file compiles on Dawn without errors or warnings (a renumbered binding or a typo fails here
// with the compiler's message, before any numerical test).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { subgroupFamily } from '../src/shaders/subgroup.ts';
import { testDevice } from './helpers/gpu.ts';

const dir = join(import.meta.dirname, '..', 'src', 'shaders');
const files = readdirSync(dir).filter((f) => f.endsWith('.wgsl'));

describe('WGSL compiles', () => {
  it('has shaders to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });
  for (const f of files) {
    it(f, async () => {
      const { device } = await testDevice();
      const code = readFileSync(join(dir, f), 'utf8');
      if (/^enable subgroups;/m.test(code) && !device.features.has('subgroups')) {
        // Such a device never gets the *_sg / *_sg4 kernels (the wrappers ask subgroupFamily), so they need
        // not compile.
        expect(subgroupFamily(device)).toBe(0);
        return;
      }
      const module = device.createShaderModule({ label: f, code });
      const info = await module.getCompilationInfo();
      const msgs = info.messages.map((m) => `${m.type} ${f}:${m.lineNum}:${m.linePos} ${m.message}`);
      expect(msgs).toEqual([]);
    });
  }
});
