// A model file that could not be read, said for a person: the engine's message names each bad field by
// its path (as the CLI prints it); here "received undefined" reads as "missing", and a damaged file gets
// the one way to fix it.

export interface ModelErrorText {
  /** The first line of the message (or all of it when there is no list of fields). */
  summary: string;
  /** One line per field, when the file's fields were checked one by one. */
  fields: string[];
  /** What to do about it, when there is something to do. */
  hint: string | null;
}

const MISSING = /^(.*?): Invalid input: expected (\w+), received undefined$/;
const FIELD = /^(.*?): Invalid input: (.*)$/;

export function modelErrorText(message: string): ModelErrorText {
  const [first, ...rest] = message.split('\n').filter((l) => l.trim() !== '');
  if (!first?.startsWith('Invalid model file') || rest.length === 0) {
    return { summary: message, fields: [], hint: null };
  }
  const fields = rest.map((line) => {
    const missing = MISSING.exec(line);
    if (missing)
      return `${missing[1]}: missing (${/^[aeiou]/.test(missing[2]) ? 'an' : 'a'} ${missing[2]} is expected)`;
    const field = FIELD.exec(line);
    return field ? `${field[1]}: ${field[2]}` : line;
  });
  const some = fields.length === 1 ? 'One part of the file is' : `${fields.length} parts of the file are`;
  return {
    summary: `${some} missing or not as a model file has it:`,
    fields,
    hint: 'The file may be cut short or edited by hand. Download the model again from the page (or the CLI) that trained it; a PyTorch model goes through examples/pytorch_export.py.',
  };
}
