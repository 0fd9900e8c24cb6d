// A past run's settings brought back ("Use settings" in the past runs' table): all of them when the data
// loaded now has the columns the run read; otherwise its model and training settings only, the data
// settings staying as they are (a config naming columns this file lacks would only stop the window
// counts, and the user's own data choices would be lost for nothing).
import type { Table } from '../data/table.ts';
import type { RunConfig } from '../model/config.ts';

/** The columns a data config reads. */
function columnsRead(data: RunConfig['data']): string[] {
  return [
    ...data.features,
    ...data.targets,
    ...(data.time ? [data.time] : []),
    ...(data.series ? [data.series.column] : []),
    ...(data.categorical ?? []),
  ];
}

export interface RunSettings {
  config: RunConfig;
  /** The run's columns this table lacks (its data settings were not taken); empty when all were. */
  missing: string[];
}

export function runSettings(run: RunConfig, current: RunConfig, table: Table | null): RunSettings {
  const names = new Set(table?.columns.map((c) => c.name) ?? []);
  const missing = [...new Set(columnsRead(run.data))].filter((c) => !names.has(c));
  // A session or run saved before differences existed has no such field: it meant none.
  const data = { ...run.data, differences: run.data.differences ?? 'none' };
  if (missing.length === 0) return { config: { ...run, data }, missing };
  // The task and its loss follow the data (a classification run's loss means nothing on a number target).
  const model = { ...run.model, task: current.model.task, loss: current.model.loss };
  return { config: { ...run, data: current.data, model }, missing };
}

/** The line the past runs' table shows after "Use settings". */
export function runSettingsText(id: number, missing: string[]): string {
  if (missing.length === 0) return `Run #${id}'s settings are in use.`;
  const shown = missing.slice(0, 4).map((c) => `"${c}"`);
  const more = missing.length > 4 ? ` and ${missing.length - 4} more` : '';
  return (
    `Run #${id}'s model and training settings are in use; the data settings stay as they were ` +
    `(the run read ${shown.join(', ')}${more}, which this file lacks).`
  );
}
