// The LSTM cell's element-wise epilogue, one generator per direction: the gate activations and the cell
// update (forward), and dZ and the carry from dh and dc (backward), for one (batch row, unit) pair
// (width 1, f32) or one vec4 of 4 consecutive units (width 4). Every kernel file that runs it gets the
// function as a generated block (WGSL has no include; files.ts says which), so the plain, tiled and
// subgroup kernels call one text of the arithmetic instead of repeating it, and cannot drift apart (CPU
// twin: lstmForward / lstmBackward in src/model/cpu/lstm.ts). The f32 and vec4 versions differ only in
// names and index arithmetic, not in the float expressions or their order. Each function returns the text
// of one block, without a trailing newline.

type Width = 1 | 4;

/** Names and expressions that differ between the f32 and the vec4 version. */
function view(w: Width) {
  const s = w === 1 ? '' : '4'; // suffix of the vec4 views' names (gates4, c4, …) and of the function
  return {
    s,
    type: w === 1 ? 'f32' : 'vec4<f32>',
    /** The constant v as a value of the version's type. */
    splat: (v: string) => (w === 1 ? v : `vec4<f32>(${v})`),
    /** An element index (a multiple of 4 in the vec4 version) as an index of the version's view. */
    per: (index: string) => (w === 1 ? index : `${index} / 4u`),
    /** What the function's third argument, its unit, is. */
    unit: w === 1 ? 'unit j' : "this lane's 4 units (vec4 index j4 within a row of H)",
  };
}

/**
 * The forward cell update of batch row b at step t (`cell`, `cell4`), given the recurrent pre-activations
 * of the four gates: the activations over `gates`' pre-activations (kept for the backward), c and h of
 * slot t+1. Needs the bindings dims (B, H, gBase, sBase), gates, c and h (or their vec4 views).
 */
export function cellForward(w: Width): string {
  const { s, type, splat, per, unit } = view(w);
  const lo = splat('-15.0');
  const hi = splat('15.0');
  return `// The cell update of batch row b for ${unit},
// given the recurrent pre-activations of the four gates: the activations (kept in gates for the backward),
// c and h of slot t+1. The sigmoid is 1 / (1 + exp(-x)); tanh's argument is clamped because some drivers
// compute tanh through exp and overflow to NaN for large |x| (f32 tanh is ±1 past 15 anyway).
fn cell${s}(t: u32, b: u32, j${s}: u32, ai: ${type}, af: ${type}, ag: ${type}, ao: ${type}) {
  let B = dims.B;
  if (b >= B) { return; }
  let H${s} = ${per('dims.H')};
  let row = t * B + b;
  let zo = row * ${w === 1 ? '4u * dims.H' : 'dims.H'} + j${s} - ${per('dims.gBase')}; // row·4H${w === 1 ? '' : '/4'}
  let sB${s} = ${per('dims.sBase')};
  let ig = 1.0 / (1.0 + exp(-(gates${s}[zo] + ai)));
  let fg = 1.0 / (1.0 + exp(-(gates${s}[zo + H${s}] + af)));
  let gg = tanh(clamp(gates${s}[zo + 2u * H${s}] + ag, ${lo}, ${hi}));
  let og = 1.0 / (1.0 + exp(-(gates${s}[zo + 3u * H${s}] + ao)));
  let cv = fg * c${s}[row * H${s} + j${s} - sB${s}] + ig * gg;
  gates${s}[zo] = ig;
  gates${s}[zo + H${s}] = fg;
  gates${s}[zo + 2u * H${s}] = gg;
  gates${s}[zo + 3u * H${s}] = og;
  let so = (row + B) * H${s} + j${s} - sB${s};
  c${s}[so] = cv;
  h${s}[so] = og * tanh(clamp(cv, ${lo}, ${hi}));
}`;
}

/**
 * The element-wise backward of batch row b at step t (`cellBack`, `cellBack4`), given dZ[t+1]·Uᵀ for its
 * units: dh = dhOut + that, dc from dh and the carry, dZ over `gz`'s activated gates (in place) and the new
 * carry dc ⊙ f. Needs the bindings dims (B, H, gBase, T, sBase), c, dhOut, gz and carry (or their vec4
 * views).
 */
export function cellBackward(w: Width): string {
  const { s, type, splat, per, unit } = view(w);
  return `// The element-wise backward of batch row b for ${unit},
// given dZ[t+1]·Uᵀ for them: dZ over the gates, in place, and the carry.
fn cellBack${s}(t: u32, b: u32, j${s}: u32, acc: ${type}) {
  let B = dims.B;
  if (b >= B) { return; }
  let H${s} = ${per('dims.H')};
  let row = t * B + b;
  let sB${s} = ${per('dims.sBase')};
  let dh = dhOut${s}[row * H${s} + j${s} - sB${s}] + acc;
  let go = row * ${w === 1 ? '4u * dims.H' : 'dims.H'} + j${s} - ${per('dims.gBase')}; // row·4H${w === 1 ? '' : '/4'}
  let ig = gz${s}[go];
  let fg = gz${s}[go + H${s}];
  let gg = gz${s}[go + 2u * H${s}];
  let og = gz${s}[go + 3u * H${s}];
  let tc = tanh(clamp(c${s}[(row + B) * H${s} + j${s} - sB${s}], ${splat('-15.0')}, ${splat('15.0')}));
  let cPrev = c${s}[row * H${s} + j${s} - sB${s}];
  let ci = b * H${s} + j${s};
  let inCarry = select(carry${s}[ci], ${splat('0.0')}, t + 1u == dims.T);
  let dc = dh * og * (1.0 - tc * tc) + inCarry;
  gz${s}[go] = dc * gg * ig * (1.0 - ig);
  gz${s}[go + H${s}] = dc * cPrev * fg * (1.0 - fg);
  gz${s}[go + 2u * H${s}] = dc * ig * (1.0 - gg * gg);
  gz${s}[go + 3u * H${s}] = dh * tc * og * (1.0 - og);
  carry${s}[ci] = dc * fg;
}`;
}
