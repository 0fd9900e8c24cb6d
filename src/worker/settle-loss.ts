// When a GPU device is lost, the work in flight fails first (Chromium rejects pending mapAsync calls with
// "Buffer was unmapped before mapping was resolved") and device.lost resolves a moment later. The trainer
// tells a lost device from a bug by asking backend.deviceError() when an operation fails, so it would see
// a healthy device, rethrow, and lose the weights it kept. This wrapper makes every failed runtime call wait
// for device.lost (at most SETTLE_MS) before it rejects, so the trainer sees the loss and keeps the weights.
// A batch loss whose readback died with the device comes back as NaN instead of a rejection: the trainer
// stops at its next device check anyway, and the readbacks still queued behind the failed one would
// otherwise be rejections nobody awaits.
import type { GpuContext } from '../gpu/device.ts';
import type { Backend, ModelRuntime } from '../model/backend.ts';

/** Longest wait for device.lost after a failed call; a genuine bug then surfaces as it is. */
const SETTLE_MS = 1000;

export function settleDeviceLoss(backend: Backend): Backend {
  const lost = (backend as { ctx?: GpuContext }).ctx?.lost;
  if (!lost) return backend;
  const settle = (e: unknown): Promise<never> =>
    Promise.race([lost, new Promise((r) => setTimeout(r, SETTLE_MS))]).then(() => {
      throw e;
    });
  const lossOrNaN = (e: unknown): Promise<number> =>
    settle(e).catch((err) => {
      if (backend.deviceError() !== null) return Number.NaN;
      throw err;
    });
  const wrapRuntime = (rt: ModelRuntime): ModelRuntime =>
    new Proxy(rt, {
      get(target, key) {
        const v = Reflect.get(target, key, target);
        if (typeof v !== 'function') return v;
        const onError = key === 'trainStep' ? lossOrNaN : settle;
        return (...args: unknown[]) => {
          const r = v.apply(target, args);
          return r instanceof Promise ? r.catch(onError) : r;
        };
      },
    });
  return new Proxy(backend, {
    get(target, key) {
      if (key === 'createRuntime') {
        return (...args: Parameters<Backend['createRuntime']>) => wrapRuntime(target.createRuntime(...args));
      }
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
