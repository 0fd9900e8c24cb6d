import type { AppState } from '../store.ts';
import { useAppStore } from '../store.ts';
import { CheckField, NumberField, SelectField } from './fields.tsx';

const selectTraining = (s: AppState) => s.config.training;
const selectBusy = (s: AppState) =>
  s.run.state === 'running' || s.run.state === 'paused' || s.run.state === 'starting';

const OPTIMIZERS = [
  ['adam', 'Adam'],
  ['adamw', 'AdamW'],
  ['rmsprop', 'RMSprop'],
  ['sgd', 'SGD'],
] as const;

/** Optimizer and the training loop's settings. */
export function TrainingPanel() {
  const t = useAppStore(selectTraining);
  const busy = useAppStore(selectBusy);
  const { setTraining, setOptimizer, setEarlyStopping, setPlateau } = useAppStore.getState();
  const o = t.optimizer;
  return (
    <section className="card" aria-labelledby="training-title">
      <p className="eyebrow">4 · Training</p>
      <h2 id="training-title">Training settings</h2>
      <fieldset disabled={busy} className="form-grid">
        <SelectField
          label="Optimizer"
          value={o.kind}
          options={OPTIMIZERS}
          onChange={(v) => setOptimizer({ kind: v })}
        />
        <NumberField
          label="Learning rate"
          value={o.lr}
          min={1e-8}
          max={10}
          testId="lr-input"
          onChange={(v) => setOptimizer({ lr: v })}
        />
        {o.kind === 'sgd' && (
          <>
            <NumberField
              label="Momentum"
              value={o.momentum}
              min={0}
              max={0.999}
              onChange={(v) => setOptimizer({ momentum: v })}
            />
            <CheckField
              label="Nesterov"
              checked={o.nesterov}
              onChange={(v) => setOptimizer({ nesterov: v })}
            />
          </>
        )}
        {o.kind === 'rmsprop' && (
          <NumberField
            label="ρ (decay)"
            value={o.rho}
            min={0}
            max={0.9999}
            onChange={(v) => setOptimizer({ rho: v })}
          />
        )}
        {(o.kind === 'adam' || o.kind === 'adamw') && (
          <>
            <NumberField
              label="β₁"
              value={o.beta1}
              min={0}
              max={0.9999}
              onChange={(v) => setOptimizer({ beta1: v })}
            />
            <NumberField
              label="β₂"
              value={o.beta2}
              min={0}
              max={0.99999}
              onChange={(v) => setOptimizer({ beta2: v })}
            />
          </>
        )}
        {o.kind === 'adamw' && (
          <NumberField
            label="Weight decay"
            value={o.weightDecay}
            min={0}
            max={1}
            onChange={(v) => setOptimizer({ weightDecay: v })}
          />
        )}
        <NumberField
          label="Batch size"
          value={t.batchSize}
          integer
          min={1}
          max={65536}
          testId="batch-input"
          onChange={(v) => setTraining({ batchSize: v })}
        />
        <NumberField
          label="Epochs"
          value={t.epochs}
          integer
          min={1}
          max={100000}
          testId="epochs-input"
          onChange={(v) => setTraining({ epochs: v })}
        />
        <CheckField
          label="Clip gradients (global norm)"
          checked={t.clipNorm !== null}
          onChange={(on) => setTraining({ clipNorm: on ? 1 : null })}
        />
        {t.clipNorm !== null && (
          <NumberField
            label="Max norm"
            value={t.clipNorm}
            min={1e-6}
            onChange={(v) => setTraining({ clipNorm: v })}
          />
        )}
        <NumberField
          label="Early-stopping patience"
          value={t.earlyStopping.patience}
          integer
          min={0}
          hint="Epochs without a better validation loss; 0 = off"
          onChange={(v) => setEarlyStopping({ patience: v })}
        />
        <CheckField
          label="Keep the best epoch's weights"
          checked={t.earlyStopping.restoreBest}
          onChange={(v) => setEarlyStopping({ restoreBest: v })}
        />
        <NumberField
          label="LR-on-plateau patience"
          value={t.reduceLrOnPlateau.patience}
          integer
          min={0}
          hint="0 = off"
          onChange={(v) => setPlateau({ patience: v })}
        />
        {t.reduceLrOnPlateau.patience > 0 && (
          <NumberField
            label="LR factor"
            value={t.reduceLrOnPlateau.factor}
            min={0.01}
            max={0.99}
            onChange={(v) => setPlateau({ factor: v })}
          />
        )}
        <NumberField
          label="Seed"
          value={t.seed}
          integer
          min={0}
          max={4294967295}
          onChange={(v) => setTraining({ seed: v })}
        />
      </fieldset>
    </section>
  );
}
