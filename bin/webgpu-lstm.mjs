#!/usr/bin/env node
// The `webgpu-lstm` command: loads the TypeScript CLI through tsx (no build step), with a hook that
// imports WGSL files as text the way Vite does.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
// Registered last so it runs first: tsx would not know what to do with `?raw`.
register('./wgsl-hooks.mjs', import.meta.url);
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
