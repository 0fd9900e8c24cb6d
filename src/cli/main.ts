// The `webgpu-lstm` command: picks the subcommand and turns every failure into one line on stderr.
import { readFileSync } from 'node:fs';
import { benchCommand } from './bench.ts';
import { reportError, UsageError } from './errors.ts';
import { exportCommand } from './export.ts';
import { inspectCommand } from './inspect.ts';
import { predictCommand } from './predict.ts';
import { trainCommand } from './train.ts';

export const HELP = `Usage: webgpu-lstm <command> [options]

Train LSTMs on time series on the GPU through WebGPU (Dawn), or on the CPU, headless.

Commands
  train <data.csv> --target COL --out model.json [options]    train a model and write the model file
  predict <model.json> <data.csv> [--out predictions.csv]     predict from every window of a CSV
  inspect <data.csv> [--json]                                  what the data loader finds in a CSV
  export <model.json> --format tfjs --out DIR                  the model as a TensorFlow.js LayersModel
  bench [--workload W1..W4] [--json]                           training throughput on the DESIGN workloads

Run \`webgpu-lstm <command> --help\` for a command's options.
  --help, -h      this help
  --version       the version

Progress goes to stderr; errors are one line on stderr and a non-zero exit code (1 = the run failed,
2 = the command line is wrong). WEBGPU_LSTM_DEBUG=1 adds stack traces of unexpected errors.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  train: trainCommand,
  predict: predictCommand,
  inspect: inspectCommand,
  export: exportCommand,
  bench: benchCommand,
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      if (first === 'help' && rest[0] && COMMANDS[rest[0]]) return await COMMANDS[rest[0]](['--help']);
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      process.stdout.write(`webgpu-lstm ${version()}\n`);
      return 0;
    }
    const command = COMMANDS[first];
    if (!command) {
      throw new UsageError(
        first.startsWith('-')
          ? `${first} comes after a command (train, predict, inspect, export or bench)`
          : `Unknown command "${first}"; the commands are train, predict, inspect, export and bench`,
      );
    }
    return await command(rest);
  } catch (e) {
    return reportError(e);
  }
}
