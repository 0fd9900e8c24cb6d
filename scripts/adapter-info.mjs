// Prints what the WebGPU adapter Dawn finds reports, as one JSON line: info (vendor, architecture, subgroup
// sizes, subgroup matrix configs), features and limits. scripts/nvidia-bench.sh runs it first on a GPU
// machine, so one lease also says what the next kernels can use (subgroups, shader-f16, workgroup memory).
//
//   node scripts/adapter-info.mjs [DIR of the webgpu package, default: node_modules/webgpu]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2] ?? join(import.meta.dirname, '..', 'node_modules', 'webgpu');
const { create, globals } = await import(pathToFileURL(join(dir, 'index.js')).href);
Object.assign(globalThis, globals);
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  console.log('adapter-info: Dawn found no WebGPU adapter');
  process.exit(1);
}
// Dawn keeps the fields of info and limits as getters on their prototypes: for…in reaches them.
const plain = (o) => {
  const out = {};
  for (const k in o) out[k] = o[k];
  return out;
};
console.log(
  JSON.stringify({
    info: plain(adapter.info),
    features: [...adapter.features].sort(),
    limits: plain(adapter.limits),
  }),
);
process.exit(0);
