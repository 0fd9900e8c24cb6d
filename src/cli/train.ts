// `webgpu-lstm train`: CSV → prepared windows → training on Dawn or the CPU → model file.
import { prepareData } from '../data/prepare.ts';
import { buildModelFile, type LoadedModel, parseModelFile, serializeModelFile } from '../model/model-file.ts';
import { specFromConfig, train } from '../model/trainer.ts';
import { Args } from './args.ts';
import { describeBackend, openBackend } from './backend.ts';
import { CliError, EXIT_FAILURE, EXIT_INTERRUPTED, inFile, UsageError } from './errors.ts';
import { checkWritable, readText, writeText } from './io.ts';
import {
  dateOrderFlag,
  labelColumns,
  loadData,
  PARSE_HELP,
  parseFlags,
  seriesColumnFlag,
  timeFlag,
} from './load-data.ts';
import { describeData, describeModel, epochLine, summary } from './progress.ts';
import { splitScores } from './scores.ts';
import { BACKENDS, continueTrainConfig, newTrainConfig, TRAIN_FLAGS } from './train-config.ts';

export const TRAIN_HELP = `Usage: webgpu-lstm train <data.csv> --target COL[,COL] --out model.json [options]

Trains an LSTM on a CSV time series and writes the model file (weights in Keras layout, preprocessing,
configuration and loss history). Progress goes to stderr, one line per epoch (* = best so far); the
summary goes to stdout.

Data
  --target COL[,COL]     column(s) to predict (required unless --init); one column for classification
  --features A,B         input columns (default: every numeric column except the time column and, for
                         classification, the class column; regression targets are inputs too, since
                         their past usually predicts their future). A target may also be a feature.
  --window 32            rows per input window
  --horizon 1            steps predicted after each window (the head predicts all of them at once)
  --task regression      regression | classification (classes = the distinct values of the target)
  --val 0.2              fraction of the windows, the latest ones, kept for validation (0 = none)
  --test 0               fraction of the windows after the validation ones kept for testing
  --stride 1             rows between the ends of consecutive windows
  --scale standard       standard | minmax | none, fitted on the training rows only
  --differences none     none | target | all (regression): predict each step's change instead of the
                         level (target), and feed the inputs as changes too (all); predictions are
                         turned back into levels. For series with a trend that leaves the training range
  --time COL             the time column (x axis; rows are sorted by it), or none (default: detected)
  --date-order dmy       dmy | mdy: how to read dates like 01/02/2024 (default: from the data)
  --missing drop         drop | ffill | linear: drop the windows that touch a missing value, or fill
                         gaps by carrying the last value forward or by linear interpolation
  --invalid error        error | missing: text in a numeric column is an error, or a missing value
  --series ID|all        several series stacked in the file (an id column, detected): train on the one
                         with this id, or on all (default; no window crosses from one into another)
  --series-column COL    the id column, when detection does not find it (none = one series)
Model
  --layers 64,32         LSTM units per layer, bottom to top
  --dropout 0            dropout after each LSTM layer: one value, or one per layer
  --loss mse             mse | mae | huber for regression; classification always uses crossentropy
Training
  --epochs 50            at most this many epochs
  --batch 64             windows per batch
  --optimizer adam       adam | adamw | rmsprop | sgd
  --lr 1e-3              learning rate
  --clip 1               global gradient-norm clipping threshold (0 = off)
  --patience 5           stop after this many epochs without a better validation loss, keeping the best
                         weights (0 = off; without validation the training loss is watched)
  --seed 42              seed of the initial weights, the shuffling and dropout
  --init model.json      continue training a saved model: its features, targets, window, horizon, task,
                         layers, scaler and classes are kept (a flag that contradicts them is an error);
                         settings not given here default to the model file's. Optimizer state starts
                         fresh. The new model file's history continues the old one.
Run
  --backend webgpu       webgpu (Dawn; the GPU, or Mesa lavapipe without one) | cpu (reference, slow)
  --out model.json       where to write the model file (required)

The time column (reported in predictions, never a default feature) is the first column named time, date,
datetime, timestamp or ds (any case), or else a first text column with a distinct value on every row.
The loader's notices (sorted rows, renamed columns, dropped windows …) go to stderr as "note:" lines. Ctrl-C stops after the current batch and
still writes the model file (exit code 130).
Exit codes: 0 done, 1 failed (data, model file, device, non-finite loss), 2 bad command line.

${PARSE_HELP}`;

