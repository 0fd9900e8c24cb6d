// Dawn's Node binding (the `webgpu` package) settles its promises (mapAsync, onSubmittedWorkDone) by
// scheduling its event processing with the global setImmediate, again and again while one is pending: a
// busy loop on Node's main thread for as long as the GPU works. On a CPU that emulates the GPU (lavapipe)
// that loop takes a core from the emulator: whole W3 runs went 1.5–1.9× faster on a 2-core machine with
// the polls spaced 1 ms apart (docs/performance.md, "Dawn's polling"). Plain JavaScript, so the TF.js
// peer (bench/peers/tfjs.mjs, a plain Node process) is given the same treatment as our engine.

let installed = false;
/** The timers this module handed out in place of immediates, for clearImmediate. */
const ours = new WeakSet();

/**
 * From now on, in this process, Dawn's polls (native callbacks handed to setImmediate) run on a `ms` timer
 * instead of at once. Other setImmediate callers (JavaScript functions) are left alone. For CPU adapters
 * only: on a real GPU a wait is short and a millisecond more per wait would show.
 */
export function throttleDawnPolling(ms = 1) {
  if (installed) return;
  installed = true;
  const immediate = globalThis.setImmediate;
  const clear = globalThis.clearImmediate;
  const nativeCode = (fn) => Function.prototype.toString.call(fn).endsWith('{ [native code] }');
  globalThis.setImmediate = Object.assign(
    (fn, ...args) => {
      if (typeof fn !== 'function' || args.length > 0 || !nativeCode(fn)) return immediate(fn, ...args);
      const timer = setTimeout(fn, ms);
      ours.add(timer);
      return timer;
    },
    { __promisify__: immediate.__promisify__ },
  );
  globalThis.clearImmediate = (handle) => (ours.has(handle) ? clearTimeout(handle) : clear(handle));
}
