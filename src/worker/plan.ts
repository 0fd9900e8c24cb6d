// Window counts for the data settings as the user types them. A full prepareData (typing the chosen
// columns, one-hot expansion, filling gaps, scaling) costs a pass over every cell; the window length,
// horizon, stride and split only decide which window ends are kept. So the column work is done once per
// choice of columns (and kept), and each keystroke in the window fields only recounts windows over the
// cached gap indexes: O(windows), no allocation per column.

import { count } from '../data/errors.ts';
import { prepareColumns, prepareData } from '../data/prepare.ts';
import type { Table } from '../data/table.ts';
import { segmentWindows } from '../data/windows.ts';
import type { DataConfig } from '../model/config.ts';
import type { Task } from '../model/spec.ts';
import type { DataPlan } from './protocol.ts';

/** What the chosen columns give, independent of the window settings. */
interface ColumnPlan {
  features: string[];
  classes: string[] | null;
  /** Segments in use (start rows plus the row count). */
  used: Int32Array;
  /** Prefix counts of rows with a gap in any input / any target (after the missing-value policy). */
  inputGaps: Int32Array;
  targetGaps: Int32Array;
  /** Rows at each segment's start no window may read (1 with differenced inputs). */
  lead: number;
  /** Text cells of the chosen columns read as missing (text-as-missing.ts), or null. */
  textAsMissing: string | null;
}

/** The settings the column work depends on; anything else only changes the counting. */
function columnKey(cfg: DataConfig, task: Task): string {
  return JSON.stringify([
    cfg.features,
    cfg.targets,
    cfg.series,
    cfg.missing,
    cfg.invalid,
    cfg.scale,
    cfg.differences,
    task,
  ]);
}

function columnPlan(table: Table, cfg: DataConfig, task: Task): ColumnPlan {
  // prepareData's own column stage: it validates the column choices (any error here is about the columns,
  // not the window settings) and gives the gaps exactly as training will see them.
  const c = prepareColumns(table, cfg, task);
  return {
    features: c.features,
    classes: c.classes ?? null,
    used: c.starts.used,
    inputGaps: c.inputGaps,
    targetGaps: c.targetGaps,
    lead: c.lead,
    textAsMissing: c.textAsMissing,
  };
}

/**
 * Window counts per split, as prepareData would cut them. Keeps the column work of the last choice of
 * columns; a new table or other columns start over. Errors come from prepareData itself, so they read
 * exactly as they will when training starts.
 */
export class PlanCache {
  private table: Table | null = null;
  private key = '';
  private columns: ColumnPlan | null = null;
  private passes = 0;

  /** How many times the column work ran (each choice of columns once, whatever the window settings). */
  get columnPasses(): number {
    return this.passes;
  }

  plan(table: Table, cfg: DataConfig, task: Task): DataPlan {
    const key = columnKey(cfg, task);
    if (table !== this.table || key !== this.key || !this.columns) {
      this.table = null;
      this.passes++;
      this.columns = columnPlan(table, cfg, task);
      this.table = table;
      this.key = key;
    }
    const c = this.columns;
    const rows = table.rows;
    // Too short for one window: prepareData throws the message training would show.
    if (rows < cfg.window + cfg.horizon) prepareData(table, cfg, task);
    const { perSegment, dropped } = segmentWindows(
      c.used,
      cfg.window,
      cfg.horizon,
      cfg.stride,
      true,
      c.inputGaps,
      c.targetGaps,
      c.lead,
    );
    let train = 0;
    let val = 0;
    let test = 0;
    for (const ends of perSegment) {
      const nVal = Math.floor(ends.length * cfg.valSplit);
      const nTest = Math.floor(ends.length * cfg.testSplit);
      train += ends.length - nVal - nTest;
      val += nVal;
      test += nTest;
    }
    // Nothing left to train on: the same (thrown) explanation as training.
    if (train < 1) prepareData(table, cfg, task);
    const total = train + val + test;
    const notices = [
      ...(c.textAsMissing ? [c.textAsMissing] : []),
      ...(dropped > 0
        ? [
            `${count(dropped)} of ${count(dropped + total)} windows touch a missing value and were left out (missing: "${cfg.missing}").`,
          ]
        : []),
    ];
    return { features: c.features, classes: c.classes, rows, train, val, test, notices };
  }
}
