// Feature and target names → value columns. A numeric column is used as it is; a categorical feature is
// expanded into one-hot columns named `column=level` (up to ONE_HOT_LIMIT levels), which is also how the
// model file lists them, so a saved model rebuilds the same inputs from new data.
import { DataError, fileRow } from './errors.ts';
import { beyondFloat32 } from './float32.ts';
import { parseNumber } from './numbers.ts';
import { type Column, findColumn, type Table } from './table.ts';

export const ONE_HOT_LIMIT = 32;

export function requireColumn(table: Table, name: string, role: string): Column {
  const c = findColumn(table, name);
  if (!c) {
    const names = table.columns.map((x) => `"${x.name}"`).join(', ');
    throw new DataError(
      `The ${role} column "${name}" is not in the file. Columns are: ${names}.`,
      null,
      name,
      'missing-column',
    );
  }
  return c;
}

/** A column name as a command-line value: quoted when a shell would split it. */
function cliValue(name: string): string {
  return /^[\w.:/=+-]+$/.test(name) ? name : JSON.stringify(name);
}

/**
 * The error for a column asked to be read as labels that holds more distinct values than labels allow:
 * each value would be a class, or a one-hot input. `count`: its distinct values.
 */
export function tooManyLabels(name: string, count: number): DataError {
  return new DataError(
    `Column "${name}" holds ${count.toLocaleString('en-US')} different values, too many to read as labels ` +
      `(at most ${ONE_HOT_LIMIT}: each value becomes a class, or a one-hot input). Labels are for codes such as ` +
      'classes 0/1/2; keep this column as numbers.',
    null,
    name,
    'too-many-levels',
  );
}

/** Throws tooManyLabels for the first of `names` (columns read as labels) with too many levels. */
export function checkLabelColumns(table: Table, names: readonly string[]): void {
  for (const name of names) {
    const c = findColumn(table, name);
    if (c?.kind === 'categorical' && c.levels.length > ONE_HOT_LIMIT)
      throw tooManyLabels(name, c.levels.length);
  }
}

/** Feature names with each categorical column replaced by its one-hot columns (levels sorted). */
export function expandFeatures(table: Table, features: string[]): string[] {
  const out: string[] = [];
  for (const f of features) {
    const c = findColumn(table, f);
    if (c?.kind !== 'categorical') {
      out.push(f);
      continue;
    }
    if (c.levels.length > ONE_HOT_LIMIT) {
      throw new DataError(
        `Column "${f}" holds text with ${c.levels.length} different values (e.g. "${c.levels[0]}"); as a feature ` +
          `it would become ${c.levels.length} one-hot inputs, more than the limit of ${ONE_HOT_LIMIT}. ` +
          'Leave it out of the features, or group its values into fewer categories.',
        null,
        f,
        'too-many-levels',
      );
    }
    for (const level of [...c.levels].sort()) out.push(`${f}=${level}`);
  }
  return out;
}

/** One value column for a (possibly one-hot) feature or a regression target; NaN marks a gap. */
export function numericColumn(
  table: Table,
  name: string,
  role: string,
  invalidAsMissing: boolean,
): Float32Array {
  const direct = findColumn(table, name);
  const eq = name.indexOf('=');
  if (!direct && eq > 0) {
    const c = findColumn(table, name.slice(0, eq));
    if (c?.kind === 'categorical') {
      const k = c.levels.indexOf(name.slice(eq + 1));
      return Float32Array.from(c.codes, (code) => (code < 0 ? Number.NaN : code === k ? 1 : 0));
    }
    if (c?.kind === 'numeric') {
      // A model's one-hot input of a column read as labels, on data where that column is read as numbers.
      throw new DataError(
        `The ${role} "${name}" is a one-hot input of column "${c.name}" read as labels, but "${c.name}" is read ` +
          `as numbers here. Read it as labels (categorical: [${JSON.stringify(c.name)}], --categorical ${cliValue(c.name)}).`,
        null,
        c.name,
        'wrong-kind',
      );
    }
  }
  const c = requireColumn(table, name, role);
  if (c.kind === 'categorical') {
    throw new DataError(
      `Column "${c.name}" holds text (e.g. "${c.levels[0] ?? ''}"), not numbers, so it cannot be a ${role}. ` +
        (role === 'target'
          ? 'To predict its classes, make it a classification task.'
          : 'Choose a numeric column.'),
      null,
      c.name,
      'wrong-kind',
    );
  }
  if (c.kind === 'time') {
    throw new DataError(
      `Column "${c.name}" holds dates or times; it is the x axis, not a ${role}. Choose a numeric column.`,
      null,
      c.name,
      'wrong-kind',
    );
  }
  if (c.invalid > 0 && !invalidAsMissing) {
    const bad = c.firstInvalid!;
    const n = parseNumber(bad.text, '.');
    const tooLarge = beyondFloat32(Number.isNaN(n) ? parseNumber(bad.text, ',') : n);
    const nonFinite = tooLarge || /^[+-]?(inf|infinity|#div\/0!|#num!|#value!)$/i.test(bad.text);
    throw new DataError(
      `Row ${fileRow(bad.row, table.headerRows)}, column "${c.name}": "${bad.text}" is ${
        tooLarge ? "beyond float32's range (±3.4e38)" : nonFinite ? 'not a finite number' : 'not a number'
      }${c.invalid > 1 ? ` (nor are ${(c.invalid - 1).toLocaleString('en-US')} more cells)` : ''}. ` +
        `Fix the cell, read the column as labels if its values are categories (categorical: [${JSON.stringify(c.name)}], ` +
        `--categorical ${cliValue(c.name)}), or treat such cells as missing (invalid: "missing", --invalid missing).`,
      bad.row,
      c.name,
      nonFinite ? 'non-finite' : 'not-a-number',
    );
  }
  return c.values;
}
