// Reading a data file for a command: the bytes go to src/data's loader (which checks the encoding
// itself), errors are prefixed with the file name, and the loader's notices go to stderr.
import { readFileSync } from 'node:fs';
import { type Dataset, type ParseOptions, parseCsv } from '../data/csv.ts';
import type { DateOrder } from '../data/dates.ts';
import { DataError } from '../data/errors.ts';
import type { Args, FlagSpecs } from './args.ts';
import { CliError, inFile, UsageError } from './errors.ts';
import { reason } from './io.ts';

export const DATE_ORDERS = ['dmy', 'mdy'] as const;
export const MISSING_POLICIES = ['drop', 'ffill', 'linear'] as const;
export const INVALID_POLICIES = ['error', 'missing'] as const;

/** How the file is written, when the loader's guess is wrong: shared by inspect, train and predict. */
export const PARSE_FLAGS: FlagSpecs = {
  delimiter: { value: true },
  decimal: { value: true },
  header: { value: true },
  categorical: { value: true },
};

export const PARSE_HELP = `File format (default: detected from the file's first 64 KiB)
  --delimiter comma      comma | semicolon | tab | pipe
  --decimal dot          dot | comma: the decimal mark of the numbers
  --header yes           yes | no: whether the first row names the columns (no: col1 … colN)
  --categorical A,B      read these columns as labels, even when they hold numbers (e.g. class codes);
                         train saves them in the model, predict and train --init read them from it`;

const DELIMITER_FLAG = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;

export function parseFlags(a: Args): Pick<ParseOptions, 'delimiter' | 'decimal' | 'header' | 'categorical'> {
  const d = a.oneOf('delimiter', Object.keys(DELIMITER_FLAG) as (keyof typeof DELIMITER_FLAG)[]);
  const m = a.oneOf('decimal', ['dot', 'comma'] as const);
  const h = a.oneOf('header', ['yes', 'no'] as const);
  const c = a.list('categorical');
  return {
    ...(d ? { delimiter: DELIMITER_FLAG[d] } : {}),
    ...(m ? { decimal: m === 'dot' ? '.' : ',' } : {}),
    ...(h ? { header: h === 'yes' } : {}),
    ...(c ? { categorical: c } : {}),
  };
}

/**
 * The columns to read as labels: --categorical, or else those the model was trained with
 * (config.data.categorical), so `train --init` and `predict` read a file as training did.
 */
export function labelColumns(a: Args, trained?: readonly string[]): { categorical?: string[] } {
  const c = a.list('categorical') ?? trained;
  return c && c.length > 0 ? { categorical: [...c] } : {};
}

export function readBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(`Cannot read the ${what} ${path}: ${reason(e)}.`);
  }
}

/**
 * `hint`: a sentence a command adds to a loader error it knows more about (predict: which model needed
 * the missing column, and what to do).
 */
export function loadData(
  path: string,
  opts: ParseOptions,
  log?: (s: string) => void,
  hint?: (e: DataError) => string | undefined,
): Dataset {
  const bytes = readBytes(path, 'data file');
  const ds = inFile(path, () => {
    try {
      return parseCsv(bytes, opts);
    } catch (e) {
      const more = e instanceof DataError ? hint?.(e) : undefined;
      if (more)
        throw new DataError(
          `${(e as DataError).message} ${more}`,
          (e as DataError).row,
          (e as DataError).column,
          (e as DataError).code,
        );
      throw e;
    }
  });
  if (log) for (const n of ds.notices) log(`note: ${n}`);
  return ds;
}

/** --time COL | none → the loader's time option (absent = detect). */
export function timeFlag(a: Args): string | null | undefined {
  const t = a.string('time');
  return t === undefined ? undefined : t === 'none' ? null : t;
}

export function dateOrderFlag(a: Args): DateOrder | undefined {
  return a.oneOf('date-order', DATE_ORDERS);
}

/** --series-column COL | none → the loader's series option (absent = detect). */
export function seriesColumnFlag(a: Args): string | null | undefined {
  const s = a.string('series-column');
  return s === undefined ? undefined : s === 'none' ? null : s;
}

/** The series choice: {column, value} from --series ID|all and what the loader found. */
export function seriesChoice(a: Args, ds: Dataset, command: string) {
  const pick = a.string('series');
  if (!ds.series) {
    if (pick !== undefined && pick !== 'all') {
      throw new UsageError(
        `--series ${pick}: the file holds one series (no id column was found); name the id column with --series-column COL`,
        command,
      );
    }
    return null;
  }
  return { column: ds.series.column, value: pick === undefined || pick === 'all' ? null : pick };
}
