// What "Text in number columns: treat as missing" did to this file. The choice carries from one file to
// the next like the other data settings, so a new file's text cells would otherwise become gaps without a
// word: the column stage (prepare.ts readColumns) reports it, prepareData puts it among its notices (the
// app shows them beside the window counts, `train` prints them as notes) and `predict` prints it too.
import { count, fileRow } from './errors.ts';
import type { Table } from './table.ts';

/**
 * "3 cells of text in "temp" (the first "n/a", row 18) and 1 in "load" are read as missing (…)" for the
 * number columns among `columns` that hold text, when `invalid` is "missing"; null when none does.
 */
export function textAsMissingNotice(
  table: Table,
  columns: readonly string[],
  invalid: string,
): string | null {
  if (invalid !== 'missing') return null;
  const parts: string[] = [];
  let cells = 0;
  for (const name of new Set(columns)) {
    const c = table.columns.find((k) => k.name === name);
    if (c?.kind !== 'numeric' || c.invalid === 0 || !c.firstInvalid) continue;
    const first = parts.length === 0;
    const where = first
      ? ` (the first "${c.firstInvalid.text}", row ${fileRow(c.firstInvalid.row, table.headerRows)})`
      : '';
    parts.push(
      `${first ? `${count(c.invalid)} cell${c.invalid === 1 ? '' : 's'} of text` : count(c.invalid)} in "${name}"${where}`,
    );
    cells += c.invalid;
  }
  if (parts.length === 0) return null;
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${list} ${cells === 1 ? 'is' : 'are'} read as missing (invalid: "missing").`;
}
