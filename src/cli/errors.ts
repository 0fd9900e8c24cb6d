// Every failure of the CLI becomes ONE line on stderr (what, where, how to fix) and a non-zero exit code,
// never a stack trace. Exit codes: 1 = the run failed (data, model file, device, I/O), 2 = the command line
// is wrong. WEBGPU_LSTM_DEBUG=1 adds the stack of unexpected errors for bug reports.
import { DataError } from '../data/errors.ts';
import { NoWebGpuError } from '../gpu/device.ts';
import { ConfigError } from '../model/config.ts';
import { ModelFileError } from '../model/model-file.ts';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** The command line is wrong: names the flag and points at --help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string | null = null,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A problem the user can fix, already worded for them (file names included). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Multi-line engine messages ("Invalid model file:\nlayers[0]…") folded into one line. */
export function oneLine(message: string): string {
  return message
    .trim()
    .replace(/:\s*\n\s*/g, ': ')
    .replace(/\s*\n\s*/g, '; ');
}

/** Prefix errors about a file's contents with the file's name. */
export function inFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DataError || e instanceof ModelFileError || e instanceof ConfigError) {
      throw new CliError(`${file}: ${oneLine(e.message)}`);
    }
    throw e;
  }
}

interface NodeError extends Error {
  code?: string;
}

export function describeError(err: unknown): { line: string; code: number } {
  if (err instanceof UsageError) {
    const help = err.command ? `webgpu-lstm ${err.command} --help` : 'webgpu-lstm --help';
    return { line: `${oneLine(err.message)} (see \`${help}\`)`, code: EXIT_USAGE };
  }
  if (err instanceof CliError) return { line: oneLine(err.message), code: err.exitCode };
  if (err instanceof DataError || err instanceof ModelFileError || err instanceof ConfigError) {
    return { line: oneLine(err.message), code: EXIT_FAILURE };
  }
  if (err instanceof NoWebGpuError) {
    return { line: `${oneLine(err.message)} Or run on the CPU with --backend cpu.`, code: EXIT_FAILURE };
  }
  if (err instanceof RangeError && /^Invalid model|batch size|batches/.test(err.message)) {
    return { line: oneLine(err.message), code: EXIT_FAILURE };
  }
  const e = err as NodeError;
  if (e && typeof e === 'object' && typeof e.code === 'string' && e.code.startsWith('E')) {
    return { line: `${e.message} (${e.code})`, code: EXIT_FAILURE };
  }
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    line: `internal error: ${oneLine(what)}. This is a bug in webgpu-lstm; rerun with WEBGPU_LSTM_DEBUG=1 for the stack trace and report it.`,
    code: EXIT_FAILURE,
  };
}

/** Print the one-line message and return the exit code. */
export function reportError(
  err: unknown,
  write: (s: string) => void = (s) => process.stderr.write(s),
): number {
  const { line, code } = describeError(err);
  write(`webgpu-lstm: error: ${line}\n`);
  if (process.env.WEBGPU_LSTM_DEBUG && err instanceof Error && err.stack) write(`${err.stack}\n`);
  return code;
}
