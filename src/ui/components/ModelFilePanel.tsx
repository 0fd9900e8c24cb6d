import { useRef } from 'react';
import { modelErrorText } from '../model-error.ts';
import type { AppState } from '../store.ts';
import { selectBusy, useAppStore } from '../store.ts';
import { formatCount } from './fields.tsx';

const selectModel = (s: AppState) => s.model;
const selectError = (s: AppState) => s.modelError;
const selectExporting = (s: AppState) => s.exporting;
const selectHasData = (s: AppState) => s.dataset !== null;

/** Why a model file could not be used: the summary, the fields at fault, and what to do. */
function ModelErrorBody({ message }: { message: string }) {
  const text = modelErrorText(message);
  return (
    <>
      <p className="pre">{text.summary}</p>
      {text.fields.length > 0 && (
        <ul className="small error-fields">
          {text.fields.map((f) => (
            <li key={f}>
              <code>{f}</code>
            </li>
          ))}
        </ul>
      )}
      {text.hint && <p className="small">{text.hint}</p>}
    </>
  );
}

/** Download the model file, predictions and config; import a model file. */
export function ModelFilePanel() {
  const model = useAppStore(selectModel);
  const error = useAppStore(selectError);
  const exporting = useAppStore(selectExporting);
  const busy = useAppStore(selectBusy);
  const hasData = useAppStore(selectHasData);
  const { requestExport, exportConfig, importModel, dismissModelError } = useAppStore.getState();
  const input = useRef<HTMLInputElement>(null);
  const pending = new Set(Object.values(exporting));

  return (
    <section className="card" aria-labelledby="export-title">
      <p className="eyebrow">7 · Export</p>
      <h2 id="export-title">Model file</h2>
      {model ? (
        <p className="small" data-testid="model-info">
          <strong>{model.source === 'imported' ? `Imported ${model.name}` : 'Trained in this page'}</strong>
          <br />
          <span className="muted">
            LSTM {model.config.model.layers.map((l) => l.units).join(' → ')} · {formatCount(model.paramCount)}{' '}
            parameters · {model.epochs} epochs · window {model.window} · {model.features.length} inputs →{' '}
            {model.classes ? `${model.classes.length} classes` : model.targets.join(', ')}
          </span>
        </p>
      ) : (
        <p className="muted small">Train a model to export it, or import a model file exported before.</p>
      )}
      <div className="button-col">
        <button
          type="button"
          className="btn"
          disabled={!model || busy || pending.has('model')}
          onClick={() => requestExport('model')}
          data-testid="export-model"
        >
          Download model (.json)
        </button>
        <button
          type="button"
          className="btn"
          disabled={!model || !hasData || busy || pending.has('predictions')}
          onClick={() => requestExport('predictions')}
          data-testid="export-predictions"
        >
          Download predictions (.csv)
        </button>
        <button
          type="button"
          className="btn"
          disabled={!model || busy || pending.has('tfjs')}
          onClick={() => requestExport('tfjs')}
          data-testid="export-tfjs"
          title="A TensorFlow.js LayersModel: model.json and weights.bin, for tf.loadLayersModel"
        >
          Download TensorFlow.js model
        </button>
        <button type="button" className="btn" onClick={exportConfig} data-testid="export-config">
          Download config (.json)
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()}>
          Import model file…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Import a model file"
          data-testid="model-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importModel(f);
            e.target.value = '';
          }}
        />
      </div>
      <p className="muted small">
        The model file holds the config, the scaling and the weights in Keras layout: load it into Keras with{' '}
        <code>set_weights</code> or into PyTorch <code>nn.LSTM</code>.
      </p>
      {error && (
        <div className="notice notice-error" role="alert" data-testid="model-error">
          <p className="notice-title">
            That model file could not be used{model ? '; the current model is kept' : ''}.
          </p>
          <ModelErrorBody message={error} />
          <button type="button" className="btn btn-small" onClick={dismissModelError}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
