import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunRecord } from '../../worker/persist.ts';
import type { AppState } from '../store.ts';
import { selectBusy, useAppStore } from '../store.ts';
import { ChartExport } from './ChartExport.tsx';
import { formatCount, formatDuration, formatNum } from './fields.tsx';

const selectRuns = (s: AppState) => s.runs;
const selectCompare = (s: AppState) => s.compare;
const selectLog = (s: AppState) => s.logScale;
const selectNote = (s: AppState) => s.runSettingsNote;

const COLORS = ['#2563eb', '#f97316', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04'];

function best(values: (number | null)[]): number | null {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length > 0 ? Math.min(...finite) : null;
}

function describe(run: RunRecord): string {
  const m = run.config.model;
  return `LSTM ${m.layers.map((l) => l.units).join('→')} · ${run.config.training.optimizer.kind} ${run.config.training.optimizer.lr} · w${run.config.data.window}`;
}

/** Validation loss (training loss where there is none) of the chosen runs, epoch by epoch. */
function CompareChart({ runs }: { runs: RunRecord[] }) {
  const logScale = useAppStore(selectLog);
  const data = useMemo(() => {
    const n = Math.max(0, ...runs.map((r) => r.history.loss.length));
    return Array.from({ length: n }, (_, i) => {
      const point: Record<string, number | null> = { epoch: i + 1 };
      for (const r of runs) {
        const v = r.history.valLoss[i] ?? r.history.loss[i] ?? null;
        point[`r${r.id}`] = v !== null && Number.isFinite(v) && v > 0 ? v : null;
      }
      return point;
    });
  }, [runs]);
  return (
    <figure className="chart" aria-label="Validation loss of the compared runs" data-testid="compare-chart">
      <ChartExport what="comparison chart" />
      <LineChart responsive style={{ width: '100%', height: 220 }} data={data} margin={{ right: 12 }}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="epoch" fontSize={12} />
        <YAxis
          scale={logScale ? 'log' : 'linear'}
          domain={['auto', 'auto']}
          fontSize={12}
          width={64}
          tickFormatter={(v: number) => formatNum(v, 3)}
        />
        <Tooltip isAnimationActive={false} formatter={(v) => formatNum(Number(v))} />
        <Legend verticalAlign="top" height={28} iconType="plainline" />
        {runs.map((r, i) => (
          <Line
            key={r.id}
            dataKey={`r${r.id}`}
            name={`run ${r.id}`}
            stroke={COLORS[i % COLORS.length]}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
    </figure>
  );
}

/** Past runs (kept across reloads), with a comparison of their validation curves. */
export function RunsPanel() {
  const runs = useAppStore(selectRuns);
  const compare = useAppStore(selectCompare);
  const note = useAppStore(selectNote);
  const busy = useAppStore(selectBusy);
  const { toggleCompare, removeRun, applyRunSettings } = useAppStore.getState();
  const compared = runs.filter((r) => r.id !== undefined && compare.includes(r.id));
  const shown = [...runs].reverse();

  return (
    <section className="card" aria-labelledby="runs-title">
      <div className="card-head">
        <div>
          <p className="eyebrow">8 · Compare</p>
          <h2 id="runs-title">Past runs</h2>
        </div>
      </div>
      {runs.length === 0 ? (
        <p className="muted">
          Every finished training run is listed here, also after a reload; tick runs to compare their curves.
        </p>
      ) : (
        <>
          <div className="table-wrap runs-wrap">
            <table data-testid="runs">
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Run</th>
                  <th scope="col">Data</th>
                  <th scope="col">Model</th>
                  <th scope="col" className="num">
                    Epochs
                  </th>
                  <th scope="col" className="num">
                    Best val. loss
                  </th>
                  <th scope="col" className="num">
                    Result
                  </th>
                  <th scope="col" className="num">
                    Time
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id ?? r.at}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare run ${r.id}`}
                        checked={r.id !== undefined && compare.includes(r.id)}
                        disabled={r.id === undefined}
                        onChange={() => r.id !== undefined && toggleCompare(r.id)}
                      />
                    </td>
                    <td title={new Date(r.at).toLocaleString()}>
                      #{r.id} <span className="muted small">{new Date(r.at).toLocaleTimeString()}</span>
                    </td>
                    <td>{r.dataName}</td>
                    <td title={`${formatCount(r.paramCount)} parameters on ${r.backend}`}>{describe(r)}</td>
                    <td className="num">{r.history.loss.length}</td>
                    <td className="num">{formatNum(best(r.history.valLoss))}</td>
                    <td className="num">
                      {r.metric
                        ? r.metric.name === 'accuracy'
                          ? `${formatNum(r.metric.value * 100, 3)} % acc.`
                          : `RMSE ${formatNum(r.metric.value)}`
                        : '—'}
                      {r.metric?.baseline !== undefined && (
                        <span className="muted small run-baseline">
                          {r.metric.name === 'accuracy'
                            ? `majority ${formatNum(r.metric.baseline * 100, 3)} %`
                            : `persistence ${formatNum(r.metric.baseline)}`}
                        </span>
                      )}
                    </td>
                    <td className="num">{formatDuration(r.seconds)}</td>
                    <td className="run-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={`Use the settings of run ${r.id}`}
                        title="Use this run's settings (its data settings too, when this file has its columns)"
                        data-testid={`use-run-${r.id}`}
                        disabled={busy || r.id === undefined}
                        onClick={() => r.id !== undefined && applyRunSettings(r.id)}
                      >
                        Use
                      </button>
                      <button
                        type="button"
                        className="icon-btn"
                        aria-label={`Delete run ${r.id}`}
                        onClick={() => r.id !== undefined && removeRun(r.id)}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {note && (
            <p className="muted small" role="status" data-testid="run-settings-note">
              {note}
            </p>
          )}
          {compared.length > 0 ? (
            <CompareChart runs={compared} />
          ) : (
            <p className="muted small">Tick two or more runs to draw their validation loss together.</p>
          )}
        </>
      )}
    </section>
  );
}
