// The predictions CSV (DESIGN.md "CLI"): one row per window: window_end, target_row (= window_end +
// horizon), the time value at target_row when the model has a time column, then per step k:
//   regression:      <target>[@+k] (un-scaled prediction), <target>_true[@+k] per target
//   classification:  class[@+k], p_<class>[@+k] per class, <target>_true[@+k]
// The @+k suffix appears only when horizon > 1. A model on differences predicts changes; the
// CSV gives levels (the window's last level plus the running sum of the changes). Truth cells are empty past the end of the data.

import { predictedLevels } from '../data/differences.ts';
import { csvField, formatNumber } from '../data/format.ts';
import type { Preprocessing } from '../data/prepare.ts';
import type { InferenceData } from './inference-data.ts';
import type { ModelFile } from './model-file.ts';

export function predictionHeader(file: ModelFile): string[] {
  const pre = file.preprocessing;
  const h = pre.horizon;
  const at = (k: number) => (h > 1 ? `@+${k}` : '');
  const cols = ['window_end', 'target_row'];
  if (file.config.data.time) cols.push(file.config.data.time);
  for (let k = 1; k <= h; k++) {
    if (pre.classes) {
      cols.push(
        `class${at(k)}`,
        ...pre.classes.map((c) => `p_${c}${at(k)}`),
        `${pre.targets[0]}_true${at(k)}`,
      );
    } else {
      for (const t of pre.targets) cols.push(`${t}${at(k)}`, `${t}_true${at(k)}`);
    }
  }
  return cols;
}

/** outputs: [windows][outputSize] from runtime.predict (scaled values or softmax probabilities). */
export function predictionRows(file: ModelFile, data: InferenceData, outputs: Float32Array): string[][] {
  const pre = file.preprocessing;
  const h = pre.horizon;
  const hasTime = file.config.data.time !== null;
  const K = pre.classes?.length ?? 0;
  const per = pre.classes ? K : pre.targets.length;
  const O = per * h;
  // Regression: levels in the data's units (predicted changes added to the window's last level).
  const levels = pre.classes ? null : predictedLevels(pre as Preprocessing, data.levels, data.ends, outputs);
  const rows: string[][] = [];
  data.ends.forEach((r, w) => {
    const row = [String(r), String(r + h)];
    if (hasTime) row.push(data.time(r + h));
    for (let k = 1; k <= h; k++) {
      const base = w * O + (k - 1) * per;
      if (pre.classes) {
        let best = 0;
        for (let c = 1; c < K; c++) if (outputs[base + c] > outputs[base + best]) best = c;
        row.push(pre.classes[best]);
        for (let c = 0; c < K; c++) row.push(formatNumber(outputs[base + c]));
        row.push(data.truth(0, r + k));
      } else {
        pre.targets.forEach((_, j) => {
          row.push(formatNumber(levels![base + j]), data.truth(j, r + k));
        });
      }
    }
    rows.push(row);
  });
  return rows;
}

export function toCsv(header: string[], rows: string[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}
