import { cellText, type Table } from '../../data/table.ts';
import { SAMPLES, type SampleDataset } from '../samples.ts';
import { useAppStore } from '../store.ts';
import { SeriesChart } from './SeriesChart.tsx';

const PREVIEW_ROWS = 5;

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function timeSpan(table: Table, sample: SampleDataset): string | null {
  const time = table.columns.find((c) => c.name === sample.timeColumn);
  if (!time || table.rows === 0) return null;
  return `${cellText(time, 0)} → ${cellText(time, table.rows - 1)}`;
}

function ColumnList({ table, sample }: { table: Table; sample: SampleDataset }) {
  return (
    <ul className="chips" aria-label="Columns">
      {table.columns.map((c) => {
        const role = c.name === sample.target ? 'target' : c.name === sample.timeColumn ? 'time' : null;
        return (
          <li key={c.name} className={role ? `chip chip-${role}` : 'chip'}>
            <span className="chip-name">{c.name}</span>
            <span className="chip-kind">{role ?? (c.kind === 'numeric' ? 'number' : 'text')}</span>
          </li>
        );
      })}
    </ul>
  );
}

function PreviewTable({ table }: { table: Table }) {
  const rows = Math.min(PREVIEW_ROWS, table.rows);
  return (
    <div className="table-wrap">
      <table>
        <caption>First {rows} rows</caption>
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
                  {cellText(c, r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The bundled sample dataset: picker, summary, chart, columns and a few rows. */
export function DatasetPanel() {
  const dataset = useAppStore((s) => s.dataset);
  const loadSample = useAppStore((s) => s.loadSample);
  const { sample } = dataset;

  return (
    <section className="card dataset" aria-labelledby="dataset-title" aria-busy={dataset.state === 'loading'}>
      <div className="card-head">
        <div>
          <h2 id="dataset-title">{sample.title}</h2>
          <p className="muted">{sample.description}</p>
        </div>
        <label className="field">
          <span>Sample dataset</span>
          <select value={sample.id} onChange={(e) => void loadSample(e.target.value)}>
            {SAMPLES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
      </div>

      <p className="summary" data-testid="dataset" data-state={dataset.state}>
        <span className="mono">{sample.file}</span>
        {dataset.state === 'loading' && <span className="muted"> · loading…</span>}
        {dataset.state === 'ready' && (
          <>
            {' · '}
            <strong>{formatCount(dataset.table.rows)} rows</strong>
            {' · '}
            {dataset.table.columns.length} columns
            {timeSpan(dataset.table, sample) && <> · {timeSpan(dataset.table, sample)}</>}
            {' · '}
            {sample.task} on <strong>{sample.target}</strong>
          </>
        )}
      </p>

      {dataset.state === 'error' && (
        <p className="notice" role="alert">
          {dataset.message}
        </p>
      )}

      {dataset.state === 'ready' && (
        <>
          <SeriesChart
            table={dataset.table}
            timeColumn={sample.timeColumn}
            columns={sample.chartColumns}
            unit={sample.unit}
          />
          <div className="dataset-foot">
            <ColumnList table={dataset.table} sample={sample} />
            <PreviewTable table={dataset.table} />
          </div>
        </>
      )}

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
    </section>
  );
}
