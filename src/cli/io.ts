// Files in and out, with errors worded for people ("Cannot read data.csv: no such file").
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors.ts';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

export function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  return (code && REASONS[code]) ?? (e as Error).message;
}

/** The whole file as text; `what` names it in errors ("data file", "model file"). */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read the ${what} ${path}: ${reason(e)}.`);
  }
}

/** Fail before a long run if the output could not be written afterwards. */
export function checkWritable(path: string, flag: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir))
    throw new CliError(`${flag} ${path}: the folder ${dir} does not exist; create it first.`);
  if (!statSync(dir).isDirectory()) throw new CliError(`${flag} ${path}: ${dir} is not a folder.`);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new CliError(`${flag} ${path}: that is a folder; give a file name.`);
  }
}

export function writeText(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new CliError(`Cannot write the ${what} ${path}: ${reason(e)}.`);
  }
}

export { csvField, formatNumber } from '../data/format.ts';

/** "12,345" */
export function thousands(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
