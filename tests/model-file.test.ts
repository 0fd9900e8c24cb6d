// Model file: export → import → export is byte-identical, weights survive exactly (float32), and bad
// files are refused with the exact path of the problem.
import { describe, expect, it } from 'vitest';
import { float32ToJsonNumber } from '../src/data/float32.ts';
import type { Preprocessing } from '../src/data/prepare.ts';
import { parseRunConfig } from '../src/model/config.ts';
import { initParams } from '../src/model/init.ts';
import { buildLayout } from '../src/model/layout.ts';
import {
  buildModelFile,
  ModelFileError,
  parseModelFile,
  serializeModelFile,
} from '../src/model/model-file.ts';
import { Rng } from '../src/model/random.ts';
import { specFromConfig } from '../src/model/trainer.ts';

function sample(task: 'regression' | 'classification' = 'regression') {
  const config = parseRunConfig({
    data: {
      features: ['a', 'b'],
      targets: task === 'regression' ? ['a', 'c'] : ['label'],
      window: 6,
      horizon: 2,
    },
    model: {
      task,
      layers: [
        { units: 5, norm: 'batch' },
        { units: 4, norm: 'layer' },
        { units: 3, dropout: 0.1 },
      ],
      loss: task === 'regression' ? 'huber' : 'crossentropy',
    },
    training: { epochs: 3 },
  });
  const pre: Preprocessing = {
    features: ['a', 'b'],
    targets: config.data.targets,
    window: 6,
    horizon: 2,
    scaler:
      task === 'regression'
        ? { kind: 'standard', columns: ['a', 'b', 'c'], mean: [0.5, -1, 3], std: [1.5, 2, 0.25] }
        : { kind: 'minmax', columns: ['a', 'b'], min: [0, 1], max: [2, 3] },
    ...(task === 'classification' ? { classes: ['rain', 'sun', 'fog'] } : {}),
  };
  const spec = specFromConfig(config, pre);
  const params = initParams(spec, 4);
  // Non-trivial normalization parameters and moving statistics, so the round trip is a real check.
  for (const e of buildLayout(spec).entries) {
    for (let i = e.offset; i < e.offset + e.size; i++) params[i] += Math.fround(i * 1e-3);
  }
  const history = {
    loss: [1, 0.5, 0.25],
    valLoss: [1.1, 0.6, null],
    lr: [1e-3, 1e-3, 5e-4],
    epochMs: [10, 9, 9],
  };
  return { config, pre, spec, params, history };
}

describe('model file', () => {
  it('shortest float32 decimals parse back to the same float32', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 20000; i++) {
      const x = Math.fround((rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 12 - 6));
      expect(Math.fround(float32ToJsonNumber(x))).toBe(x);
    }
    expect(float32ToJsonNumber(Math.fround(0.1))).toBe(0.1);
  });

  for (const task of ['regression', 'classification'] as const) {
    it(`${task}: export → import → export is byte-identical and keeps every weight`, () => {
      const s = sample(task);
      const text = serializeModelFile(
        buildModelFile({
          config: s.config,
          preprocessing: s.pre,
          spec: s.spec,
          params: s.params,
          history: s.history,
        }),
      );
      const loaded = parseModelFile(text);
      expect(loaded.spec).toEqual(s.spec);
      expect(Array.from(loaded.params)).toEqual(Array.from(s.params));
      const again = serializeModelFile(
        buildModelFile({
          config: loaded.file.config,
          preprocessing: loaded.file.preprocessing as Preprocessing,
          spec: loaded.spec,
          params: loaded.params,
          history: loaded.file.history,
          createdAt: loaded.file.createdAt,
        }),
      );
      expect(again).toBe(text);
      const json = JSON.parse(text);
      expect(json.layers.map((l: { kind: string }) => l.kind)).toEqual([
        'lstm',
        'batchNorm',
        'lstm',
        'layerNorm',
        'lstm',
        'dense',
      ]);
      expect(json.layers[0].kernel.shape).toEqual([2, 20]);
      expect(json.layers[1]).toMatchObject({ size: 5, epsilon: 0.001, momentum: 0.99 });
      expect(json.layers[1].movingVariance.shape).toEqual([5]);
      expect(json.layers[2].returnSequences).toBe(true);
      expect(json.layers[4].returnSequences).toBe(false);
      expect(json.layers[5].activation).toBe(task === 'regression' ? 'linear' : 'softmax');
    });
  }

  const base = () => {
    const s = sample();
    return JSON.parse(
      serializeModelFile(
        buildModelFile({
          config: s.config,
          preprocessing: s.pre,
          spec: s.spec,
          params: s.params,
          history: s.history,
        }),
      ),
    );
  };
  // biome-ignore lint/suspicious/noExplicitAny: the test mutates arbitrary JSON paths
  const refusals: [string, (m: any) => void, RegExp][] = [
    ['not JSON', () => {}, /not a JSON file/],
    ['wrong format', (m) => (m.format = 'keras'), /format: expected "webgpu-lstm.model"/],
    ['newer version', (m) => (m.version = 2), /version 2 is newer/],
    ['NaN-like weight', (m) => (m.layers[0].kernel.data[3] = '1e999'), /layers\[0\]\.kernel\.data\[3\]/],
    [
      'short data',
      (m) => m.layers[2].bias.data.pop(),
      /layers\[2\]\.bias\.data: shape \[16\] needs 16 values, found 15/,
    ],
    [
      'wrong shape',
      (m) => (m.layers[0].kernel.shape = [4, 10]),
      /layers\[0\]\.kernel\.shape: expected \[2,20\]/,
    ],
    ['input chain', (m) => (m.layers[2].inputSize = 4), /layers\[2\]\.inputSize: expected 5/],
    ['norm size', (m) => (m.layers[1].size = 4), /layers\[1\]\.size: expected 5/],
    [
      'norm after norm',
      (m) => m.layers.splice(2, 0, m.layers[1]),
      /layers\[2\]\.kind: a batchNorm layer must directly follow/,
    ],
    [
      'norm after last LSTM',
      (m) => {
        const t = { shape: [3], data: [1, 1, 1] };
        m.layers.splice(5, 0, { kind: 'layerNorm', size: 3, epsilon: 0.001, gamma: t, beta: t });
      },
      /layers\[5\]\.kind: normalization goes between/,
    ],
    ['moving stats shape', (m) => (m.layers[1].movingMean.shape = [6]), /layers\[1\]\.movingMean/],
    ['unexpected key', (m) => (m.layers[0].extra = 1), /layers\[0\].*extra/],
    [
      '__proto__ key',
      (m) => Object.defineProperty(m, '__proto__', { value: { x: 1 }, enumerable: true }),
      /__proto__/,
    ],
    ['head size', (m) => (m.layers[5].units = 3), /layers\[5\]/],
    [
      'scaler stats',
      (m) => m.preprocessing.scaler.std.pop(),
      /preprocessing\.scaler\.std: expected 3 values/,
    ],
  ];
  for (const [name, mutate, pattern] of refusals) {
    it(`refuses ${name} with its path`, () => {
      const m = base();
      mutate(m);
      const text = name === 'not JSON' ? '{"format": ' : JSON.stringify(m).replace('"1e999"', '1e999');
      let err: unknown = null;
      try {
        parseModelFile(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ModelFileError);
      expect((err as Error).message).toMatch(pattern);
    });
  }
});
