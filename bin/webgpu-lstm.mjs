#!/usr/bin/env node
// The `webgpu-lstm` command: runs the TypeScript CLI directly (no build step).
import './register.mjs';

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
