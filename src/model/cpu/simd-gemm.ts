// WebAssembly SIMD block kernel for the float32 CPU backend's matmuls: C[m][n] += Σ_k A(m,k)·B[k][n]
// over whole blocks of MR rows × 4·NV columns, with MR·NV f32x4 accumulators kept in locals and B read
// as NV vectors per k, each multiplied by a splat of A(m,k) for each of the block's rows. A is read
// through byte strides (rows, k), so both X·W and Hᵀ·dZ use it unchanged. Plain JS on this machine tops
// out near 6 GFLOP/s on these shapes; this kernel is what makes the CPU backend keep up with PyTorch.
// The rows and columns that do not fill a block, and every float64 runtime, stay in plain TypeScript.
import { Code, type FuncDef, I32, moduleBytes, V128 } from './wasm-encode.ts';

/** Rows per block (splats of A) and f32x4 vectors per block row (columns = 4·NV). */
export const MR = 4;
export const NV = 2;
export const NC = 4 * NV;

// Parameters (all byte quantities): a, b, c addresses; rows, cols (multiples of MR, NC); k count;
// A's stride between rows and between k; B's and C's row strides.
const P = { a: 0, b: 1, c: 2, rows: 3, cols: 4, k: 5, aRow: 6, aK: 7, ldb: 8, ldc: 9 };
const L = { m: 10, n: 11, k: 12, pb: 13, pc: 14, pa: 15 }; // pa: MR pointers, then v128s
const ACC = L.pa + MR; // MR·NV accumulators
const BV = ACC + MR * NV; // NV vectors of B
const AV = BV + NV;
const acc = (i: number, j: number) => ACC + i * NV + j;

function gemmBody(): Code {
  const c = new Code();
  c.i32(0).set(L.m);
  c.loop((rowLoop) => {
    rowLoop.get(L.m).get(P.rows).geU().brIf(1);
    rowLoop.i32(0).set(L.n);
    rowLoop.loop((colLoop) => {
      colLoop.get(L.n).get(P.cols).geU().brIf(1);
      for (let i = 0; i < MR; i++) for (let j = 0; j < NV; j++) colLoop.v128Zero().set(acc(i, j));
      // pa_i = a + (m + i)·aRow (m counts rows, aRow is bytes)
      colLoop.get(P.a).get(L.m).get(P.aRow).mul().add().set(L.pa);
      for (let i = 1; i < MR; i++)
        colLoop
          .get(L.pa + i - 1)
          .get(P.aRow)
          .add()
          .set(L.pa + i);
      colLoop.get(P.b).get(L.n).i32(4).mul().add().set(L.pb);
      colLoop.get(P.k).set(L.k);
      colLoop.loop((kLoop) => {
        kLoop.get(L.k).eqz().brIf(1);
        for (let j = 0; j < NV; j++)
          kLoop
            .get(L.pb)
            .v128Load(16 * j)
            .set(BV + j);
        for (let i = 0; i < MR; i++) {
          kLoop
            .get(L.pa + i)
            .f32Load()
            .f32x4Splat()
            .set(AV);
          for (let j = 0; j < NV; j++) {
            kLoop
              .get(acc(i, j))
              .get(AV)
              .get(BV + j)
              .f32x4Mul()
              .f32x4Add()
              .set(acc(i, j));
          }
          kLoop
            .get(L.pa + i)
            .get(P.aK)
            .add()
            .set(L.pa + i);
        }
        kLoop.get(L.pb).get(P.ldb).add().set(L.pb);
        kLoop.get(L.k).i32(1).sub().set(L.k);
        kLoop.br(0);
      });
      // C block += accumulators.
      colLoop.get(P.c).get(L.m).get(P.ldc).mul().add().get(L.n).i32(4).mul().add().set(L.pc);
      for (let i = 0; i < MR; i++) {
        for (let j = 0; j < NV; j++) {
          colLoop
            .get(L.pc)
            .get(L.pc)
            .v128Load(16 * j)
            .get(acc(i, j))
            .f32x4Add()
            .v128Store(16 * j);
        }
        if (i < MR - 1) colLoop.get(L.pc).get(P.ldc).add().set(L.pc);
      }
      colLoop.get(L.n).i32(NC).add().set(L.n);
      colLoop.br(0);
    });
    rowLoop.get(L.m).i32(MR).add().set(L.m);
    rowLoop.br(0);
  });
  return c;
}

export function gemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const f: FuncDef = {
    exportName: 'gemm',
    params: new Array(10).fill(I32),
    locals: [...new Array(5 + MR).fill(I32), ...new Array(MR * NV + NV + 1).fill(V128)],
    body: gemmBody(),
  };
  return moduleBytes([f]);
}
