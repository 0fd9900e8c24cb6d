// Rewrites the generated blocks of the 4-lane SwiftShader kernels (sg4.ts lists them): `npm run gen:wgsl`.
import { readFileSync, writeFileSync } from 'node:fs';
import { regenerate } from './regions.ts';
import { SG4_FILES } from './sg4.ts';

for (const { path, blocks } of SG4_FILES) {
  const url = new URL(`../../${path}`, import.meta.url);
  const before = readFileSync(url, 'utf8');
  const after = regenerate(path, before, blocks);
  if (after === before) {
    console.log(`${path}: unchanged`);
  } else {
    writeFileSync(url, after);
    console.log(`${path}: rewritten`);
  }
}
