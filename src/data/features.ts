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
        'Fix the cell, mark the column categorical, or treat such cells as missing (invalid: "missing", --invalid missing).',
      bad.row,
      c.name,
      nonFinite ? 'non-finite' : 'not-a-number',
    );
  }
  return c.values;
}
