import { useMemo } from 'react';
import { ONE_HOT_LIMIT } from '../../data/features.ts';
import { CONFIG_BOUNDS as B } from '../../model/config.ts';
import { scaled } from '../bounds.ts';
import { featureChoices, seriesSizes } from '../data-choices.ts';
import { labelsOffer, tooManyText } from '../labels-choice.ts';
import type { AppState } from '../store.ts';
import { selectBusy, useAppStore } from '../store.ts';
import { CheckField, formatCount, NumberField, SelectField } from './fields.tsx';

const selectTable = (s: AppState) => s.dataset?.table ?? null;
const selectData = (s: AppState) => s.config.data;
const selectTask = (s: AppState) => s.config.model.task;
const selectPlan = (s: AppState) => s.plan;
const selectLoading = (s: AppState) => s.loading !== null;
const selectLabelsError = (s: AppState) => s.labelsError;

/** The splits are fractions in the config and percentages in the form. */
const VAL_PCT = scaled(B.valSplit, 100);
const TEST_PCT = scaled(B.testSplit, 100);

const MISSING = [
  ['drop', 'Skip windows with gaps'],
  ['ffill', 'Fill forward'],
  ['linear', 'Interpolate linearly'],
] as const;
const INVALID = [
  ['error', 'Stop at the first one'],
  ['missing', 'Treat as missing values'],
] as const;
/** Plan errors about a cell that is not a number, which treating such cells as missing mends. */
const NOT_A_NUMBER = new Set(['not-a-number', 'non-finite']);
const SCALING = [
  ['standard', 'Standardize (mean 0, sd 1)'],
  ['minmax', 'Min–max to [0, 1]'],
  ['none', 'None'],
] as const;

const DIFFERENCES = [
  ['none', 'None (levels)'],
  ['target', 'Target (predict changes)'],
  ['all', 'Inputs and target'],
] as const;

/** How many values a column holds, for the labels choice (counting stops past the limit). */
function valuesText(n: number): string {
  if (n > ONE_HOT_LIMIT) return `over ${ONE_HOT_LIMIT} values`;
  return `${n} value${n === 1 ? '' : 's'}`;
}

/** The series select's value for "all series" (an id never starts with a NUL character). */
const ALL_SERIES = '\u0000all';

