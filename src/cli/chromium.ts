// Headless Chromium for the browser benchmarks: Debian's /usr/bin/chromium (never a downloaded browser;
// CHROMIUM_PATH overrides), the flags every launch gets, and a free 127.0.0.1 port to serve pages from.
// e2e/run.mjs keeps its own copy of the flags (it is plain JavaScript run by node).
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

/** With this, Chromium exposes an adapter (SwiftShader without a GPU); without it requestAdapter() is null. */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
