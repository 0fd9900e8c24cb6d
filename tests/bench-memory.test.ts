// The memory need that `bench` divides peak_gpu_bytes by: checked against W2 counted by hand, so a change
// in what counts (or a wrong parameter count) shows.
import { describe, expect, it } from 'vitest';
import { memoryNeed, memoryRatio } from '../src/cli/bench-memory.ts';
import { WORKLOADS } from '../src/cli/bench-workloads.ts';

const W2 = WORKLOADS.find((w) => w.id === 'W2')!;

describe('bench memory need', () => {
  it('W2 (F 1, T 64, LSTM 64, Dense 1, batch 64) counted by hand', () => {
    // LSTM: kernel 1×256 + recurrent 64×256 + bias 256 = 16,896; dense 64 + 1 = 65 → 16,961 parameters.
    const P = 16_961 * 4;
    // Kept for BPTT: input (T·B·F) + per step 4H gates + H cell + H hidden (T·B·6H), head outputs B·1.
    const activations = 4 * (64 * 64 * (1 + 6 * 64) + 64);
    const need = memoryNeed(W2);
    expect(need).toEqual({ params: P, grads: P, optimizer: 2 * P, activations, total: 4 * P + activations });
    expect(need.total).toBe(6_579_472);
  });

  it('the ratio is peak ÷ need to two decimals, null without a peak', () => {
    expect(memoryRatio(W2, 6_579_472 * 1.5)).toBe(1.5);
    expect(memoryRatio(W2, 12_000_000)).toBe(1.82);
    expect(memoryRatio(W2, null)).toBeNull();
  });

  it('counts the batch the runtime was built for (the trainer shrinks it when --n is below the batch)', () => {
    const P = 16_961 * 4;
    expect(memoryNeed(W2, 16).activations).toBe(4 * (64 * 16 * (1 + 6 * 64) + 16));
    expect(memoryNeed(W2, 16).params).toBe(P);
  });
});