/** Which columns play which role, gaps, scaling, windows and the split, with the window counts they give. */
export function DataSetup() {
  const table = useAppStore(selectTable);
  const data = useAppStore(selectData);
  const task = useAppStore(selectTask);
  const plan = useAppStore(selectPlan);
  const busy = useAppStore(selectBusy);
  const setData = useAppStore((s) => s.setData);
  const setModel = useAppStore((s) => s.setModel);
  const loading = useAppStore(selectLoading);
  const labelsError = useAppStore(selectLabelsError);
  const readAsLabels = useAppStore((s) => s.readAsLabels);
  const { time, series: seriesChoice, categorical } = data;
  const labels = useMemo(
    () =>
      table ? labelsOffer(table, { time, series: seriesChoice, categorical }) : { offered: [], tooMany: [] },
    [table, time, seriesChoice, categorical],
  );
  if (!table) return null;
  const cols = table.columns.map((c) => c.name);
  const numeric = table.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
  // Regression offers the number columns, and the label columns few enough to be classes: picking one
  // makes the task classification (as reading a target as labels does).
  const classColumns = new Set(
    table.columns
      .filter(
        (c) =>
          c.kind === 'categorical' &&
          c.levels.length <= ONE_HOT_LIMIT &&
          c.name !== data.time &&
          c.name !== data.series?.column,
      )
      .map((c) => c.name),
  );
  const targetChoices =
    task === 'classification'
      ? cols.filter((c) => c !== data.time)
      : cols.filter((c) => numeric.includes(c) || classColumns.has(c));
  const features = featureChoices(table, data, task);
  const target = data.targets[0] ?? '';
  const series = table.series && data.series?.column === table.series.column ? table.series : null;
  const sizes = series ? seriesSizes(table) : null;
  /** A number column the labels choice offers (few enough values), not read as labels yet. */
  const canReadAsLabels = (column: string) => labels.offered.some((l) => l.column === column && !l.labels);
  const leftOut = tooManyText(labels.tooMany);

  return (
    <section className="card" aria-labelledby="setup-title">
      <p className="eyebrow">2 · Inputs and windows</p>
      <h2 id="setup-title">Data setup</h2>
      <fieldset disabled={busy} className="form-grid">
        <SelectField
          label="Task"
          value={task}
          options={[
            ['regression', 'Regression (predict values)'],
            ['classification', 'Classification (predict a class)'],
          ]}
          onChange={(t) => {
            setModel({ task: t });
            const col = table.columns.find((c) => c.name === target);
            if (t === 'regression' && col?.kind !== 'numeric' && numeric[0])
              setData({ targets: [numeric[0]] });
          }}
        />
        <SelectField
          label="Time column"
          value={data.time ?? ''}
          options={[['', '(none: row numbers)'], ...cols.map((c) => [c, c] as const)]}
          onChange={(v) => setData({ time: v || null, features: data.features.filter((f) => f !== v) })}
        />
        {series && sizes && (
          <SelectField
            label={`Series (${series.column})`}
            value={data.series?.value ?? ALL_SERIES}
            testId="series-select"
            options={[
              [ALL_SERIES, `All ${formatCount(series.ids.length)} series (${formatCount(table.rows)} rows)`],
              ...series.ids.map(
                (id) => [id, `${id || '(no id)'} (${formatCount(sizes.get(id) ?? 0)} rows)`] as const,
              ),
            ]}
            onChange={(v) =>
              setData({ series: { column: series.column, value: v === ALL_SERIES ? null : v } })
            }
          />
        )}
        <SelectField
          label={task === 'classification' ? 'Class column (target)' : 'Target column'}
          value={target}
          testId="target-select"
          options={(targetChoices.includes(target) ? targetChoices : [target, ...targetChoices]).map(
            (c) =>
              [
                c,
                task === 'regression' && classColumns.has(c) ? `${c} (labels: classification)` : c,
              ] as const,
          )}
          onChange={(v) => {
            const classes = task === 'classification' || classColumns.has(v);
            if (task === 'regression' && classes) setModel({ task: 'classification' });
            setData({
              targets: [v],
              features: classes ? data.features.filter((f) => f !== v) : data.features,
            });
          }}
        />
        <div className="field field-wide">
          <span className="field-label" id="features-label">
            Input features
          </span>
          <ul className="feature-list" aria-labelledby="features-label">
            {features.map((c) => (
              <li key={c}>
                <CheckField
                  label={
                    <>
                      {c}
                      {table.columns.find((k) => k.name === c)?.kind === 'categorical' && (
                        <span className="muted small"> (one-hot)</span>
                      )}
                    </>
                  }
                  checked={data.features.includes(c)}
                  onChange={(on) =>
                    setData({
                      features: on ? [...data.features, c] : data.features.filter((f) => f !== c),
                    })
                  }
                />
              </li>
            ))}
          </ul>
        </div>
        {/* Shown only where a column can be read as labels (or a re-read failed): on a file of measurements
            every box could only refuse. */}
        {(labels.offered.length > 0 || labelsError) && (
          <div className="field field-wide" data-testid="labels-choice">
            <span className="field-label" id="labels-label">
              Read as labels (categories)
            </span>
            <span className="field-hint" id="labels-hint">
              For number columns that are codes, such as classes 0/1/2: as labels a column can be the class to
              predict, or one-hot inputs. At most {ONE_HOT_LIMIT} values.
            </span>
            {labels.offered.length > 0 && (
              <ul className="feature-list" aria-labelledby="labels-label" aria-describedby="labels-hint">
                {labels.offered.map((l) => (
                  <li key={l.column}>
                    <CheckField
                      label={
                        <>
                          {l.column}
                          <span className="muted small"> · {valuesText(l.values)}</span>
                        </>
                      }
                      checked={l.labels}
                      busy={loading}
                      testId={`labels-${l.column}`}
                      onChange={(on) => readAsLabels(l.column, on)}
                    />
                  </li>
                ))}
              </ul>
            )}
            {leftOut && (
              <span
                className="field-hint labels-left-out"
                data-testid="labels-left-out"
                title={labels.tooMany.join(', ')}
              >
                {leftOut}
              </span>
            )}
            {labelsError && (
              <p className="field-error" role="alert" data-testid="labels-error">
                {labelsError}
              </p>
            )}
          </div>
        )}
        <SelectField
          label="Missing values"
          value={data.missing}
          options={MISSING}
          onChange={(v) => setData({ missing: v })}
        />
        <SelectField
          label="Text in number columns"
          value={data.invalid}
          options={INVALID}
          testId="invalid-select"
          onChange={(v) => setData({ invalid: v })}
        />
        <SelectField
          label="Scaling"
          value={data.scale}
          options={SCALING}
          onChange={(v) => setData({ scale: v })}
        />
        {task === 'regression' && (
          <SelectField
            label="Differences"
            value={data.differences}
            options={DIFFERENCES}
            testId="differences-select"
            onChange={(v) => setData({ differences: v })}
          />
        )}
        <NumberField
          label="Window (rows in)"
          bound={B.window}
          value={data.window}
          testId="window-input"
          onChange={(v) => setData({ window: v })}
        />
        <NumberField
          label="Horizon (steps out)"
          testId="horizon-input"
          bound={B.horizon}
          value={data.horizon}
          onChange={(v) => setData({ horizon: v })}
        />
        <NumberField
          label="Stride"
          bound={B.stride}
          value={data.stride}
          onChange={(v) => setData({ stride: v })}
        />
        <NumberField
          label="Validation %"
          bound={VAL_PCT}
          value={Math.round(data.valSplit * 1000) / 10}
          onChange={(v) => setData({ valSplit: v / 100 })}
        />
        <NumberField
          label="Test %"
          bound={TEST_PCT}
          value={Math.round(data.testSplit * 1000) / 10}
          onChange={(v) => setData({ testSplit: v / 100 })}
        />
      </fieldset>
      <div className="plan" aria-live="polite" data-testid="window-counts" data-state={plan.state}>
        {plan.state === 'ok' && (
          <>
            <div className="split-bar" aria-hidden="true">
              <span className="seg seg-train" style={{ flexGrow: plan.plan.train }} />
              <span className="seg seg-val" style={{ flexGrow: plan.plan.val }} />
              <span className="seg seg-test" style={{ flexGrow: plan.plan.test }} />
            </div>
            <p>
              <strong>{formatCount(plan.plan.train)}</strong> training ·{' '}
              <strong>{formatCount(plan.plan.val)}</strong> validation ·{' '}
              <strong>{formatCount(plan.plan.test)}</strong> test windows
              <span className="muted">
                {' '}
                · {plan.plan.features.length} input{plan.plan.features.length === 1 ? '' : 's'} per step
              </span>
            </p>
            {plan.plan.notices.map((n) => (
              <p key={n} className="muted small">
                {n}
              </p>
            ))}
          </>
        )}
        {plan.state === 'pending' && <p className="muted">Counting windows…</p>}
        {plan.state === 'error' && (
          <div role="alert">
            <p className="field-error">{plan.message}</p>
            {plan.code && NOT_A_NUMBER.has(plan.code) && plan.column && canReadAsLabels(plan.column) && (
              <button
                type="button"
                className="btn btn-small"
                disabled={busy || loading}
                data-testid="invalid-as-labels"
                onClick={() => readAsLabels(plan.column!, true)}
              >
                Read “{plan.column}” as labels
              </button>
            )}
            {plan.code && NOT_A_NUMBER.has(plan.code) && data.invalid === 'error' && (
              <button
                type="button"
                className="btn btn-small"
                disabled={busy}
                data-testid="invalid-as-missing"
                onClick={() => setData({ invalid: 'missing' })}
              >
                Treat such cells as missing
              </button>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
