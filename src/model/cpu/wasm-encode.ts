// The few pieces of the WebAssembly binary format the CPU backend's SIMD kernel needs, so the module is
// built from TypeScript at run time: no .wat, no assembler, no binary file in the repository.
// Reference: the WebAssembly core spec, "Binary Format" (sections, LEB128, instructions) and the SIMD
// proposal's opcode table (0xfd prefix).

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const name = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

/** A function body as a list of instructions; each method appends one and returns `this`. */
export class Code {
  readonly bytes: number[] = [];
  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  get(i: number) {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number) {
    return this.op(0x21, ...uleb(i));
  }
  i32(v: number) {
    return this.op(0x41, ...sleb(v));
  }
  add() {
    return this.op(0x6a);
  }
  sub() {
    return this.op(0x6b);
  }
  mul() {
    return this.op(0x6c);
  }
  geU() {
    return this.op(0x4f);
  }
  eqz() {
    return this.op(0x45);
  }
  /** `block` + `loop`; the body exits with brIf(1) and repeats with br(0). */
  loop(body: (c: this) => void): this {
    this.op(0x02, 0x40, 0x03, 0x40);
    body(this);
    return this.op(0x0b, 0x0b);
  }
  br(depth: number) {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number) {
    return this.op(0x0d, ...uleb(depth));
  }
  /** f32.load, 4-byte aligned. */
  f32Load(offset = 0) {
    return this.op(0x2a, 2, ...uleb(offset));
  }
  /** v128.load / v128.store with a 4-byte alignment hint (our rows are f32-aligned, not 16). */
  v128Load(offset = 0) {
    return this.op(0xfd, 0x00, 2, ...uleb(offset));
  }
  v128Store(offset = 0) {
    return this.op(0xfd, 0x0b, 2, ...uleb(offset));
  }
  v128Zero() {
    return this.op(0xfd, 0x0c, ...new Array(16).fill(0));
  }
  f32x4Splat() {
    return this.op(0xfd, 0x13);
  }
  f32x4Add() {
    return this.op(0xfd, ...uleb(0xe4));
  }
  f32x4Mul() {
    return this.op(0xfd, ...uleb(0xe6));
  }
}

export interface FuncDef {
  exportName: string;
  params: number[];
  /** Extra locals after the parameters, in order. */
  locals: number[];
  body: Code;
}

/** A module that imports its memory as env.memory and exports the given functions (no results). */
export function moduleBytes(funcs: FuncDef[]): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0x00]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, 0x01];
  const code = funcs.map((f) => {
    const locals = vec(f.locals.map((t) => [1, t]));
    const body = [...locals, ...f.body.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([memoryImport])),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(funcs.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)]))),
    ...section(10, vec(code)),
  ]);
}
