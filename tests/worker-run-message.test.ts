// A continued run's end message in the model's epochs (src/worker/run-message.ts). The messages below are
// the trainer's own sentences (src/model/trainer.ts), one per way a run ends.
import { describe, expect, it } from 'vitest';
import { continuedRunMessage } from '../src/worker/run-message.ts';

describe('continued run messages', () => {
  it('count epochs from the model’s first, for every way a run ends', () => {
    expect(continuedRunMessage('Trained 1 epoch.', 6)).toBe('Trained 1 more epoch (7 in all).');
    expect(continuedRunMessage('Trained 3 epochs.', 6)).toBe('Trained 3 more epochs (9 in all).');
    expect(continuedRunMessage('Early stopping after epoch 4: no improvement for 3 epochs.', 10)).toBe(
      'Early stopping after epoch 14: no improvement for 3 epochs.',
    );
    expect(continuedRunMessage('Stopped by request during epoch 2.', 5)).toBe(
      'Stopped by request during epoch 7.',
    );
    expect(
      continuedRunMessage(
        'The loss became NaN in epoch 2. Kept the weights of epoch 1. Lower the learning rate, enable gradient clipping, or check the data for extreme values.',
        3,
      ),
    ).toBe(
      'The loss became NaN in epoch 5. Kept the weights of epoch 4. Lower the learning rate, enable gradient clipping, or check the data for extreme values.',
    );
    // Diverged in its first epoch: "the start" of a continued run is the model's last epoch.
    expect(
      continuedRunMessage(
        'The GPU stopped working during epoch 1 (Device was destroyed). Kept the weights of the start; resume from them to continue.',
        8,
      ),
    ).toBe(
      'The GPU stopped working during epoch 9 (Device was destroyed). Kept the weights of epoch 8; resume from them to continue.',
    );
  });

  it('leave a first run’s message as it is', () => {
    for (const m of [
      'Trained 1 epoch.',
      'Stopped by request during epoch 1.',
      'Kept the weights of the start.',
    ])
      expect(continuedRunMessage(m, 0)).toBe(m);
  });
});
