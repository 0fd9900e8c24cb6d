// Plain JavaScript, so the TF.js peer (bench/peers/tfjs.mjs, a plain Node process) decides on Dawn's
// polling by the same test as our engine (src/gpu/node-device.ts).

/** CPU emulations of a GPU (lavapipe/llvmpipe, SwiftShader): correct, but a different performance model. */
export function isEmulatedAdapter(name) {
  return /llvmpipe|lavapipe|swiftshader|software/i.test(name);
}
