// The per-batch uniform is declared twice: packStep in src/shaders/step.ts writes it, and every shader that
// reads it repeats `struct Step` in WGSL. A field added, reordered or retyped on one side only would read
// garbage without any error, so this test derives the layout from packStep itself and holds every WGSL copy
// to it, field by field.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packStep, STEP_BYTES, type StepValues } from '../src/shaders/step.ts';

const SHADERS = join(import.meta.dirname, '..', 'src', 'shaders');

const ZERO: StepValues = {
  start: 0,
  count: 0,
  step: 0,
  slot: 0,
  lr: 0,
  lrOverBc1: 0,
  invSqrtBc2: 0,
  training: 0,
};

/** [name, WGSL type] in word order, found by writing one field at a time and seeing which word changes. */
function packedLayout(): [string, 'u32' | 'f32'][] {
  const layout: [string, 'u32' | 'f32'][] = [];
  for (const name of Object.keys(ZERO) as (keyof StepValues)[]) {
    // 3 as a u32 is 0x00000003; as an f32 it is 0x40400000: the bits tell which view wrote the word.
    const words = new Uint32Array(packStep({ ...ZERO, [name]: 3 }));
    const changed = [...words.keys()].filter((i) => words[i] !== 0);
    expect(changed, `packStep writes ${name} to exactly one word`).toHaveLength(1);
    const type = words[changed[0]] === 3 ? 'u32' : 'f32';
    layout[changed[0]] = [name, type];
  }
  return layout;
}

function wgslSteps(): { file: string; fields: [string, string][] }[] {
  return readdirSync(SHADERS)
    .filter((f) => f.endsWith('.wgsl'))
    .flatMap((file) => {
      const m = /struct\s+Step\s*\{([^}]*)\}/.exec(readFileSync(join(SHADERS, file), 'utf8'));
      if (!m) return [];
      const fields = m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => s.split(':').map((p) => p.trim()) as [string, string]);
      return [{ file, fields }];
    });
}

describe('struct Step (WGSL) matches packStep (TypeScript)', () => {
  const layout = packedLayout();

  it('packStep fills every word of STEP_BYTES once', () => {
    expect(layout.length * 4).toBe(STEP_BYTES);
    expect(layout.every(Boolean)).toBe(true);
  });

  const copies = wgslSteps();
  it('finds the WGSL copies', () => {
    // gather, loss, dropout and optimizer read it at least; a regex that stops matching would pass vacuously.
    expect(copies.map((c) => c.file)).toEqual(
      expect.arrayContaining(['gather.wgsl', 'loss.wgsl', 'dropout.wgsl', 'optimizer.wgsl']),
    );
  });

  for (const { file, fields } of copies) {
    it(`${file}: same names, types and order`, () => {
      expect(fields).toEqual(layout);
    });
  }
});
