// The unrolled parts of the 4-lane SwiftShader kernels (src/shaders/*_sg4.wgsl): entry points written out
// with one named vec4 accumulator per output row and constant lane and component indices. SwiftShader keeps
// an array indexed at run time in memory and reaches each element through a lane-by-lane gather and scatter
// (~5× the time for the same loop with acc[r][q]), while named values stay in registers; WGSL has no
// unrolling, so these loops are unrolled here. Each function returns the text of one entry point (or
// helper), without a trailing newline; files.ts says which file and block size each goes to.

/** Lanes per workgroup: one SwiftShader subgroup. The vec4 layouts below assume 4 (a lane's vec4 of 4). */
const LANES = 4;
const COMPONENTS = ['x', 'y', 'z', 'w'] as const;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** Lanes 0 … 3 hold rows 0 … 3 of a row group: row r is lane r % 4 of group ⌊r / 4⌋. */
const groupOf = (r: number) => Math.floor(r / LANES);
const laneOf = (r: number) => r % LANES;
/** Broadcast of v from lane l to every lane, as a vec4 of 4 equal components. */
const splat = (v: string, lane: number) => `vec4<f32>(subgroupBroadcast(${v}, ${lane}u))`;

/** The first lines of entry point `name`: one workgroup is one subgroup of LANES lanes. */
const entry = (name: string) => [
  `@compute @workgroup_size(${LANES})`,
  `fn ${name}(@builtin(workgroup_id) wg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {`,
];

/**
 * `fn lanes<n>`: the n lanes' values of v in every lane (subgroupBroadcast wants a constant lane index),
 * wrapped at 110 columns like the rest of the WGSL.
 */
export function lanesHelper(n: number, type = 'f32'): string {
  const suffix = type === 'vec4<f32>' ? 'v4' : '';
  const head = `  return array<${type}, ${n}>(`;
  const args = range(n).map((l) => `subgroupBroadcast(v, ${l}u)`);
  const lines = [head];
  args.forEach((arg, i) => {
    const piece = i < n - 1 ? `${arg},` : `${arg});`;
    const last = lines.length - 1;
    const sep = lines[last].endsWith('(') ? '' : ' ';
    if (lines[last].length + sep.length + piece.length > 110) lines.push(`    ${piece}`);
    else lines[last] += sep + piece;
  });
  return [`fn lanes${n}${suffix}(v: ${type}) -> array<${type}, ${n}> {`, ...lines, '}'].join('\n');
}

/**
 * matmul_sg4.wgsl's main4 (B not transposed, B and C read as vec4s): a block of 4·rowGroups rows ×
 * 16·colVec4s columns; lane l owns the vec4s of columns n0+4l+16v, v < colVec4s. Per k: rowGroups loads of
 * A (broadcast), colVec4s vec4 loads of B, 4·rowGroups·colVec4s vec4 FMAs.
 */
export function matmulMain4(rowGroups: number, colVec4s: number): string {
  const rows = range(LANES * rowGroups);
  const groups = range(rowGroups);
  const cols = range(colVec4s);
  const o = [
    ...entry('main4'),
    '  let M = dims.M;',
    '  let K = dims.K;',
    '  let N4 = dims.N / 4u;',
    `  let m0 = wg.y * ${rows.length}u;`,
    `  let n4 = wg.x * ${LANES * colVec4s}u + lane; // this lane's first vec4 of columns; its others are 4, 8, … vec4s further`,
    '  // Rows m0+lane+4g and the columns: clamped, so duplicates are computed, never stored.',
    '  let aStep = select(1u, M, TRANS_A);',
    '  let aRow = select(K, 1u, TRANS_A);',
    ...groups.map((g) => `  let a${g}At = dims.aOff + min(m0 + ${LANES * g}u + lane, M - 1u) * aRow;`),
    ...cols.map((v) => `  let b${v}At = dims.bOff / 4u + min(n4 + ${LANES * v}u, N4 - 1u);`),
    ...rows.map((r) => `  ${cols.map((v) => `var c${r}_${v} = vec4<f32>(0.0);`).join(' ')}`),
    '  for (var k = 0u; k < K; k++) {',
    ...cols.map((v) => `    let b${v} = B4[b${v}At + k * N4];`),
    '    let ak = k * aStep;',
    ...groups.map((g) => `    let a${g} = A[a${g}At + ak];`),
    ...rows.flatMap((r) => [
      `    let x${r} = ${splat(`a${groupOf(r)}`, laneOf(r))};`,
      ...cols.map((v) => `    c${r}_${v} = fma(x${r}, b${v}, c${r}_${v});`),
    ]),
    '  }',
    '',
    ...cols.flatMap((v) => [
      `  if (n4 + ${LANES * v}u < N4) {`,
      `    let n = n4 + ${LANES * v}u;`,
      '    let bv = biasAt(n);',
      '    let cAt = dims.cOff / 4u + n + m0 * N4;',
      ...rows.map((r) => `    store4(m0 + ${r}u, cAt + ${r}u * N4, c${r}_${v}, bv);`),
      '  }',
    ]),
    '}',
  ];
  return o.join('\n');
}

