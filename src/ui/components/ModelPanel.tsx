import { useMemo } from 'react';
import type { Preprocessing } from '../../data/prepare.ts';
import { CONFIG_BOUNDS as B } from '../../model/config.ts';
import { buildLayout } from '../../model/layout.ts';
import { estimateTrainingBytes, formatBytes } from '../../model/memory.ts';
import { specFromConfig } from '../../model/trainer.ts';
import type { AppState } from '../store.ts';
import { selectBusy, useAppStore } from '../store.ts';
import { formatCount, NumberField, SelectField } from './fields.tsx';

const selectConfig = (s: AppState) => s.config;
const selectPlan = (s: AppState) => s.plan;

const NORMS = [
  ['none', 'No normalization'],
  ['batch', 'Batch norm'],
  ['layer', 'Layer norm'],
] as const;
const LOSSES = [
  ['mse', 'Mean squared error'],
  ['mae', 'Mean absolute error'],
  ['huber', 'Huber'],
] as const;

/** Parameter count and a GPU-memory estimate for the current layers and data. */
function useSize() {
  const config = useAppStore(selectConfig);
  const plan = useAppStore(selectPlan);
  return useMemo(() => {
    if (plan.state !== 'ok') return null;
    const pre: Preprocessing = {
      features: plan.plan.features,
      targets: config.data.targets,
      window: config.data.window,
      horizon: config.data.horizon,
      scaler: { kind: 'none', columns: [] },
      ...(plan.plan.classes ? { classes: plan.plan.classes } : {}),
    };
    try {
      const spec = specFromConfig(config, pre);
      const count = buildLayout(spec).count;
      const mem = estimateTrainingBytes(
        spec,
        Math.min(config.training.batchSize, Math.max(1, plan.plan.train)),
        plan.plan.rows,
        config.training.optimizer.kind,
      );
      return {
        count,
        mem,
        out: spec.task === 'classification' ? spec.classes * spec.horizon : spec.targets * spec.horizon,
      };
    } catch {
      return null;
    }
  }, [config, plan]);
}

/** The LSTM stack: add, remove and reorder layers; the head follows the task. */
export function ModelPanel() {
  const config = useAppStore(selectConfig);
  const busy = useAppStore(selectBusy);
  const { addLayer, removeLayer, moveLayer, setLayer, setModel } = useAppStore.getState();
  const size = useSize();
  const { layers, task } = config.model;
  const plan = useAppStore(selectPlan);
  const classes = plan.state === 'ok' ? plan.plan.classes : null;

  return (
    <section className="card" aria-labelledby="model-title">
      <p className="eyebrow">3 · Model</p>
      <h2 id="model-title">Layers</h2>
      <fieldset disabled={busy} className="stack">
        <ol className="layers" aria-label="LSTM layers">
          {layers.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: layers are positional; moving swaps their settings.
            <li key={i} className="layer">
              <div className="layer-head">
                <span className="layer-name">LSTM {i + 1}</span>
                <span className="layer-actions">
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Move LSTM ${i + 1} up`}
                    disabled={i === 0}
                    onClick={() => moveLayer(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Move LSTM ${i + 1} down`}
                    disabled={i === layers.length - 1}
                    onClick={() => moveLayer(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Remove LSTM ${i + 1}`}
                    disabled={layers.length === 1}
                    onClick={() => removeLayer(i)}
                  >
                    ×
                  </button>
                </span>
              </div>
              <div className="layer-fields">
                <NumberField
                  label="Units"
                  bound={B.units}
                  value={l.units}
                  testId={`units-${i}`}
                  onChange={(v) => setLayer(i, { units: v })}
                />
                <NumberField
                  label="Dropout"
                  bound={B.dropout}
                  value={l.dropout}
                  step={0.05}
                  onChange={(v) => setLayer(i, { dropout: v })}
                />
                {i < layers.length - 1 && (
                  <SelectField
                    label="Then"
                    value={l.norm}
                    options={NORMS}
                    onChange={(v) => setLayer(i, { norm: v })}
                  />
                )}
              </div>
            </li>
          ))}
          <li className="layer layer-head-out">
            <span className="layer-name">Dense head</span>{' '}
            <span className="muted small">
              {task === 'classification'
                ? `softmax over ${classes ? classes.length : '?'} classes${config.data.horizon > 1 ? ` × ${config.data.horizon} steps` : ''}`
                : `linear, ${size?.out ?? config.data.targets.length * config.data.horizon} output${(size?.out ?? 1) === 1 ? '' : 's'}`}
            </span>
          </li>
        </ol>
        <button
          type="button"
          className="btn btn-small"
          onClick={addLayer}
          disabled={layers.length >= B.layers.max}
        >
          + Add LSTM layer
        </button>
        {task === 'regression' ? (
          <div className="form-grid">
            <SelectField
              label="Loss"
              value={config.model.loss === 'crossentropy' ? 'mse' : config.model.loss}
              options={LOSSES}
              onChange={(v) => setModel({ loss: v })}
            />
            {config.model.loss === 'huber' && (
              <NumberField
                label="Huber δ"
                bound={B.huberDelta}
                value={config.model.huberDelta}
                onChange={(v) => setModel({ huberDelta: v })}
              />
            )}
          </div>
        ) : (
          <p className="muted small">Loss: categorical cross-entropy (fused with the softmax).</p>
        )}
      </fieldset>
      <dl className="facts" data-testid="model-size">
        <dt>Parameters</dt>
        <dd data-testid="param-count">{size ? formatCount(size.count) : '—'}</dd>
        <dt>GPU memory</dt>
        <dd title="Weights, gradients, optimizer state, the series and one batch's activations">
          {size ? `≈ ${formatBytes(size.mem.total)}` : '—'}
        </dd>
      </dl>
    </section>
  );
}
