// Bundles the `webgpu-lstm` CLI and the TensorFlow.js bench peer into single files for a machine without
// node_modules (scripts/nvidia-bench.sh, whose bundle must fit the 64 MiB the GPU machines take along):
//
//   node scripts/bundle-cli.mjs OUTDIR     writes OUTDIR/cli/webgpu-lstm.mjs and OUTDIR/peers/tfjs.mjs
//
// OUTDIR must be a folder directly inside the repository: the CLI finds package.json, bench/peers and
// bench/results as ../../ from its own file, as it does from src/cli. `webgpu` (Dawn's native addon) stays
// outside: it loads from OUTDIR/node_modules/webgpu, which nvidia-bench.sh lays out. Playwright and Vite
// (bench --browser) stay outside too and are not taken along: the GPU machines have no Chromium.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? '');
if (!process.argv[2] || dirname(out) !== root) {
  process.stderr.write(
    `usage: node scripts/bundle-cli.mjs OUTDIR (a folder directly inside ${root}, e.g. .nvidia-bench)\n`,
  );
  process.exit(2);
}

// WGSL is imported as text with Vite's `?raw`, which bin/wgsl-hooks.mjs does for Node; here the same.
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (a) => ({
      path: resolve(a.resolveDir, a.path.slice(0, -'?raw'.length)),
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, (a) => ({
      contents: readFileSync(a.path, 'utf8'),
      loader: 'text',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  external: ['webgpu', 'playwright-core', 'vite'],
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [rawText],
};

mkdirSync(join(out, 'cli'), { recursive: true });
mkdirSync(join(out, 'peers'), { recursive: true });
await build({
  ...common,
  stdin: {
    contents:
      "import { main } from './src/cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n",
    resolveDir: root,
    sourcefile: 'bin/webgpu-lstm.mjs',
    loader: 'ts',
  },
  outfile: join(out, 'cli', 'webgpu-lstm.mjs'),
});
await build({
  ...common,
  entryPoints: [join(root, 'bench', 'peers', 'tfjs.mjs')],
  outfile: join(out, 'peers', 'tfjs.mjs'),
});
for (const f of ['cli/webgpu-lstm.mjs', 'peers/tfjs.mjs'])
  process.stderr.write(`bundle-cli: ${relative(root, join(out, f))}, ${statSync(join(out, f)).size} bytes\n`);
