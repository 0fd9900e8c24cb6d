// Every data problem is a DataError that says what went wrong, where (row, column) and how to fix it.
export class DataError extends Error {
  constructor(
    message: string,
    readonly row: number | null = null,
    readonly column: string | null = null,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** Row numbers as people count them in a spreadsheet: the header is row 1, the first data row is 2. */
export function fileRow(dataRow: number): string {
  return (dataRow + 2).toLocaleString('en-US');
}
