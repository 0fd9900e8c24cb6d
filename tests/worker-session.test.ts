// The training worker's logic (WorkerSession) driven through its typed protocol in Node, on the CPU
// backend: load → plan → train (with pause/resume) → results → export → import → same predictions.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { RunConfigInput } from '../src/model/config.ts';
import { parseModelFile } from '../src/model/model-file.ts';
import type { FromWorker, ToWorker } from '../src/worker/protocol.ts';
import { WorkerSession } from '../src/worker/session.ts';

const CO2 = readFileSync(new URL('../public/data/co2-concentration.csv', import.meta.url));
const SEATTLE = readFileSync(new URL('../public/data/seattle-weather.csv', import.meta.url));

function open(webgpu = false) {
  const inbox: FromWorker[] = [];
  const session = new WorkerSession(
    (m) => inbox.push(m),
    async () => {
      throw new Error('no GPU in this test');
    },
  );
  const send = (m: ToWorker) => session.handle(m);
  const last = <T extends FromWorker['type']>(type: T) =>
    inbox.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type).at(-1);
  return { session, inbox, send, last, webgpu };
}

const bytes = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

const co2Config: RunConfigInput = {
  data: { features: ['CO2'], targets: ['CO2'], time: 'Date', window: 12, valSplit: 0.2, testSplit: 0.1 },
  model: { task: 'regression', layers: [{ units: 8 }], loss: 'mse' },
  training: { epochs: 2, batchSize: 64, optimizer: { kind: 'adam', lr: 0.01 } },
};

