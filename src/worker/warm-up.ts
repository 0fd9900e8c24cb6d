// Kernel warm-up in the worker: while the page is idle with data and a configuration, create the compute
// pipelines the next run will use (src/model/gpu/warm-up.ts), so pressing Train finds them cached instead
// of waiting for their compilation (most of the time to the first batch).
//
// Requests come from the page, debounced, after every change that may change the kernels. One warm-up
// at a time; a request that arrives while one is under way replaces any request still waiting, so only
// the latest configuration is warmed next. A warm-up never holds anything a run needs: the run does not
// wait for it (the JavaScript part is one synchronous call between the run's awaits), and none starts
// while a run is going.

import type { Backend, RuntimeOptions } from '../model/backend.ts';
import type { RunConfig } from '../model/config.ts';
import { warmUpKernels } from '../model/gpu/warm-up.ts';
import { GpuBackend } from '../model/gpu-backend.ts';
import type { ModelSpec } from '../model/spec.ts';

/** What the warm-up needs from the session: its backend, whether a run is going, the run's shape. */
export interface WarmUpHost {
  backend(): Promise<Backend>;
  running(): boolean;
  /** The spec and runtime options a fresh run of `config` would create (throws what Train would). */
  shape(config: RunConfig): { spec: ModelSpec; opts: RuntimeOptions };
}

/** What one request did: warmed (pipelines created, 0 when all were cached), or skipped and why. */
export type WarmUpOutcome =
  | { kind: 'warmed'; created: number; ms: number }
  | { kind: 'skipped'; why: 'cpu' | 'running' | 'superseded' | 'unchanged' | 'invalid' | 'failed' };

const KEPT_OUTCOMES = 16;

export class KernelWarmUp {
  private waiting: RunConfig | null = null;
  private active: Promise<void> | null = null;
  /** The last warmed shape on the last device: the same again creates nothing, so it is not redone. */
  private last: { device: GPUDevice; key: string } | null = null;
  /** The last requests' outcomes, oldest first, for tests (a warm-up answers nothing to the page). */
  readonly outcomes: WarmUpOutcome[] = [];

  constructor(private readonly host: WarmUpHost) {}

  /** Warm the kernels of `config`; resolves when this and any request queued behind it are done. */
  request(config: RunConfig): Promise<void> {
    if (this.waiting) this.record({ kind: 'skipped', why: 'superseded' });
    this.waiting = config;
    this.active ??= this.drain().finally(() => {
      this.active = null;
    });
    return this.active;
  }

  private record(o: WarmUpOutcome): void {
    this.outcomes.push(o);
    if (this.outcomes.length > KEPT_OUTCOMES) this.outcomes.shift();
  }

  private async drain(): Promise<void> {
    for (let config = this.waiting; config; config = this.waiting) {
      this.waiting = null;
      try {
        this.record(await this.warm(config));
      } catch (e) {
        // Never the page's concern (the run will meet and report any real problem); the queue goes on.
        console.warn('kernel warm-up failed:', e instanceof Error ? e.message : e);
        this.record({ kind: 'skipped', why: 'failed' });
      }
    }
  }

  private async warm(config: RunConfig): Promise<WarmUpOutcome> {
    const backend = await this.host.backend();
    if (!(backend instanceof GpuBackend)) return { kind: 'skipped', why: 'cpu' };
    // A newer request arrived while the backend was coming: that one is warmed instead.
    if (this.waiting) return { kind: 'skipped', why: 'superseded' };
    if (this.host.running()) return { kind: 'skipped', why: 'running' };
    let shape: ReturnType<WarmUpHost['shape']>;
    try {
      shape = this.host.shape(config);
    } catch {
      // A configuration the page is still editing (no windows, a bad column): Train will say what is wrong.
      return { kind: 'skipped', why: 'invalid' };
    }
    const device = backend.ctx.device;
    const key = JSON.stringify([shape.spec, shape.opts, backend.tiled]);
    if (this.last?.device === device && this.last.key === key) return { kind: 'skipped', why: 'unchanged' };
    // Throws where the run would (a model too large for this device, say): nothing was allocated, and
    // the run reports it in its own words.
    const result = warmUpKernels(device, shape.spec, shape.opts, backend.tiled);
    this.last = { device, key };
    // In a browser the pipelines compile in the GPU process after this returns; the next request waits
    // for them (the device handles its work in order), so warm-ups never pile up behind each other. A
    // lost device ends the wait too: the queue must not stall behind it.
    if (result.created > 0) await Promise.race([device.queue.onSubmittedWorkDone(), backend.ctx.lost]);
    return { kind: 'warmed', created: result.created, ms: result.ms };
  }
}