function loadInit(path: string): LoadedModel {
  const text = readText(path, 'model file');
  return inFile(path, () => parseModelFile(text));
}

export async function trainCommand(argv: string[]): Promise<number> {
  const args = Args.parse(argv, TRAIN_FLAGS, 'train');
  if (args.help) {
    process.stdout.write(`${TRAIN_HELP}\n`);
    return 0;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(
      args.positionals.length === 0
        ? 'train needs the data file: webgpu-lstm train data.csv --target COL --out model.json'
        : `train takes one data file, got ${args.positionals.length}: ${args.positionals.join(' ')}`,
      'train',
    );
  }
  const dataPath = args.positionals[0];
  const out = args.string('out');
  if (!out) throw new UsageError('--out is required: where to write the model file', 'train');
  const backendKind = args.oneOf('backend', BACKENDS) ?? 'webgpu';
  const initPath = args.string('init');

  // Everything that can be wrong with the inputs is checked before the device starts.
  const init = initPath ? loadInit(initPath) : null;
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const table = loadData(dataPath, {
    ...parseFlags(args),
    ...labelColumns(args, init?.file.config.data.categorical),
    time: timeFlag(args),
    dateOrder: dateOrderFlag(args) ?? init?.file.config.data.dateOrder ?? undefined,
    seriesColumn: seriesColumnFlag(args) ?? init?.file.config.data.series?.column,
  });
  const config = inFile(dataPath, () =>
    init ? continueTrainConfig(args, table, init, initPath!) : newTrainConfig(args, table),
  );
  const prepared = inFile(dataPath, () =>
    prepareData(table, config.data, config.model.task, init ? init.file.preprocessing : null),
  );
  const spec = specFromConfig(config, prepared.pre);
  checkWritable(out, '--out');
  for (const n of [...table.notices, ...prepared.notices]) log(`note: ${n}`);

  const backend = await openBackend(backendKind);
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    log('interrupted: stopping after this batch and saving (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    log(`backend: ${describeBackend(backend)}`);
    if (init) log(`init: continuing ${initPath} after ${init.file.history.loss.length} epochs`);
    log(describeData(dataPath, table.rows, prepared, config.data.time));
    log(describeModel(spec, config));
    const offset = init?.file.history.loss.length ?? 0;
    const result = await train(backend, config, prepared, {
      onEpoch: (m) => log(epochLine(m, offset)),
      signal: controller.signal,
      initParams: init?.params,
      startEpoch: offset,
    });
    const before = init?.file.history;
    const history = before
      ? {
          loss: [...(before.loss as number[]), ...result.history.loss],
          valLoss: [...before.valLoss, ...result.history.valLoss],
          lr: [...before.lr, ...result.history.lr],
          epochMs: [...before.epochMs, ...result.history.epochMs],
        }
      : result.history;
    // A diverged run or a failed device still saves the last good epoch's weights, if there is one.
    const failed = result.stopReason === 'non-finite' || result.stopReason === 'device-error';
    const save = !failed || result.bestEpoch > 0;
    if (save) {
      const file = buildModelFile({
        config,
        preprocessing: prepared.pre,
        spec,
        params: result.params,
        history,
      });
      writeText(out, serializeModelFile(file), 'model file');
    }
    const lines = summary(result, save ? out : null, offset);
    if (save) {
      // Scored in the data's units beside the naive baseline, so "is this any good" has an answer.
      lines.push(...(await splitScores(backend, spec, result.params, prepared, config.training.optimizer)));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    if (failed) throw new CliError(result.message, EXIT_FAILURE);
    return result.stopReason === 'cancelled' ? EXIT_INTERRUPTED : 0;
  } finally {
    process.off('SIGINT', onSigint);
    backend.dispose();
  }
}
