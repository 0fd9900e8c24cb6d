// Every data problem is a DataError that says what went wrong, where (row, column) and how to fix it.
// `code` lets the app and the tests tell the kinds apart without matching on the wording.
export type DataErrorCode =
  | 'empty'
  | 'header-only'
  | 'binary'
  | 'json'
  | 'utf16'
  | 'ragged'
  | 'bad-quotes'
  | 'not-a-number'
  | 'non-finite'
  | 'missing-value'
  | 'missing-column'
  | 'wrong-kind'
  | 'too-few-rows'
  | 'too-many-levels'
  | 'bad-time'
  | 'series'
  | 'classes'
  | 'cancelled'
  | 'other';

export class DataError extends Error {
  constructor(
    message: string,
    readonly row: number | null = null,
    readonly column: string | null = null,
    readonly code: DataErrorCode = 'other',
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** A count in a message, with thousands separators: "12,345". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Row numbers as people count them in a spreadsheet: the header is row 1, the first data row is 2. */
export function fileRow(dataRow: number, headerRows = 1): string {
  return count(dataRow + 1 + headerRows);
}
