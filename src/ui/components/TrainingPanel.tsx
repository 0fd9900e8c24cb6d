import { CONFIG_BOUNDS as B } from '../../model/config.ts';
import type { AppState } from '../store.ts';
import { selectBusy, useAppStore } from '../store.ts';
import { CheckField, NumberField, SelectField } from './fields.tsx';

const selectTraining = (s: AppState) => s.config.training;

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
          bound={B.lr}
          value={o.lr}
          testId="lr-input"
          onChange={(v) => setOptimizer({ lr: v })}
        />
        {o.kind === 'sgd' && (
          <>
            <NumberField
              label="Momentum"
              bound={B.momentum}
              value={o.momentum}
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
            bound={B.rho}
            value={o.rho}
            onChange={(v) => setOptimizer({ rho: v })}
          />
        )}
        {(o.kind === 'adam' || o.kind === 'adamw') && (
          <>
            <NumberField
              label="β₁"
              bound={B.beta1}
              value={o.beta1}
              onChange={(v) => setOptimizer({ beta1: v })}
            />
            <NumberField
              label="β₂"
              bound={B.beta2}
              value={o.beta2}
              onChange={(v) => setOptimizer({ beta2: v })}
            />
          </>
        )}
        {o.kind === 'adamw' && (
          <NumberField
            label="Weight decay"
            bound={B.weightDecay}
            value={o.weightDecay}
            onChange={(v) => setOptimizer({ weightDecay: v })}
          />
        )}
        <NumberField
          label="Batch size"
          bound={B.batchSize}
          value={t.batchSize}
          testId="batch-input"
          onChange={(v) => setTraining({ batchSize: v })}
        />
        <NumberField
          label="Epochs"
          bound={B.epochs}
          value={t.epochs}
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
            bound={B.clipNorm}
            value={t.clipNorm}
            onChange={(v) => setTraining({ clipNorm: v })}
          />
        )}
        <NumberField
          label="Early-stopping patience"
          bound={B.patience}
          value={t.earlyStopping.patience}
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
          bound={B.patience}
          value={t.reduceLrOnPlateau.patience}
          hint="0 = off"
          onChange={(v) => setPlateau({ patience: v })}
        />
        {t.reduceLrOnPlateau.patience > 0 && (
          <NumberField
            label="LR factor"
            bound={B.plateauFactor}
            value={t.reduceLrOnPlateau.factor}
            onChange={(v) => setPlateau({ factor: v })}
          />
        )}
        <NumberField label="Seed" bound={B.seed} value={t.seed} onChange={(v) => setTraining({ seed: v })} />
      </fieldset>
    </section>
  );
}
