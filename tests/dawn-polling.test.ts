// src/gpu/dawn-polling.mjs: on CPU adapters, Dawn's native polls handed to setImmediate wait on a 1 ms timer
// instead of spinning; JavaScript callers of setImmediate keep theirs. Run in a child process, as the shim
// changes the process's globals (the GPU tests' own process has it installed too: lavapipe is a CPU adapter).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-run.ts';

const SCRIPT = `
import { throttleDawnPolling } from ${JSON.stringify(join(ROOT, 'src', 'gpu', 'dawn-polling.mjs'))};
throttleDawnPolling(5);
throttleDawnPolling(5); // once per process: a second call changes nothing
const order = [];
// A native callback (what Dawn hands over; a bound function prints as native code too) waits ≥ 5 ms.
setImmediate(Array.prototype.push.bind(order, 'native'));
// JavaScript callbacks run at once, before a 1 ms timer, with their arguments.
setImmediate((x) => order.push(x), 'js');
setTimeout(() => order.push('timer'), 1);
// Both kinds can still be cancelled.
clearImmediate(setImmediate(Array.prototype.push.bind(order, 'cancelled native')));
clearImmediate(setImmediate(() => order.push('cancelled js')));
setTimeout(() => {
  console.log(JSON.stringify({ order }));
}, 40);
`;

describe('Dawn polling on CPU adapters', () => {
  it('delays native callbacks only, and both kinds can be cleared', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', SCRIPT], (err, stdout, stderr) =>
        err ? reject(new Error(stderr || err.message)) : resolve(stdout),
      ),
    );
    const { order } = JSON.parse(out) as { order: string[] };
    expect(order).toEqual(['js', 'timer', 'native']);
  });
});