/**
 * matmul_sg4.wgsl's mainT4 (B transposed, A and B read as vec4s of 4 steps of k): a block of 4·rowGroups
 * rows × 16 columns; lane l owns columns n0+l+4q, q < 4, one vec4 accumulator per row (component q). Per 4
 * steps of k: rowGroups vec4 loads of A (broadcast), 4 of B, 16·rowGroups vec4 FMAs.
 */
export function matmulMainT4(rowGroups: number): string {
  const rows = range(LANES * rowGroups);
  const groups = range(rowGroups);
  const cols = range(LANES); // B's 4 vec4s along k, transposed into 4 vec4s of 4 columns
  const o = [
    ...entry('mainT4'),
    '  let M = dims.M;',
    '  let N = dims.N;',
    '  let K4 = dims.K / 4u;',
    `  let m0 = wg.y * ${rows.length}u;`,
    `  let n = wg.x * ${LANES * cols.length}u + lane;`,
    '  // Rows and columns past the edge are clamped: duplicates are computed, never stored.',
    ...groups.map((g) => `  let a${g}At = dims.aOff / 4u + min(m0 + ${LANES * g}u + lane, M - 1u) * K4;`),
    ...cols.map((q) => `  let b${q}At = dims.bOff / 4u + min(n + ${LANES * q}u, N - 1u) * K4;`),
    ...rows.map((r) => `  var c${r} = vec4<f32>(0.0);`),
    '  for (var k4 = 0u; k4 < K4; k4++) {',
    ...groups.map((g) => `    let a${g} = A4[a${g}At + k4];`),
    ...cols.map((q) => `    let b${q} = B4[b${q}At + k4];`),
    ...COMPONENTS.map((s, i) => `    let bt${i} = vec4<f32>(${cols.map((q) => `b${q}.${s}`).join(', ')});`),
    ...COMPONENTS.flatMap((s, i) =>
      rows.map((r) => `    c${r} = fma(${splat(`a${groupOf(r)}.${s}`, laneOf(r))}, bt${i}, c${r});`),
    ),
    '  }',
    '',
    '  var bv = vec4<f32>(0.0);',
    '  if (HAS_BIAS) {',
    '    for (var q = 0u; q < 4u; q++) { bv[q] = bias[dims.biasOff + min(n + 4u * q, N - 1u)]; }',
    '  }',
    ...rows.map((r) => `  storeT(m0 + ${r}u, n, c${r}, bv);`),
    '}',
  ];
  return o.join('\n');
}

/**
 * lstm_cell_forward_sg4.wgsl's main4: 4·rowGroups batch rows × 16 units, lane l owning units j0+4l …
 * j0+4l+3 (all four gates, a vec4 accumulator per row and gate). Per 4 steps of k: 16 vec4 loads of U,
 * rowGroups of h[t-1] (broadcast), 64·rowGroups vec4 FMAs; then cell4 per row.
 */
