// `webgpu-lstm export`: a model file in another framework's format. TensorFlow.js LayersModel for now
// (model.json + weights.bin, which `tf.loadLayersModel` reads; docs/model-format.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelFile } from '../model/model-file.ts';
import { TFJS_WEIGHTS_FILE, tfjsArtifacts } from '../model/tfjs-export.ts';
import { Args, type FlagSpecs } from './args.ts';
import { CliError, inFile, UsageError } from './errors.ts';
import { readText } from './io.ts';

export const EXPORT_FLAGS: FlagSpecs = {
  format: { value: true },
  out: { value: true },
};

export const EXPORT_HELP = `Usage: webgpu-lstm export <model.json> --format tfjs --out DIR

Writes a model file in another framework's format.
  --format tfjs   a TensorFlow.js LayersModel: DIR/model.json and DIR/${TFJS_WEIGHTS_FILE}, loaded with
                  tf.loadLayersModel('…/model.json'). Inputs are the scaled features, shape
                  (batch, window, features); scale them with the model file's preprocessing.scaler.
                  Outputs as the model's head: (batch, units), or (batch, horizon, classes) for
                  classification with a horizon over 1.
  --out DIR       the folder to write (created if missing)`;

export async function exportCommand(argv: string[]): Promise<number> {
  const args = Args.parse(argv, EXPORT_FLAGS, 'export');
  if (args.help) {
    process.stdout.write(`${EXPORT_HELP}\n`);
    return 0;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(
      'export takes one model file: webgpu-lstm export model.json --format tfjs --out DIR',
      'export',
    );
  }
  const format = args.oneOf('format', ['tfjs'] as const);
  if (!format) throw new UsageError('--format is required: --format tfjs', 'export');
  const out = args.string('out');
  if (!out)
    throw new UsageError('--out DIR is required: the folder for model.json and its weights', 'export');
  const path = args.positionals[0];
  const model = inFile(path, () => parseModelFile(readText(path, 'model file')));
  const art = tfjsArtifacts(model.file);
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'model.json'), `${JSON.stringify(art.modelJson)}\n`);
    writeFileSync(join(out, TFJS_WEIGHTS_FILE), new Uint8Array(art.weightData));
  } catch (e) {
    throw new CliError(
      `Could not write to ${out}: ${(e as Error).message}. Choose a folder you can write to.`,
    );
  }
  process.stdout.write(`wrote: ${join(out, 'model.json')}, ${join(out, TFJS_WEIGHTS_FILE)}\n`);
  return 0;
}
