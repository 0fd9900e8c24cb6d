// Optimizer settings and the exact update rules both backends follow. We follow PyTorch's definitions
// (torch.optim): Adam/AdamW put epsilon outside the bias-corrected sqrt, RMSprop keeps epsilon outside
// the sqrt, SGD momentum accumulates the raw gradient (dampening 0) with optional Nesterov.

export type OptimizerKind = 'sgd' | 'rmsprop' | 'adam' | 'adamw';

export interface OptimizerConfig {
  kind: OptimizerKind;
  lr: number;
  /** SGD momentum (0 = plain SGD); RMSprop momentum is not supported. */
  momentum: number;
  nesterov: boolean;
  /** RMSprop smoothing constant (PyTorch `alpha`, Keras `rho`). */
  rho: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** L2 penalty folded into the gradient (sgd, rmsprop, adam) or decoupled decay (adamw). */
  weightDecay: number;
}

export const OPTIMIZER_DEFAULTS: Record<OptimizerKind, OptimizerConfig> = {
  sgd: {
    kind: 'sgd',
    lr: 0.01,
    momentum: 0,
    nesterov: false,
    rho: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0,
  },
  rmsprop: {
    kind: 'rmsprop',
    lr: 0.001,
    momentum: 0,
    nesterov: false,
    rho: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0,
  },
  adam: {
    kind: 'adam',
    lr: 0.001,
    momentum: 0,
    nesterov: false,
    rho: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0,
  },
  adamw: {
    kind: 'adamw',
    lr: 0.001,
    momentum: 0,
    nesterov: false,
    rho: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.01,
  },
};

/** Number of state slots per parameter (m, v). */
export function optimizerSlots(kind: OptimizerKind): number {
  return kind === 'adam' || kind === 'adamw' ? 2 : 1;
}

/** PyTorch clip_grad_norm_: scale = min(1, maxNorm / (norm + 1e-6)). */
export function clipScale(norm: number, clipNorm: number | null): number {
  if (clipNorm === null || !(clipNorm > 0)) return 1;
  return Math.min(1, clipNorm / (norm + 1e-6));
}

/**
 * One update of every parameter, in place. `step` counts from 1. `g` is already clipped (scaled).
 * This is the reference the WGSL optimizer kernel (optimizer.wgsl) mirrors line by line.
 */
export function optimizerUpdate(
  cfg: OptimizerConfig,
  lr: number,
  step: number,
  p: Float32Array | Float64Array,
  gradient: Float32Array | Float64Array,
  gscale: number,
  s0: Float32Array | Float64Array,
  s1: Float32Array | Float64Array | null,
): void {
  const n = p.length;
  const wd = cfg.weightDecay;
  switch (cfg.kind) {
    case 'sgd': {
      const mu = cfg.momentum;
      for (let i = 0; i < n; i++) {
        let g = gradient[i] * gscale + wd * p[i];
        if (mu !== 0) {
          // PyTorch starts the buffer at g; s0 starts at 0, so mu * 0 + g is the same.
          const b = mu * s0[i] + g;
          s0[i] = b;
          g = cfg.nesterov ? g + mu * b : b;
        }
        p[i] -= lr * g;
      }
      return;
    }
    case 'rmsprop': {
      const a = cfg.rho;
      for (let i = 0; i < n; i++) {
        const g = gradient[i] * gscale + wd * p[i];
        const v = a * s0[i] + (1 - a) * g * g;
        s0[i] = v;
        p[i] -= (lr * g) / (Math.sqrt(v) + cfg.epsilon);
      }
      return;
    }
    case 'adam':
    case 'adamw': {
      const { beta1: b1, beta2: b2, epsilon: eps } = cfg;
      const bc1 = 1 - b1 ** step;
      const bc2 = 1 - b2 ** step;
      const m1 = s1 as Float32Array | Float64Array;
      for (let i = 0; i < n; i++) {
        let g = gradient[i] * gscale;
        if (cfg.kind === 'adam') g += wd * p[i];
        else p[i] *= 1 - lr * wd;
        const m = b1 * s0[i] + (1 - b1) * g;
        const v = b2 * m1[i] + (1 - b2) * g * g;
        s0[i] = m;
        m1[i] = v;
        p[i] -= ((lr / bc1) * m) / (Math.sqrt(v) / Math.sqrt(bc2) + eps);
      }
      return;
    }
  }
}
