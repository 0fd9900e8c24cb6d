import { useMemo, useRef } from 'react';
import type { Dataset } from '../../data/csv.ts';
import { cellText } from '../../data/table.ts';
import { dateOrderChoice, seriesRows, seriesTimeRange } from '../data-choices.ts';
import { openFile } from '../open-file.ts';
import { SAMPLES } from '../samples.ts';
import type { AppState } from '../store.ts';
import { useAppStore } from '../store.ts';
import { DateOrderChoice } from './DateOrderChoice.tsx';
import { formatCount } from './fields.tsx';
import { SeriesChart } from './SeriesChart.tsx';

const PREVIEW_ROWS = 6;

const selectData = (s: AppState) => s.dataset;
const selectLoading = (s: AppState) => s.loading;
const selectError = (s: AppState) => s.dataError;
const selectData2 = (s: AppState) => s.config.data;
const selectTask = (s: AppState) => s.config.model.task;

function ColumnList({ table }: { table: Dataset }) {
  const data = useAppStore(selectData2);
  return (
    <ul className="chips" aria-label="Columns">
      {table.columns.map((c) => {
        const role = data.targets.includes(c.name)
          ? 'target'
          : c.name === data.time
            ? 'time'
            : data.features.includes(c.name)
              ? 'feature'
              : null;
        // A number column read as labels (the data setup's choice) is labels, not text.
        const kind =
          c.kind === 'numeric'
            ? 'number'
            : c.kind === 'time'
              ? 'time'
              : data.categorical?.includes(c.name)
                ? 'labels'
                : 'text';
        return (
          <li key={c.name} className={role ? `chip chip-${role}` : 'chip'}>
            <span className="chip-name">{c.name}</span>
            <span className="chip-kind">
              {kind}
              {role && role !== 'time' ? ` · ${role}` : ''}
              {c.missing > 0 ? ` · ${formatCount(c.missing)} missing` : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** The first rows from `start` (the series in use, for a stacked file). */
function PreviewTable({ table, start }: { table: Dataset; start: number }) {
  const rows = Math.min(PREVIEW_ROWS, table.rows - start);
  return (
    <div className="table-wrap">
      <table>
        <caption>
          First {rows} rows{start > 0 ? ` of this series (from row ${formatCount(start + 1)})` : ''}
        </caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.name} scope="col" className={c.kind === 'numeric' ? 'num' : undefined}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and never reorder.
            <tr key={r}>
              {table.columns.map((c) => (
                <td key={c.name} className={c.kind === 'numeric' ? 'num' : undefined}>
                  {cellText(c, start + r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A file being read in the worker: how far, how many rows so far, and a way out. */
function LoadProgress({
  loading,
  onCancel,
}: {
  loading: NonNullable<AppState['loading']>;
  onCancel: () => void;
}) {
  const name = loading.source.kind === 'file' ? loading.source.name : loading.source.sample.file;
  const pct = Math.round(loading.fraction * 100);
  return (
    <div className="load-progress" data-testid="load-progress">
      <div className="bar-row">
        <span className="bar-label">Reading {name}</span>
        <div
          className="bar"
          role="progressbar"
          aria-label={`Reading ${name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          aria-valuetext={`${pct}%, ${formatCount(loading.rows)} rows`}
        >
          <span style={{ width: `${pct}%` }} />
        </div>
        <span className="bar-value mono">
          {pct}% · {formatCount(loading.rows)} rows
        </span>
        <button type="button" className="btn btn-small" onClick={onCancel} data-testid="cancel-load">
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The loaded data: where it came from, a chart of the raw series, its columns and first rows. */
export function DatasetPanel() {
  const dataset = useAppStore(selectData);
  const loading = useAppStore(selectLoading);
  const error = useAppStore(selectError);
  const data = useAppStore(selectData2);
  const task = useAppStore(selectTask);
  const loadSample = useAppStore((s) => s.loadSample);
  const dismiss = useAppStore((s) => s.dismissDataError);
  const cancelLoad = useAppStore((s) => s.cancelLoad);
  const rereadDates = useAppStore((s) => s.rereadDates);
  const input = useRef<HTMLInputElement>(null);
  const source = dataset?.source;
  const sample = source?.kind === 'sample' ? source.sample : null;
  const name = sample ? sample.file : source?.kind === 'file' ? source.name : '';
  const state = loading ? 'loading' : dataset ? 'ready' : error ? 'error' : 'loading';
  const table = dataset?.table;
  const summary = dataset?.summary;
  const { targets, features } = data;
  const chartColumns = useMemo(
    () =>
      table
        ? [...new Set([...(sample ? sample.chartColumns : []), ...targets, ...features])]
            .filter((c) => table.columns.some((k) => k.name === c && k.kind === 'numeric'))
            .slice(0, 3)
        : [],
    [table, targets, features, sample],
  );
  const dates = useMemo(
    () => (table ? dateOrderChoice(table, data.dateOrder) : null),
    [table, data.dateOrder],
  );
  const shown = useMemo(() => (table ? seriesRows(table, data.series) : null), [table, data.series]);
  const seriesCount = table?.series?.ids.length ?? 0;
  const range = useMemo(
    () => (table ? (seriesTimeRange(table, data.series) ?? summary?.time ?? null) : null),
    [table, data.series, summary],
  );
  const notices = summary ? summary.notices.filter((n) => n !== dates?.notice) : [];

  return (
    <section className="card dataset" aria-labelledby="dataset-title" aria-busy={loading !== null}>
      <div className="card-head">
        <div>
          <p className="eyebrow">1 · Data</p>
          <h2 id="dataset-title">{sample ? sample.title : name || 'Data'}</h2>
          <p className="muted">
            {sample ? sample.description : 'Your own CSV file, read in this browser. Nothing is uploaded.'}
          </p>
        </div>
        <div className="head-actions">
          <label className="field">
            <span>Sample dataset</span>
            <select
              value={sample?.id ?? ''}
              onChange={(e) => e.target.value && void loadSample(e.target.value)}
            >
              {!sample && <option value="">—</option>}
              {SAMPLES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn" onClick={() => input.current?.click()}>
            Open CSV…
          </button>
          <input
            ref={input}
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Open a CSV file"
            data-testid="csv-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) openFile(f);
              e.target.value = '';
            }}
          />
        </div>
      </div>

      <p className="summary" data-testid="dataset" data-state={state} aria-live="polite">
        <span className="mono">{name}</span>
        {/* Announced once when a load starts; the percentages stay in the progress bar, not the live region. */}
        {loading && (
          <span className="muted">
            {' '}
            · reading {loading.source.kind === 'file' ? loading.source.name : loading.source.sample.file}…
          </span>
        )}
        {table && summary && (
          <>
            {' · '}
            <strong>{formatCount(table.rows)} rows</strong>
            {' · '}
            {table.columns.length} columns
            {range && (
              <>
                {' · '}
                {range.first} → {range.last}
                {shown && data.series?.value !== null && <> ({shown.id})</>}
              </>
            )}
            {' · '}
            {task} on <strong>{data.targets.join(', ')}</strong>
          </>
        )}
      </p>

      {loading && <LoadProgress loading={loading} onCancel={cancelLoad} />}

      {error && (
        <div className="notice notice-error" role="alert" data-testid="data-error">
          <p className="notice-title">
            That file could not be loaded{dataset ? '; the previous data is kept' : ''}.
          </p>
          <p>{error}</p>
          <button type="button" className="btn btn-small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}

      {dates && <DateOrderChoice choice={dates} busy={loading !== null} onChange={rereadDates} />}

      {notices.length > 0 && (
        <ul className="notes small">
          {notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}

      {table && (
        <>
          {shown && (
            <p className="small muted chart-caption" data-testid="series-shown">
              {data.series?.value === null
                ? `Showing series “${shown.id}” (the first of ${seriesCount}); training uses all ${seriesCount}, and no window crosses from one into another.`
                : `Showing series “${shown.id}” of column “${table.series?.column}” (${formatCount(shown.end - shown.start)} rows), the one training uses.`}
            </p>
          )}
          {chartColumns.length > 0 ? (
            <SeriesChart
              table={table}
              timeColumn={data.time}
              columns={chartColumns}
              unit={sample?.unit ?? ''}
              span={shown}
            />
          ) : (
            <p className="muted chart-empty">No numeric column to draw.</p>
          )}
          <div className="dataset-foot">
            <ColumnList table={table} />
            <PreviewTable table={table} start={shown?.start ?? 0} />
          </div>
        </>
      )}

      {sample ? (
        <p className="credit small muted">
          Source:{' '}
          <a href={sample.source.url} target="_blank" rel="noreferrer">
            {sample.source.name}
          </a>{' '}
          · License:{' '}
          <a href={sample.license.url} target="_blank" rel="noreferrer">
            {sample.license.name}
          </a>{' '}
          · via{' '}
          <a href="https://github.com/vega/vega-datasets" target="_blank" rel="noreferrer">
            vega-datasets
          </a>
        </p>
      ) : (
        <p className="credit small muted">
          Drop a CSV anywhere on the page to replace it, or a model file to import it.
        </p>
      )}
    </section>
  );
}
