// WGSL sources are imported as text: by Vite (`?raw`) in the app and tests, by bin/wgsl-loader.mjs in the CLI.
declare module '*.wgsl?raw' {
  const code: string;
  export default code;
}
