// Command-line parsing without dependencies: `--name value`, `--name=value`, boolean `--name`, `--` ends the
// flags, `-h`/`--help` anywhere. Unknown or repeated flags are errors (with a did-you-mean), and typed
// getters name the flag in every message.
import { UsageError } from './errors.ts';

export interface FlagSpec {
  /** Takes a value (`--window 32`) or is a switch (`--json`). */
  value: boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function suggestion(name: string, known: string[]): string {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const dd = k.startsWith(name) || name.startsWith(k) ? 1 : distance(name, k);
    if (dd < bestD) {
      bestD = dd;
      best = k;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? `; did you mean --${best}?` : '';
}

export class Args {
  readonly help: boolean;

  private constructor(
    readonly command: string,
    readonly positionals: string[],
    private readonly flags: Map<string, string | true>,
    help: boolean,
  ) {
    this.help = help;
  }

  static parse(argv: string[], specs: FlagSpecs, command: string): Args {
    const flags = new Map<string, string | true>();
    const positionals: string[] = [];
    let help = false;
    const known = Object.keys(specs);
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--') {
        positionals.push(...argv.slice(i + 1));
        break;
      }
      if (a === '-h' || a === '--help') {
        help = true;
        continue;
      }
      if (!a.startsWith('-') || a === '-' || /^-\d/.test(a)) {
        positionals.push(a);
        continue;
      }
      if (!a.startsWith('--'))
        throw new UsageError(`Unknown option ${a}; options are spelled --name`, command);
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = specs[name];
      if (!spec) throw new UsageError(`Unknown option --${name}${suggestion(name, known)}`, command);
      if (flags.has(name)) throw new UsageError(`--${name} is given twice`, command);
      if (!spec.value) {
        if (eq >= 0) throw new UsageError(`--${name} is a switch and takes no value`, command);
        flags.set(name, true);
        continue;
      }
      let value: string;
      if (eq >= 0) value = a.slice(eq + 1);
      else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('--') && next.length > 2)) {
          throw new UsageError(`--${name} needs a value`, command);
        }
        value = next;
        i++;
      }
      flags.set(name, value);
    }
    return new Args(command, positionals, flags, help);
  }

  has(name: string): boolean {
    return this.flags.has(name);
  }

  switch(name: string): boolean {
    return this.flags.get(name) === true;
  }

  string(name: string): string | undefined {
    const v = this.flags.get(name);
    if (v === undefined || v === true) return undefined;
    if (v.trim() === '') throw new UsageError(`--${name} needs a value`, this.command);
    return v;
  }

  number(name: string, opts: { min?: number; max?: number; above?: number } = {}): number | undefined {
    const s = this.string(name);
    if (s === undefined) return undefined;
    return this.checkNumber(name, s, Number(s), opts);
  }

  int(name: string, opts: { min?: number; max?: number } = {}): number | undefined {
    const s = this.string(name);
    if (s === undefined) return undefined;
    const v = Number(s);
    if (!Number.isInteger(v))
      throw new UsageError(`--${name} must be a whole number, got "${s}"`, this.command);
    return this.checkNumber(name, s, v, opts);
  }

  /** Comma-separated names, trimmed, no empties, no repeats. */
  list(name: string): string[] | undefined {
    const s = this.string(name);
    if (s === undefined) return undefined;
    const items = s.split(',').map((x) => x.trim());
    if (items.some((x) => x === ''))
      throw new UsageError(`--${name} has an empty item in "${s}"`, this.command);
    const dup = items.find((x, i) => items.indexOf(x) !== i);
    if (dup !== undefined) throw new UsageError(`--${name} lists "${dup}" twice`, this.command);
    return items;
  }

  /** Comma-separated numbers. */
  numbers(name: string, opts: { int?: boolean; min?: number; max?: number } = {}): number[] | undefined {
    const s = this.string(name);
    if (s === undefined) return undefined;
    return s.split(',').map((part) => {
      const v = Number(part.trim());
      if (part.trim() === '' || (opts.int ? !Number.isInteger(v) : !Number.isFinite(v))) {
        throw new UsageError(
          `--${name} must be a comma-separated list of ${opts.int ? 'whole numbers' : 'numbers'}, got "${s}"`,
          this.command,
        );
      }
      return this.checkNumber(name, s, v, opts);
    });
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const s = this.string(name);
    if (s === undefined) return undefined;
    if (!(values as readonly string[]).includes(s)) {
      throw new UsageError(`--${name} must be one of ${values.join(', ')}; got "${s}"`, this.command);
    }
    return s as T;
  }

  private checkNumber(
    name: string,
    s: string,
    v: number,
    { min, max, above }: { min?: number; max?: number; above?: number },
  ): number {
    if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${s}"`, this.command);
    if (min !== undefined && v < min)
      throw new UsageError(`--${name} must be at least ${min}, got ${s}`, this.command);
    if (above !== undefined && v <= above) {
      throw new UsageError(`--${name} must be greater than ${above}, got ${s}`, this.command);
    }
    if (max !== undefined && v > max)
      throw new UsageError(`--${name} must be at most ${max}, got ${s}`, this.command);
    return v;
  }
}