export function forwardMain4(rowGroups: number): string {
  const rows = range(LANES * rowGroups);
  const groups = range(rowGroups);
  const gates = ['i', 'f', 'g', 'o'];
  const hRows = groups.map((g) => (g === 0 ? 'b0+l' : `b0+${LANES * g}+l`));
  const hRowList = hRows.length > 1 ? `${hRows.slice(0, -1).join(', ')} and ${hRows.at(-1)}` : hRows[0];
  const uOffsets = ['', ' + H4', ' + 2u * H4', ' + 3u * H4'];
  const o = [
    ...entry('main4'),
    '  let B = dims.B;',
    '  let H = dims.H;',
    '  let H4 = H / 4u;',
    '  let t = ts.t;',
    `  let j4 = wg.x * ${LANES}u + lane; // this lane's vec4 of units`,
    '  let ju = min(j4, H4 - 1u); // clamped: duplicates are computed, never stored',
    `  let b0 = wg.y * ${rows.length}u;`,
    ...rows.map((r) => `  ${gates.map((x) => `var ${x}${r} = vec4<f32>(0.0);`).join(' ')}`),
    '  if (t > 0u) { // h[-1] = 0: nothing to add at the first step',
    `    // Rows ${hRowList} of h[t-1] (slot t), clamped like the units.`,
    ...groups.map((g) => {
      const row = g === 0 ? 'b0 + lane' : `b0 + ${LANES * g}u + lane`;
      return `    let h${g}At = ((t * B + min(${row}, B - 1u)) * H - dims.sBase) / 4u;`;
    }),
    '    let uAt = dims.uOff / 4u + ju;',
    '    for (var k4 = 0u; k4 < H4; k4++) {',
    ...groups.map((g) => `      let hv${g} = h4[h${g}At + k4];`),
    ...COMPONENTS.flatMap((_, s) => [
      `      let ro${s} = uAt + (4u * k4 + ${s}u) * H; // row k of U: 4H floats, H vec4s`,
      ...gates.map((x, i) => `      let u${x}${s} = params4[ro${s}${uOffsets[i]}];`),
    ]),
    ...COMPONENTS.flatMap((c, s) =>
      rows.flatMap((r) => [
        `      let x${s}_${r} = ${splat(`hv${groupOf(r)}.${c}`, laneOf(r))};`,
        ...gates.map((x) => `      ${x}${r} = fma(x${s}_${r}, u${x}${s}, ${x}${r});`),
      ]),
    ),
    '    }',
    '  }',
    '',
    '  if (j4 >= H4) { return; }',
    ...rows.map((r) => `  cell4(t, b0 + ${r}u, j4, ${gates.map((x) => `${x}${r}`).join(', ')});`),
    '}',
  ];
  return o.join('\n');
}

/**
 * lstm_cell_backward_sg4.wgsl's main4: 4·rowGroups batch rows × 16 units, lane l owning units j0+4l …
 * j0+4l+3. Per 4 steps of k (of 4H): 4 vec4 loads of Uᵀ, rowGroups of dZ[t+1] (broadcast), 16·rowGroups
 * vec4 FMAs; then cellBack4 per row.
 */
export function backwardMain4(rowGroups: number): string {
  const rows = range(LANES * rowGroups);
  const groups = range(rowGroups);
  const uOffsets = ['', ' + H4', ' + 2u * H4', ' + 3u * H4'];
  const o = [
    ...entry('main4'),
    '  let B = dims.B;',
    '  let H4 = dims.H / 4u; // vec4s per row of H; a row of 4H holds H of them',
    '  let H = dims.H;',
    '  let t = ts.t;',
    `  let j4 = wg.x * ${LANES}u + lane; // this lane's vec4 of units`,
    '  let ju = min(j4, H4 - 1u); // clamped: duplicates are computed, never stored',
    `  let b0 = wg.y * ${rows.length}u;`,
    ...rows.map((r) => `  var a${r} = vec4<f32>(0.0);`),
    '  if (t + 1u < dims.T) {',
    ...groups.map(
      (g) =>
        `    let z${g}At = ((t + 1u) * B + min(b0 + ${LANES * g}u + lane, B - 1u)) * H - dims.gBase / 4u;`,
    ),
    '    for (var k4 = 0u; k4 < H; k4++) { // 4H steps of k, 4 at a time',
    '      let uo = 4u * k4 * H4 + ju;',
    ...COMPONENTS.map((_, s) => `      let u${s} = uT4[uo${uOffsets[s]}];`),
    ...groups.map((g) => `      let z${g} = gz4[z${g}At + k4];`),
    ...COMPONENTS.flatMap((c, s) =>
      rows.map((r) => `      a${r} = fma(${splat(`z${groupOf(r)}.${c}`, laneOf(r))}, u${s}, a${r});`),
    ),
    '    }',
    '  }',
    '',
    '  if (j4 >= H4) { return; }',
    ...rows.map((r) => `  cellBack4(t, b0 + ${r}u, j4, a${r});`),
    '}',
  ];
  return o.join('\n');
}
