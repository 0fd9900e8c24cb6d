// Lets Node run the TypeScript sources directly: tsx for TypeScript, plus a hook that imports WGSL files
// as text the way Vite's `?raw` does. Used by the CLI and by `node --import ./bin/register.mjs script.ts`.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
// Registered last so it runs first: tsx would not know what to do with `?raw`.
register('./wgsl-hooks.mjs', import.meta.url);
