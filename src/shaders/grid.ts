// 1-D work over n elements in 256-thread workgroups, folded into 2-D when it exceeds the 65,535
// workgroups one dimension allows (the shaders rebuild i = gid.x + gid.y · nwg.x · 256).
export function linearGrid(n: number, workgroup = 256): { x: number; y: number } {
  const groups = Math.max(1, Math.ceil(n / workgroup));
  if (groups <= 65535) return { x: groups, y: 1 };
  const y = Math.ceil(groups / 65535);
  return { x: Math.ceil(groups / y), y };
}

/** A uniform struct of u32 fields followed by f32 fields, 16-byte padded. */
export function packUniform(u32s: number[], f32s: number[] = []): ArrayBuffer {
  const words = Math.ceil((u32s.length + f32s.length) / 4) * 4;
  const buf = new ArrayBuffer(Math.max(16, words * 4));
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  u32s.forEach((v, i) => {
    u[i] = v;
  });
  f32s.forEach((v, i) => {
    f[u32s.length + i] = v;
  });
  return buf;
}
