// Headless Chromium for the e2e tests and the browser benchmarks: Debian's /usr/bin/chromium (never a
// downloaded browser; CHROMIUM_PATH overrides), the flags every launch gets, and a free 127.0.0.1 port to
// serve pages from. The .mjs scripts (e2e/run.mjs, bench/app) load it through tsx's tsImport.
import { createServer } from 'node:net';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** No sandbox (CI runs as root), and nothing that reaches the network. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * With this, Debian's Chromium exposes an adapter (SwiftShader without a GPU, the real GPU where there is
 * one); without it navigator.gpu exists but requestAdapter() gives null.
 */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref(); // never what keeps the process alive
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
