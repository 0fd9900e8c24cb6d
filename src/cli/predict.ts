// `webgpu-lstm predict`: a model file + a CSV → one prediction per window, as CSV.
import type { Preprocessing } from '../data/prepare.ts';
import { inferenceData } from '../model/inference-data.ts';
import { parseModelFile } from '../model/model-file.ts';
import { predictWindows } from '../model/predict.ts';
import { predictionHeader, predictionRows, toCsv } from '../model/predictions-csv.ts';
import { Args, type FlagSpecs } from './args.ts';
import { BACKENDS, checkDeviceErrors, describeBackend, openBackend } from './backend.ts';
import { CliError, inFile, UsageError } from './errors.ts';
import { checkWritable, readText, thousands, writeText } from './io.ts';
import {
  dateOrderFlag,
  INVALID_POLICIES,
  labelColumns,
  loadData,
  MISSING_POLICIES,
  PARSE_FLAGS,
  PARSE_HELP,
  parseFlags,
  seriesChoice,
} from './load-data.ts';
import { regressionLines } from './scores.ts';

export const PREDICT_FLAGS: FlagSpecs = {
  ...PARSE_FLAGS,
  out: { value: true },
  backend: { value: true },
  missing: { value: true },
  invalid: { value: true },
  'date-order': { value: true },
  series: { value: true },
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
the file (past its end, a gap, or no target column at all). A model trained with --differences predicts
changes and adds them to each window's last target value: its predictions are levels too, and the file
needs the target column (windows whose last target value is missing are skipped). For regression the
RMSE/MAE over the windows whose future is in the file, and persistence's (each step = the window's last
value), go to stderr as a "score:" line.

  --out predictions.csv   write the CSV there (default: print it to stdout)
  --backend webgpu        webgpu (Dawn) | cpu
  --missing drop          drop | ffill | linear (default: the model's): windows whose inputs touch a
                          missing value are skipped, or gaps are filled first
  --invalid error         error | missing (default: the model's): text in a numeric column
  --date-order dmy        dmy | mdy: how to read dates like 01/02/2024 (default: the model's)
  --series ID|all         for a model trained on stacked series: predict one series, or all (default);
                          refused for a model trained on one series

Rows are read as for training: sorted by the model's time column, grouped by its series column, and no
window crosses from one series into another. A model trained on stacked series needs the file's series
column; a model trained on one series refuses a file of stacked series.

Exit codes: 0 done, 1 failed (model file, data, device), 2 bad command line.

${PARSE_HELP}`;

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
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const cfg = model.file.config.data;
  const pick = args.string('series');
  if (pick !== undefined && !cfg.series) {
    // Nothing to pick from: ignoring it would predict on rows the user did not ask for.
    throw new UsageError(
      `--series ${pick}: ${modelPath} was trained on a single series (no series column), so there is no series to pick; leave out --series, or train on the stacked file with --series`,
      'predict',
    );
  }
  const table = loadData(
    dataPath,
    {
      ...parseFlags(args),
      ...labelColumns(args, cfg.categorical),
      // null = trained without a time column (e.g. --time none): rows stay in file order, as in training.
      time: cfg.time,
      // The model's time column may be a column of labels (train's fallback when there are no dates).
      labelsAsTime: true,
      dateOrder: dateOrderFlag(args) ?? cfg.dateOrder ?? undefined,
      seriesColumn: cfg.series?.column,
    },
    undefined,
    (e) =>
      cfg.series && e.code === 'missing-column' && e.column === cfg.series.column
        ? `${modelPath} was trained on ${cfg.series.value === null ? 'the series' : `series "${cfg.series.value}"`} of column "${cfg.series.column}": predict on a file whose "${cfg.series.column}" column names each row's series.`
        : undefined,
  );
  if (!cfg.series && table.series) {
    // A model of one series over stacked series: its windows would run from one series into the next.
    throw new CliError(
      `${dataPath}: the file holds ${thousands(table.series.ids.length)} series stacked in column "${table.series.column}", but ${modelPath} was trained on a single series. Predict on a file with one series' rows, or train on this file (--series ID|all).`,
    );
  }
  const series = cfg.series ? (args.has('series') ? seriesChoice(args, table, 'predict') : cfg.series) : null;
  const windowing = {
    stride: 1,
    missing: args.oneOf('missing', MISSING_POLICIES) ?? cfg.missing,
    invalid: args.oneOf('invalid', INVALID_POLICIES) ?? cfg.invalid,
    series: series && args.has('series') ? series : series ? { ...series, value: null } : null,
  };
  const data = inFile(dataPath, () => inferenceData(table, model, windowing));
  if (out) checkWritable(out, '--out');
  for (const n of table.notices) log(`note: ${n}`);
  if (data.textAsMissing) log(`note: ${data.textAsMissing}`);

  const backend = await openBackend(backendKind);
  try {
    log(`backend: ${describeBackend(backend)}`);
    log(`predict: ${dataPath}, ${thousands(table.rows)} rows → ${thousands(data.ends.length)} windows`);
    const outputs = await predictWindows(
      backend,
      model.spec,
      model.params,
      data.series,
      data.ends,
      model.file.config.training.optimizer,
    );
    checkDeviceErrors(backend);
    if (model.spec.task === 'regression') {
      // Every window whose future is in the file, beside persistence on the same windows.
      const pre = model.file.preprocessing as Preprocessing;
      for (const l of regressionLines('windows', pre, data.levels, data.ends, outputs)) log(`score: ${l}`);
    }
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
