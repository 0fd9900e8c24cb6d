// `webgpu-lstm predict`: a model file + a CSV → one prediction per window, as CSV.
import { parseCsv } from '../data/csv.ts';
import type { Backend } from '../model/backend.ts';
import { type LoadedModel, parseModelFile } from '../model/model-file.ts';
import { Args, type FlagSpecs } from './args.ts';
import { BACKENDS, checkDeviceErrors, describeBackend, openBackend } from './backend.ts';
import { inFile, UsageError } from './errors.ts';
import { inferenceData } from './inference-data.ts';
import { checkWritable, readText, thousands, writeText } from './io.ts';
import { predictionHeader, predictionRows, toCsv } from './predictions-csv.ts';

export const PREDICT_FLAGS: FlagSpecs = {
  out: { value: true },
  backend: { value: true },
};

export const PREDICT_HELP = `Usage: webgpu-lstm predict <model.json> <data.csv> [--out predictions.csv] [--backend webgpu|cpu]

Runs a trained model over a CSV with the model's feature columns (scaled with the model's own statistics)
and predicts from every window: the window ending at row r (rows count from 0 at the first data row) for
each r from window-1 to the last row, including the last ones, whose future is not in the file.

Output columns, one row per window:
  window_end, target_row       r and r + horizon
  <time>                       the time column's value at target_row, when the model has a time column
                               (empty past the end of the file)
  regression, per target:      <target> (the prediction, in the data's units), <target>_true
  classification:              class (the most likely), p_<class> per class, <target>_true
With a horizon h > 1 every prediction column comes once per step k = 1..h with the suffix @+k
(<target>@+k, <target>_true@+k, class@+k, p_<class>@+k). _true cells are empty where the truth is not in
the file (past its end, a gap, or no target column at all).

  --out predictions.csv   write the CSV there (default: print it to stdout)
  --backend webgpu        webgpu (Dawn) | cpu

Exit codes: 0 done, 1 failed (model file, data, device), 2 bad command line.`;

/** Windows at a time per predict call (bounded so the engine's per-call chunk limit is never reached). */
const CHUNK = 65_536;

async function runPredict(backend: Backend, model: LoadedModel, data: ReturnType<typeof inferenceData>) {
  const n = data.ends.length;
  const rt = backend.createRuntime(model.spec, {
    batchSize: Math.min(256, n),
    optimizer: model.file.config.training.optimizer,
    clipNorm: null,
    seed: model.file.config.training.seed,
  });
  try {
    rt.setSeries(data.series);
    rt.setParams(model.params);
    const parts: Float32Array[] = [];
    for (let i = 0; i < n; i += CHUNK) parts.push(await rt.predict(data.ends.subarray(i, i + CHUNK)));
    if (parts.length === 1) return parts[0];
    const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return all;
  } finally {
    rt.dispose();
  }
}

export async function predictCommand(argv: string[]): Promise<number> {
  const args = Args.parse(argv, PREDICT_FLAGS, 'predict');
  if (args.help) {
    process.stdout.write(`${PREDICT_HELP}\n`);
    return 0;
  }
  if (args.positionals.length !== 2) {
    throw new UsageError(
      `predict takes a model file and a data file (webgpu-lstm predict model.json data.csv), got ${
        args.positionals.length === 0 ? 'none' : args.positionals.join(' ')
      }`,
      'predict',
    );
  }
  const [modelPath, dataPath] = args.positionals;
  const out = args.string('out');
  const backendKind = args.oneOf('backend', BACKENDS) ?? 'webgpu';
  const modelText = readText(modelPath, 'model file');
  const model = inFile(modelPath, () => parseModelFile(modelText));
  const text = readText(dataPath, 'data file');
  const table = inFile(dataPath, () => parseCsv(text));
  const data = inFile(dataPath, () => inferenceData(table, model));
  if (out) checkWritable(out, '--out');

  const log = (s: string) => process.stderr.write(`${s}\n`);
  const backend = await openBackend(backendKind);
  try {
    log(`backend: ${describeBackend(backend)}`);
    log(`predict: ${dataPath}, ${thousands(table.rows)} rows → ${thousands(data.ends.length)} windows`);
    const outputs = await runPredict(backend, model, data);
    checkDeviceErrors(backend);
    const csv = toCsv(predictionHeader(model.file), predictionRows(model.file, data, outputs));
    if (out) {
      writeText(out, csv, 'predictions file');
      log(`wrote: ${out}`);
    } else {
      process.stdout.write(csv);
    }
    return 0;
  } finally {
    backend.dispose();
  }
}
