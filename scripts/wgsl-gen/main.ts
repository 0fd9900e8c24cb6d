// Rewrites the generated blocks of the subgroup kernels (files.ts lists them): `npm run gen:wgsl`.
import { readFileSync, writeFileSync } from 'node:fs';
import { GENERATED_FILES } from './files.ts';
import { regenerate } from './regions.ts';

for (const { path, blocks } of GENERATED_FILES) {
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