describe('worker session', () => {
  it('falls back to the CPU with a reason, loads, plans, trains, exports and re-imports', async () => {
    const w = open();
    await w.send({ type: 'init', webgpu: true });
    const backend = w.last('backend');
    expect(backend?.info).toEqual({ kind: 'cpu', reason: 'no GPU in this test' });

    await w.send({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
    const loaded = w.last('csv-loaded');
    expect(loaded?.dataset.rows).toBe(741);
    expect(loaded?.summary.time?.column).toBe('Date');

    await w.send({ type: 'plan', req: 2, data: co2Config.data as never, task: 'regression' });
    const plan = w.last('plan')?.plan;
    expect(plan).toBeDefined();
    expect(plan!.train + plan!.val + plan!.test).toBe(741 - 12);
    expect(plan!.val).toBe(Math.floor((741 - 12) * 0.2));

    // Pause right after training starts; nothing trains until resume. Enough epochs that the run cannot end
    // before the pause arrives (2 took under 20 ms on the CPU backend's SIMD kernels and raced it).
    const epochs = 30;
    const config = { ...co2Config, training: { ...co2Config.training, epochs } };
    const run = w.send({ type: 'train', req: 3, config: config as never, resume: false });
    while (!w.last('train-started')) await new Promise((r) => setTimeout(r, 0));
    await w.send({ type: 'pause' });
    await new Promise((r) => setTimeout(r, 30));
    expect(w.last('paused')?.paused).toBe(true);
    const epochsWhilePaused = w.inbox.filter((m) => m.type === 'epoch').length;
    await new Promise((r) => setTimeout(r, 30));
    expect(w.inbox.filter((m) => m.type === 'epoch').length).toBe(epochsWhilePaused);
    await w.send({ type: 'resume' });
    await run;
    expect(w.last('paused')?.paused).toBe(false);
    const done = w.last('train-done')?.done;
    expect(done?.stopReason).toBe('completed');
    expect(done?.history.loss.length).toBe(epochs);
    expect(w.inbox.filter((m) => m.type === 'epoch').length).toBe(epochs);
    expect(w.inbox.some((m) => m.type === 'progress' && m.progress.points.length > 0)).toBe(true);
    const results = w.last('results');
    expect(results?.message).toBeNull();
    const splits = results!.results!.splits;
    expect(splits.map((s) => s.split)).toEqual(['validation', 'test']);
    expect(splits[0].regression![0].rmse).toBeGreaterThan(0);
    expect(splits[0].regression![0].steps[0].pred.length).toBe(plan!.val);
    // CO2 → CO2: rolled forward month by month past the last row (2020-04-01).
    const forecast = results!.results!.forecast!;
    expect(forecast.method).toBe('recursive');
    expect(forecast.regression![0].labels.slice(0, 3)).toEqual(['2020-05-01', '2020-06-01', '2020-07-01']);
    expect(forecast.regression![0].values.length).toBe(24);
    expect(forecast.regression![0].values.every((v) => v > 300 && v < 500)).toBe(true);

    await w.send({ type: 'export', req: 4, what: 'model' });
    const exported = w.last('exported');
    expect(exported?.what).toBe('model');
    const modelText = exported!.files[0].data as string;
    expect(exported!.files.map((f) => f.filename)).toEqual(['model.json']);
    const parsed = parseModelFile(modelText);
    expect(parsed.file.preprocessing.window).toBe(12);

    await w.send({ type: 'export', req: 5, what: 'predictions' });
    const csv = (w.last('exported')!.files[0].data as string).split('\n');
    expect(csv[0]).toBe('window_end,target_row,Date,CO2,CO2_true');
    expect(csv.length - 2).toBe(741 - 12 + 1); // every window, including the last (future) one

    // The TensorFlow.js export: model.json naming weights.bin, and the weights' bytes.
    await w.send({ type: 'export', req: 6, what: 'tfjs' });
    const tfjs = w.last('exported')!;
    expect(tfjs.files.map((f) => f.filename)).toEqual(['model.json', 'weights.bin']);
    const manifest = JSON.parse(tfjs.files[0].data as string).weightsManifest[0];
    expect(manifest.paths).toEqual(['weights.bin']);
    const floats = manifest.weights.reduce(
      (n: number, x: { shape: number[] }) => n + x.shape.reduce((a, b) => a * b, 1),
      0,
    );
    expect((tfjs.files[1].data as ArrayBuffer).byteLength).toBe(4 * floats);

    // A fresh worker imports the file and predicts the same values.
    const v = open();
    await v.send({ type: 'init', webgpu: false });
    await v.send({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
    await v.send({ type: 'import-model', req: 2, name: 'model.json', text: modelText });
    expect(v.last('model')?.model?.source).toBe('imported');
    expect(v.last('results')?.results?.fingerprint).toEqual(results!.results!.fingerprint);

    // ... and can keep training from the imported weights.
    await v.send({ type: 'train', req: 3, config: parsed.file.config, resume: true });
    expect(v.last('train-done')?.done.history.loss.length).toBe(2 * epochs);
  });

  it('a bad file reports an error and keeps the previous data; a bad model file names the path', async () => {
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    await w.send({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
    const bad = new TextEncoder().encode('a,b\n1,2\n3\n').buffer as ArrayBuffer;
    await w.send({ type: 'load-csv', req: 2, name: 'bad.csv', bytes: bad, persist: false });
    const err = w.last('error');
    expect(err?.op).toBe('load-csv');
    expect(err?.message).toMatch(/row|column|field/i);
    await w.send({ type: 'plan', req: 3, data: co2Config.data as never, task: 'regression' });
    expect(w.last('plan')?.plan.rows).toBe(741);

    await w.send({ type: 'import-model', req: 4, name: 'x.json', text: '{"format":"nope"}' });
    expect(w.last('error')?.message).toMatch(/format/);

    // Without IndexedDB (Node) a saved session is simply not there; the error says so and nothing is lost.
    await w.send({ type: 'restore-data', req: 5, name: 'gone.csv' });
    expect(w.last('error')).toMatchObject({ op: 'load-csv', req: 5 });
    expect(w.last('error')?.message).toMatch(/gone/);
    await w.send({ type: 'plan', req: 6, data: co2Config.data as never, task: 'regression' });
    expect(w.last('plan')?.plan.rows).toBe(741);
  });

  it('a diverging run stops with a message, keeps finite weights and can resume from them', async () => {
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    await w.send({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
    const wild = {
      ...co2Config,
      data: { ...co2Config.data, scale: 'none' },
      training: { epochs: 5, batchSize: 64, clipNorm: null, optimizer: { kind: 'sgd', lr: 10 } },
    };
    await w.send({ type: 'train', req: 2, config: wild as never, resume: false });
    const done = w.last('train-done')!.done;
    expect(done.stopReason).toBe('non-finite');
    expect(done.message).toMatch(/Kept the weights/);
    expect(w.last('model')?.model).not.toBeNull();
    const tame = { ...wild, training: { ...wild.training, optimizer: { kind: 'sgd', lr: 1e-9 }, epochs: 1 } };
    await w.send({ type: 'train', req: 3, config: tame as never, resume: true });
    const again = w.last('train-done')!.done;
    expect(again.history.loss.length).toBe(done.history.loss.length + 1);
    expect(Number.isFinite(again.history.loss.at(-1))).toBe(true);
  });

  it('a continued imported model counts epochs from its first: the message, the batch points, the epochs', async () => {
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    await w.send({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
    await w.send({ type: 'train', req: 2, config: co2Config as never, resume: false });
    expect(w.last('train-done')?.done.message).toBe('Trained 2 epochs.');
    await w.send({ type: 'export', req: 3, what: 'model' });
    const modelText = w.last('exported')!.files[0].data as string;

    // A fresh page imports the 2-epoch model and trains it 1 epoch more: the page shows 3 / 3.
    const v = open();
    await v.send({ type: 'init', webgpu: false });
    await v.send({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
    await v.send({ type: 'import-model', req: 2, name: 'model.json', text: modelText });
    expect(v.last('model')?.model?.epochs).toBe(2);
    const once = { ...co2Config, training: { ...co2Config.training, epochs: 1 } };
    await v.send({ type: 'train', req: 3, config: once as never, resume: true });
    expect(v.last('train-started')?.info).toMatchObject({ startEpoch: 2, epochs: 1 });
    expect(v.last('train-done')?.done.message).toBe('Trained 1 more epoch (3 in all).');
    expect(v.inbox.filter((m) => m.type === 'epoch').map((m) => m.metrics.epoch)).toEqual([3]);
    // The batch losses are drawn on the same axis as the epochs: inside epoch 3, not over epoch 1.
    const xs = v.inbox.flatMap((m) => (m.type === 'progress' ? m.progress.points.map((p) => p.x) : []));
    expect(xs.length).toBeGreaterThan(0);
    expect(xs.every((x) => x > 2 && x <= 3)).toBe(true);
    expect(v.last('model')?.model?.epochs).toBe(3);
  });

  it('plan errors carry their kind (a cell that is not a number) and say plainly when no feature is ticked', async () => {
    const lines = ['t,v'];
    for (let i = 0; i < 60; i++) lines.push(`${i},${i === 30 ? 'n/a?' : i % 7}`);
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    const csv = new TextEncoder().encode(lines.join('\n')).buffer as ArrayBuffer;
    await w.send({ type: 'load-csv', req: 1, name: 'stray.csv', bytes: csv, persist: false });
    const data = { features: ['v'], targets: ['v'], time: 't', window: 4, valSplit: 0.2, testSplit: 0 };
    await w.send({ type: 'plan', req: 2, data: data as never, task: 'regression' });
    // The page offers "treat such cells as missing" for exactly this kind.
    expect(w.last('error')).toMatchObject({ req: 2, op: 'plan', code: 'not-a-number', row: 30, column: 'v' });
    expect(w.last('error')?.message).toMatch(/Row 32, column "v": "n\/a\?" is not a number/);
    await w.send({
      type: 'plan',
      req: 3,
      data: { ...data, invalid: 'missing' } as never,
      task: 'regression',
    });
    const plan = w.last('plan');
    expect(plan?.req).toBe(3);
    expect(plan?.plan.notices.join(' ')).toMatch(/5 of 56 windows touch a missing value/);
    await w.send({ type: 'plan', req: 4, data: { ...data, features: [] } as never, task: 'regression' });
    expect(w.last('error')).toMatchObject({ req: 4, op: 'plan' });
    expect(w.last('error')?.message).toBe(
      'No input feature is ticked: tick at least one column under “Input features” for the model to read.',
    );
    expect(w.last('error')?.code).toBeUndefined();
  });

  it('continuing a model under another differences choice is refused by name; the model stays', async () => {
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    await w.send({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
    const levels = { ...co2Config, training: { ...co2Config.training, epochs: 1 } };
    await w.send({ type: 'train', req: 2, config: levels as never, resume: false });
    const trained = w.last('model')?.model;
    expect(trained).toBeTruthy();
    const changes = { ...levels, data: { ...levels.data, differences: 'all' } };
    await w.send({ type: 'train', req: 3, config: changes as never, resume: true });
    const err = w.last('error');
    expect(err?.req).toBe(3);
    expect(err?.message).toMatch(
      /Differences is "all" but the model being continued was trained with "none"/,
    );
    expect(w.last('model')?.model).toBe(trained);
    // The same choice continues.
    await w.send({ type: 'train', req: 4, config: levels as never, resume: true });
    expect(w.last('train-done')?.done.history.loss).toHaveLength(2);
  });

  it('trains the classification sample and reports accuracy and a confusion matrix', async () => {
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    await w.send({ type: 'load-csv', req: 1, name: 'seattle.csv', bytes: bytes(SEATTLE), persist: false });
    const config = {
      data: {
        features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
        targets: ['weather'],
        time: 'date',
        window: 7,
      },
      model: { task: 'classification', layers: [{ units: 8 }], loss: 'crossentropy' },
      training: { epochs: 1, batchSize: 128 },
    };
    await w.send({ type: 'train', req: 2, config: config as never, resume: false });
    const split = w.last('results')?.results?.splits[0];
    expect(split?.classification?.classes.length).toBe(5);
    const total = split!.classification!.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(split!.windows);
    const next = w.last('results')!.results!.forecast!.classification!;
    expect(next).toHaveLength(1);
    expect(next[0].label).toBe('2016-01-01');
    expect(next[0].p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('cancelling a load stops it and keeps the data loaded before; debug messages need debug mode', async () => {
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    await w.send({ type: 'load-csv', req: 1, name: 'co2.csv', bytes: bytes(CO2), persist: false });
    const lines = ['t,x'];
    for (let i = 0; i < 300_000; i++) lines.push(`${i},${(i % 97) / 7}`);
    const big = new TextEncoder().encode(lines.join('\n')).buffer as ArrayBuffer;
    const loading = w.send({ type: 'load-csv', req: 2, name: 'big.csv', bytes: big, persist: false });
    // The loader yields to the event loop while it reads, so the cancel gets through mid-file.
    await new Promise((r) => setTimeout(r, 5));
    await w.send({ type: 'cancel-load', req: 2 });
    await loading;
    expect(w.last('error')).toMatchObject({
      req: 2,
      op: 'load-csv',
      message: expect.stringMatching(/cancelled/),
    });
    expect(w.inbox.some((m) => m.type === 'csv-loaded' && m.req === 2)).toBe(false);
    await w.send({ type: 'plan', req: 3, data: co2Config.data as never, task: 'regression' });
    expect(w.last('plan')?.plan.rows).toBe(741);
    // Cancelling another (finished) request does nothing.
    await w.send({ type: 'cancel-load', req: 1 });
    await w.send({ type: 'plan', req: 4, data: co2Config.data as never, task: 'regression' });
    expect(w.last('plan')?.plan.rows).toBe(741);

    // Without debug at init, debug-lose-device is refused (a warning), and nothing changes.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await w.send({ type: 'debug-lose-device' });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ignored/));
    warn.mockRestore();
    await w.send({
      type: 'train',
      req: 5,
      config: { ...co2Config, training: { epochs: 1 } } as never,
      resume: false,
    });
    expect(w.last('train-done')?.done.stopReason).toBe('completed');
  });

  it('trains, evaluates and forecasts the chosen stacked series; all series count every one', async () => {
    // north ≈ 10, south ≈ 100, written interleaved; south has more rows and a later end.
    const lines = ['time,station,temp'];
    for (let i = 0; i < 60; i++) {
      const t = new Date(Date.UTC(2024, 0, 1, i)).toISOString();
      if (i < 40) lines.push(`${t},north,${10 + (i % 5)}`);
      lines.push(`${t},south,${100 + (i % 7)}`);
    }
    const csv = new TextEncoder().encode(`${lines.join('\n')}\n`).buffer as ArrayBuffer;
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    await w.send({ type: 'load-csv', req: 1, name: 'stations.csv', bytes: csv, persist: false });
    expect(w.last('csv-loaded')?.summary.series).toMatchObject({ column: 'station', count: 2 });
    const data = {
      features: ['temp'],
      targets: ['temp'],
      time: 'time',
      window: 4,
      valSplit: 0.2,
      testSplit: 0,
      series: { column: 'station', value: 'north' },
    };
    const windows = async (req: number, value: string | null) => {
      await w.send({
        type: 'plan',
        req,
        data: { ...data, series: { column: 'station', value } } as never,
        task: 'regression',
      });
      const p = w.last('plan')!.plan;
      return p.train + p.val + p.test;
    };
    // Windows of 4 rows plus 1 to predict, stride 1: rows − 4 per series, none across the boundary.
    expect(await windows(2, 'north')).toBe(40 - 4);
    expect(await windows(3, 'south')).toBe(60 - 4);
    expect(await windows(4, null)).toBe(40 - 4 + 60 - 4);

    const config = {
      data,
      model: { task: 'regression', layers: [{ units: 4 }], loss: 'mse' },
      training: { epochs: 1, batchSize: 16, optimizer: { kind: 'adam', lr: 0.01 } },
    };
    await w.send({ type: 'train', req: 5, config: config as never, resume: false });
    expect(w.last('train-started')?.info.trainWindows).toBe(36 - Math.floor(36 * 0.2));
    const results = w.last('results')?.results;
    const reg = results?.splits[0].regression?.[0];
    expect(results?.splits[0].windows).toBe(Math.floor(36 * 0.2));
    // Every truth shown is a north reading (10 … 14, to 1e-4: scaled and unscaled in float32), never a
    // south one (100 … 106).
    const north = (v: number) => v > 10 - 1e-4 && v < 14 + 1e-4;
    expect(reg?.steps[0].truth.every(north)).toBe(true);
    expect(reg?.steps[0].labels.at(-1)).toBe('2024-01-02T15:00:00Z');
    // The forecast continues north's end (its last hour is 39), not the file's last series.
    const f = results?.forecast?.regression?.[0];
    expect(f?.past.every(north)).toBe(true);
    expect(f?.pastLabels.at(-1)).toBe('2024-01-02T15:00:00Z');
    expect(f?.labels[0]).toBe('2024-01-02T16:00:00Z');

    // Exported predictions cover the chosen series only: one row per north window end
    await w.send({ type: 'export', req: 6, what: 'predictions' });
    const text = String(w.last('exported')?.files[0].data);
    const rows = text.trim().split('\n').slice(1);
    // (the last window, whose target is past the end, is predicted too).
    expect(rows.length).toBe(40 - 4 + 1);
  });

  it('re-reads ambiguous dates in the order asked, and a failed re-read keeps the data', async () => {
    const lines = ['date,value'];
    for (let k = 0; k < 24; k++)
      lines.push(`01/${String((k % 12) + 1).padStart(2, '0')}/${2024 + Math.floor(k / 12)},${k}`);
    const csv = new TextEncoder().encode(`${lines.join('\n')}\n`).buffer as ArrayBuffer;
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    // Nothing loaded: nothing to re-read.
    await w.send({ type: 'reread-csv', req: 1, dateOrder: 'mdy', categorical: [] });
    expect(w.last('error')).toMatchObject({
      req: 1,
      op: 'load-csv',
      message: expect.stringMatching(/No data/),
    });

    await w.send({ type: 'load-csv', req: 2, name: 'dates.csv', bytes: csv, persist: false });
    const first = w.last('csv-loaded')!;
    expect(first.dataset.notices.some((n) => /could be day\/month\/year/.test(n))).toBe(true);
    // Every month's 1st: day/month/year keeps them in order as well as month/day/year, and is preferred.
    expect(first.summary.time).toMatchObject({ first: '2024-01-01', last: '2025-12-01' });
    expect(first.dataset.columns[0]).toMatchObject({ kind: 'time', format: 'dmy' });

    await w.send({ type: 'reread-csv', req: 3, dateOrder: 'mdy', categorical: [] });
    const mdy = w.last('csv-loaded')!;
    expect(mdy.req).toBe(3);
    expect(mdy.dataset.columns[0]).toMatchObject({ kind: 'time', format: 'mdy' });
    const ms = (d: typeof mdy) => {
      const c = d.dataset.columns[0];
      return c.kind === 'time' ? [c.ms[0], c.ms[c.ms.length - 1]] : [];
    };
    expect(ms(mdy)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 12)]);
    // The bytes stay with the session: back to day/month/year.
    await w.send({ type: 'reread-csv', req: 4, dateOrder: 'dmy', categorical: [] });
    expect(ms(w.last('csv-loaded')!)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2025, 11, 1)]);
  });
  it('reads class codes as labels (classes, one-hot inputs), refuses a column of too many values, and a model that read them so predicts once they are read so again', async () => {
    // x: a wave; code: class codes 0/1/2 with one stray word; price: 60 different values.
    const lines = ['t,x,code,price'];
    for (let i = 0; i < 60; i++)
      lines.push(`${i},${Math.sin(i / 4).toFixed(3)},${i === 20 ? 'x?' : i % 3},${100 + i * 1.5}`);
    const csv = () => new TextEncoder().encode(`${lines.join('\n')}\n`).buffer as ArrayBuffer;
    const w = open();
    await w.send({ type: 'init', webgpu: false });
    await w.send({ type: 'load-csv', req: 1, name: 'codes.csv', bytes: csv(), persist: false });
    expect(w.last('csv-loaded')!.dataset.columns[2]).toMatchObject({ kind: 'numeric', invalid: 1 });
    const data = {
      features: ['x', 'code'],
      targets: ['x'],
      time: 't',
      window: 4,
      valSplit: 0.2,
      testSplit: 0,
    };
    await w.send({ type: 'plan', req: 2, data: data as never, task: 'regression' });
    // The stray word's message names the fix the page now offers, in both spellings.
    expect(w.last('error')?.message).toMatch(
      /Row 22, column "code": "x\?" is not a number\. .*read the column as labels .*categorical: \["code"\], --categorical code/,
    );

    await w.send({ type: 'reread-csv', req: 3, dateOrder: null, categorical: ['code'] });
    const labelled = w.last('csv-loaded')!;
    expect(labelled.req).toBe(3);
    expect(labelled.dataset.columns[2]).toMatchObject({ kind: 'categorical', levels: ['0', '1', '2', 'x?'] });
    await w.send({ type: 'plan', req: 4, data: data as never, task: 'regression' });
    expect(w.last('plan')?.plan.features).toEqual(['x', 'code=0', 'code=1', 'code=2', 'code=x?']);

    // A column of too many values is refused by name; the data read before stays.
    await w.send({ type: 'reread-csv', req: 5, dateOrder: null, categorical: ['code', 'price'] });
    expect(w.last('error')).toMatchObject({
      req: 5,
      op: 'load-csv',
      code: 'too-many-levels',
      column: 'price',
    });
    expect(w.last('error')?.message).toMatch(
      /Column "price" holds 60 different values, too many to read as labels/,
    );
    expect(w.last('csv-loaded')?.req).toBe(3);

    // The labels are classes.
    const training = { epochs: 1, batchSize: 16 };
    const classify = {
      data: { ...data, features: ['x'], targets: ['code'], categorical: ['code'] },
      model: { task: 'classification', layers: [{ units: 4 }], loss: 'crossentropy' },
      training,
    };
    await w.send({ type: 'train', req: 6, config: classify as never, resume: false });
    expect(w.last('results')?.results?.splits[0].classification?.classes).toEqual(['0', '1', '2', 'x?']);

    // One-hot inputs: the model file keeps the choice, and a model that read the column as labels asks for
    // it by name on data that reads it as numbers, then predicts once it is read as labels again.
    const regress = {
      data: { ...data, categorical: ['code'] },
      model: { task: 'regression', layers: [{ units: 4 }], loss: 'mse' },
      training,
    };
    await w.send({ type: 'train', req: 7, config: regress as never, resume: false });
    const fingerprint = w.last('results')?.results?.fingerprint;
    expect(fingerprint).toBeTruthy();
    await w.send({ type: 'export', req: 8, what: 'model' });
    const modelText = w.last('exported')!.files[0].data as string;
    expect(parseModelFile(modelText).file.config.data.categorical).toEqual(['code']);
    const v = open();
    await v.send({ type: 'init', webgpu: false });
    await v.send({ type: 'load-csv', req: 1, name: 'codes.csv', bytes: csv(), persist: false });
    await v.send({ type: 'import-model', req: 2, name: 'model.json', text: modelText });
    expect(v.last('model')?.model?.config.data.categorical).toEqual(['code']);
    // The import shows the model on the loaded data at once: here it says which column to read as labels.
    const refused = v.last('results')!;
    expect(refused.results).toBeNull();
    expect(refused.message).toMatch(
      /The feature "code=0" is a one-hot input of column "code" read as labels, but "code" is read as numbers here\. Read it as labels/,
    );
    await v.send({ type: 'reread-csv', req: 4, dateOrder: null, categorical: ['code'] });
    await v.send({ type: 'predict', req: 5 });
    expect(v.last('results')?.results?.fingerprint).toEqual(fingerprint);
  });
});
