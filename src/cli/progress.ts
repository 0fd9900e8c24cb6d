// What `train` prints: the setup at the start, one line per epoch, the summary at the end.
import type { PreparedData } from '../data/prepare.ts';
import type { RunConfig } from '../model/config.ts';
import { buildLayout } from '../model/layout.ts';
import { type ModelSpec, outputSize } from '../model/spec.ts';
import type { EpochMetrics, TrainResult } from '../model/trainer.ts';
import { thousands } from './io.ts';

export function loss(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-';
  if (!Number.isFinite(x)) return String(x);
  return x.toPrecision(5);
}

export function describeData(file: string, rows: number, p: PreparedData, time: string | null): string {
  const { pre } = p;
  const target = pre.targets.length > 1 ? 'targets' : 'target';
  const classes = pre.classes ? ` (${pre.classes.length} classes: ${pre.classes.join(', ')})` : '';
  return (
    `data: ${file}, ${thousands(rows)} rows${time ? `, time column ${time}` : ''}; ` +
    `features ${pre.features.join(', ')}; ${target} ${pre.targets.join(', ')}${classes}; ` +
    `window ${pre.window}, horizon ${pre.horizon}; ` +
    `${thousands(p.train.length)} training / ${thousands(p.val.length)} validation windows`
  );
}

export function describeModel(spec: ModelSpec, config: RunConfig): string {
  const lstm = spec.lstm
    .map((l) => `LSTM ${l.units}${l.dropout > 0 ? ` (dropout ${l.dropout})` : ''}`)
    .join(' → ');
  const head = `Dense ${outputSize(spec)} ${spec.task === 'classification' ? 'softmax' : 'linear'}`;
  const t = config.training;
  const o = t.optimizer;
  return (
    `model: ${lstm} → ${head}, ${thousands(buildLayout(spec).count)} parameters; ` +
    `${spec.loss} loss, ${o.kind} lr ${o.lr}, batch ${t.batchSize}, ` +
    `clip ${t.clipNorm ?? 'off'}, up to ${t.epochs} epochs, patience ${t.earlyStopping.patience || 'off'}, seed ${t.seed}`
  );
}

export function epochLine(m: EpochMetrics, offset = 0): string {
  const width = String(m.epochs + offset).length;
  return (
    `epoch ${String(m.epoch + offset).padStart(width)}/${m.epochs + offset}` +
    `  loss ${loss(m.loss)}  val ${loss(m.valLoss)}` +
    `  ${thousands(m.samplesPerSec)} samples/s  ${thousands(m.ms)} ms${m.improved ? '  *' : ''}`
  );
}

/** The summary printed to stdout when training ends. `offset` = epochs trained before (--init). */
export function summary(r: TrainResult, out: string | null, offset: number): string[] {
  const h = r.history;
  const last = h.loss.length;
  const lines = [`stopped: ${r.stopReason}. ${r.message}`];
  if (r.bestEpoch > 0) {
    const i = r.bestEpoch - 1;
    lines.push(
      `kept: weights of epoch ${r.bestEpoch + offset}: loss ${loss(h.loss[i])}, val loss ${loss(h.valLoss[i])}`,
    );
  }
  if (last > 0 && last !== r.bestEpoch) {
    lines.push(
      `last: epoch ${last + offset}: loss ${loss(h.loss[last - 1])}, val loss ${loss(h.valLoss[last - 1])}`,
    );
  }
  if (out) lines.push(`wrote: ${out}`);
  return lines;
}
