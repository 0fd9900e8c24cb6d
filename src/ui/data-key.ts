// Which data a model was trained on, as far as the page can tell: the sample or file name and its row
// count. The Results panel says "never seen in training" of a split only when the held model was trained
// here on exactly this data; another file, even one that overlaps, may hold rows the model learned from.
import type { DataSlice } from './slices/data.ts';

export function dataKey(dataset: DataSlice['dataset']): string | null {
  if (!dataset) return null;
  const { source, table } = dataset;
  return `${source.kind === 'sample' ? `sample:${source.sample.id}` : `file:${source.name}`}:${table.rows}`;
}
