// Property: whatever bytes arrive, the loader returns a dataset or throws a DataError — never another
// exception, never a hang. Seeded, bounded, a few seconds.
import { describe, expect, it } from 'vitest';
import { loadCsv, parseCsv } from '../src/data/csv.ts';
import { DataError } from '../src/data/errors.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  'date,temp,station\n2024-01-01,1.5,A\n2024-01-02,NA,A\n2024-01-01,3,B\n2024-01-02,4,B\n',
  'a;b\r\n1,5;"x;y"\r\n2,5;"z\r\nw"\r\n',
  'timestamp\tv\n1700000000\t1\n1700000060\t2\n',
  '\ufeff"q""uoted",n\n"a, b",1\n"c",2\n',
];
const PIECES = [
  '"',
  ',',
  ';',
  '\n',
  '\r',
  '\t',
  '|',
  '\u0000',
  'NaN',
  '-',
  '1e309',
  '31/02/2024',
  '\ufeff',
  'é',
  '\ufffd',
];

function check(input: string | Uint8Array) {
  try {
    const ds = parseCsv(input);
    expect(ds.rows).toBeGreaterThan(0);
    for (const c of ds.columns) {
      const n = c.kind === 'numeric' ? c.values.length : c.kind === 'time' ? c.ms.length : c.codes.length;
      expect(n).toBe(ds.rows);
    }
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    expect(e.message.length).toBeGreaterThan(10);
  }
}

describe('fuzz', () => {
  it('random bytes', () => {
    const r = rng(1);
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256));
      check(bytes);
    }
  });

  it('random printable text', () => {
    const r = rng(2);
    const alphabet = 'ab01.,;\t|"\n\r -:/TZ';
    for (let i = 0; i < 500; i++) {
      const s = Array.from(
        { length: Math.floor(r() * 200) },
        () => alphabet[Math.floor(r() * alphabet.length)],
      );
      check(s.join(''));
    }
  });

  it('mutations of valid files', () => {
    const r = rng(3);
    for (let i = 0; i < 1500; i++) {
      let s = VALID[i % VALID.length];
      const edits = 1 + Math.floor(r() * 4);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(r() * (s.length + 1));
        const op = r();
        if (op < 0.4) s = s.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + s.slice(at);
        else if (op < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 5));
        else s = s.slice(0, at) + s.slice(at, at + 10) + s.slice(at);
      }
      check(s);
      check(new TextEncoder().encode(s));
    }
  });

  it('streamed in tiny slices gives the same result as at once', async () => {
    for (const s of VALID) {
      const a = parseCsv(s);
      const b = await loadCsv(s, { sliceSize: 3 });
      expect(b.rows).toBe(a.rows);
      expect(b.columns).toEqual(a.columns);
    }
  });

  it('cancellation stops the load with a DataError', async () => {
    const big = `a,b\n${'1,2\n'.repeat(200_000)}`;
    const ctrl = new AbortController();
    const seen: number[] = [];
    const p = loadCsv(big, {
      sliceSize: 64 * 1024,
      signal: ctrl.signal,
      onProgress: (pr) => {
        seen.push(pr.done);
        if (seen.length === 3) ctrl.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen.length).toBe(3);
  });
});
