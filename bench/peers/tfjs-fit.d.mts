// Types of tfjs-fit.mjs for the TypeScript bench page (bench/browser/main.ts).
export interface FitWorkload {
  id: string;
  features: number;
  window: number;
  layers: number[];
  classes: number;
  batch: number;
  samples: number;
  timedEpochs: number;
}

export function fitWorkload(
  tf: typeof import('@tensorflow/tfjs'),
  w: FitWorkload,
  log: (line: string) => void,
  label?: string,
): Promise<{ samples_per_s: number; epoch_ms: number; first_epoch_ms: number; first_batch_ms: number }>;
