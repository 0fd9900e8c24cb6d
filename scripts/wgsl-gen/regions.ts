// Splices generated text into a WGSL file between marker lines, leaving the hand-written rest as it is, so
// the bindings, helpers and comments stay readable WGSL in the .wgsl file and only the unrolled parts come
// from unroll.ts. The result is the whole file: the header below, then the file with every block replaced.

/** The first lines of every partly generated file. */
export const HEADER =
  '// Partly generated: the blocks between "---- generated" and "---- end generated" lines come from\n' +
  '// scripts/wgsl-gen (edit there, then `npm run gen:wgsl`; tests/wgsl-generated.test.ts checks them).\n';

const START = /^\/\/ ---- generated: (\w+) /;
const startLine = (name: string) => `// ---- generated: ${name} (scripts/wgsl-gen; do not edit by hand) ----`;
const endLine = (name: string) => `// ---- end generated: ${name} ----`;

/**
 * `text` (the file at `file`) with the header in front and the block of each name in `blocks` rewritten.
 * Every block must appear once, between its two marker lines; a marker without a known name or without its
 * end line is an error that says which file and line.
 */
export function regenerate(file: string, text: string, blocks: Record<string, () => string>): string {
  const lines = (text.startsWith(HEADER) ? text.slice(HEADER.length) : text).split('\n');
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const name = START.exec(lines[i])?.[1];
    if (name === undefined) {
      out.push(lines[i]);
      continue;
    }
    const known = Object.hasOwn(blocks, name);
    if (!known || seen.has(name)) {
      const why = known ? 'a second time' : `but scripts/wgsl-gen/files.ts has no block ${name} for it`;
      throw new Error(`${file}:${i + 1}: a "generated: ${name}" block ${why}; remove those lines`);
    }
    const end = lines.indexOf(endLine(name), i + 1);
    if (end < 0) throw new Error(`${file}:${i + 1}: "generated: ${name}" has no "${endLine(name)}" line`);
    out.push(startLine(name), blocks[name](), endLine(name));
    seen.add(name);
    i = end;
  }
  const missing = Object.keys(blocks).filter((n) => !seen.has(n));
  if (missing.length > 0) {
    throw new Error(
      `${file}: no block for ${missing.join(', ')}; put the lines "${startLine(missing[0])}" and ` +
        `"${endLine(missing[0])}" where it belongs, then run \`npm run gen:wgsl\``,
    );
  }
  return HEADER + out.join('\n');
}
