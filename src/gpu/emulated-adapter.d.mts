// Types of emulated-adapter.mjs (plain JavaScript so the TF.js bench peer can load it without TypeScript).
/** CPU emulations of a GPU (lavapipe/llvmpipe, SwiftShader): correct, but a different performance model. */
export function isEmulatedAdapter(name: string): boolean;
