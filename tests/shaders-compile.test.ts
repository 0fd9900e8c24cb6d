// Every WGSL file compiles on Dawn without errors or warnings (a renumbered binding or a typo fails here
// with the compiler's message, before any numerical test).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSubgroups8 } from '../src/shaders/subgroup.ts';
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
        // Such a device never gets the *_sg kernels (the wrappers ask hasSubgroups8), so they need not compile.
        expect(hasSubgroups8(device)).toBe(false);
        return;
      }
      const module = device.createShaderModule({ label: f, code });
      const info = await module.getCompilationInfo();
      const msgs = info.messages.map((m) => `${m.type} ${f}:${m.lineNum}:${m.linePos} ${m.message}`);
      expect(msgs).toEqual([]);
    });
  }
});
