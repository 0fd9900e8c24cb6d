// The app's store without a browser: the slices' actions and the one handler for the worker's messages
// (receive). The worker is replaced by a recorder of what the page sends it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../src/data/csv.ts';
import type { DatasetSummary } from '../src/data/summary.ts';
import type { FromWorker, ToWorker } from '../src/worker/protocol.ts';

const sent: ToWorker[] = [];
vi.mock('../src/ui/worker-client.ts', () => {
  let seq = 0;
  return {
    startWorker: () => {},
    nextReq: () => ++seq,
    send: (msg: ToWorker) => sent.push(msg),
  };
});

const { receive, useAppStore } = await import('../src/ui/store.ts');
const { openFile } = await import('../src/ui/open-file.ts');
const initial = useAppStore.getState();
const get = useAppStore.getState;

beforeEach(() => {
  useAppStore.setState(initial, true);
  sent.length = 0;
});
afterEach(() => vi.useRealTimers());

const table = { rows: 10, columns: [] } as unknown as Dataset;
const summary = { notices: [], time: null } as unknown as DatasetSummary;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('config slice', () => {
  it('adds, moves and removes layers; the last layer never keeps a normalization', () => {
    const s = get();
    expect(get().config.model.layers.map((l) => l.units)).toEqual([32]);
    s.addLayer();
    s.addLayer();
    expect(get().config.model.layers.map((l) => l.units)).toEqual([32, 16, 8]);
    s.setLayer(1, { norm: 'batch' });
    s.moveLayer(1, 1); // the normalized layer becomes the last one: its norm goes
    expect(get().config.model.layers.map((l) => [l.units, l.norm])).toEqual([
      [32, 'none'],
      [8, 'none'],
      [16, 'none'],
    ]);
    s.moveLayer(0, -1); // out of range: nothing moves
    expect(get().config.model.layers[0].units).toBe(32);
    s.removeLayer(0);
    s.removeLayer(0);
    s.removeLayer(0); // never fewer than one layer
    expect(get().config.model.layers.map((l) => l.units)).toEqual([16]);
    for (let i = 0; i < 5; i++) s.addLayer();
    expect(get().config.model.layers.at(-1)?.units).toBe(4); // halving stops at 4 units
  });

  it('a task switch picks its loss and keeps one target for classification', () => {
    get().setData({ targets: ['a', 'b'] });
    get().setModel({ task: 'classification' });
    expect(get().config.model.loss).toBe('crossentropy');
    expect(get().config.data.targets).toEqual(['a']);
    get().setModel({ task: 'regression' });
    expect(get().config.model.loss).toBe('mse');
    get().setOptimizer({ kind: 'sgd', lr: 0.1 });
    get().setEarlyStopping({ patience: 0 });
    expect(get().config.training.optimizer).toMatchObject({ kind: 'sgd', lr: 0.1, beta1: 0.9 });
    expect(get().config.training.earlyStopping).toMatchObject({ patience: 0, restoreBest: true });
  });
});

describe('data slice and loading', () => {
  it('shows progress for its own request only, and cancel keeps the data loaded before', async () => {
    useAppStore.setState({ dataset: { source: { kind: 'file', name: 'old.csv' }, table, summary } });
    const bytes = new ArrayBuffer(8);
    get().loadBytes('big.csv', bytes);
    const load = sent.at(-1) as Extract<ToWorker, { type: 'load-csv' }>;
    expect(load).toMatchObject({ type: 'load-csv', name: 'big.csv', persist: true });
    const req = load.req;
    receive({ type: 'csv-progress', req: req + 1, done: 9, total: 10, rows: 9 });
    expect(get().loading).toMatchObject({ fraction: 0, rows: 0 });
    receive({ type: 'csv-progress', req, done: 25, total: 100, rows: 1000 });
    expect(get().loading).toMatchObject({ fraction: 0.25, rows: 1000 });
    get().cancelLoad();
    expect(sent.at(-1)).toEqual({ type: 'cancel-load', req });
    expect(get().loading).toBeNull();
    // Whatever the worker still sends for the cancelled load changes nothing.
    receive({ type: 'csv-progress', req, done: 50, total: 100, rows: 2000 });
    receive({
      type: 'error',
      req,
      op: 'load-csv',
      message: 'Loading was cancelled',
      row: null,
      column: null,
    });
    receive({ type: 'csv-loaded', req, name: 'big.csv', dataset: table, summary });
    expect(get().loading).toBeNull();
    expect(get().dataError).toBeNull();
    expect(get().dataset?.source).toEqual({ kind: 'file', name: 'old.csv' });
  });

  it('a failed load reports why and keeps the previous dataset', () => {
    useAppStore.setState({ dataset: { source: { kind: 'file', name: 'old.csv' }, table, summary } });
    get().loadBytes('bad.csv', new ArrayBuffer(4));
    const { req } = sent.at(-1) as Extract<ToWorker, { type: 'load-csv' }>;
    receive({
      type: 'error',
      req,
      op: 'load-csv',
      message: 'Row 3: 2 fields, expected 3.',
      row: 2,
      column: null,
    });
    expect(get().dataError).toBe('Row 3: 2 fields, expected 3.');
    expect(get().dataset?.source).toEqual({ kind: 'file', name: 'old.csv' });
  });

  it('a file given to the page (dropped, or picked with “Open CSV…”) is a model when it is .json', async () => {
    openFile(new File(['{"format":"webgpu-lstm.model"}'], 'model.json'));
    openFile(new File(['{"format":"webgpu-lstm.model"}'], 'exported', { type: 'application/json' }));
    openFile(new File(['t,v\n1,2\n'], 'data.csv', { type: 'text/csv' }));
    for (let i = 0; i < 20 && sent.length < 3; i++) await tick();
    // Reading a file is asynchronous: the messages come in any order.
    expect(sent.map((m) => [m.type, 'name' in m ? m.name : null]).sort()).toEqual([
      ['import-model', 'exported'],
      ['import-model', 'model.json'],
      ['load-csv', 'data.csv'],
    ]);
  });

  it('plans are taken only for the latest request', () => {
    useAppStore.setState({ planReq: 7 });
    const plan = { features: ['x'], classes: null, rows: 10, train: 5, val: 2, test: 1, notices: [] };
    receive({ type: 'plan', req: 6, plan: { ...plan, train: 99 } });
    expect(get().plan.state).toBe('idle');
    receive({ type: 'plan', req: 7, plan });
    expect(get().plan).toEqual({ state: 'ok', plan });
    receive({ type: 'error', req: 7, op: 'plan', message: 'too short', row: null, column: null });
    expect(get().plan).toEqual({ state: 'error', message: 'too short' });
    // A data problem's kind and column come along, for the fixes the page offers.
    receive({
      type: 'error',
      req: 7,
      op: 'plan',
      message: 'not a number',
      row: 3,
      column: 'v',
      code: 'not-a-number',
    });
    expect(get().plan).toEqual({
      state: 'error',
      message: 'not a number',
      code: 'not-a-number',
      column: 'v',
    });
  });
});

describe('training slice', () => {
  const info = {
    backend: { kind: 'cpu', reason: 'test' },
    epochs: 3,
    batches: 4,
    batchSize: 8,
    trainWindows: 32,
    valWindows: 8,
    paramCount: 100,
    startEpoch: 0,
  } as const;
  const progress = (req: number, batch: number, loss: number): FromWorker => ({
    type: 'progress',
    req,
    progress: {
      epoch: 1,
      batch,
      batches: 4,
      samplesPerSec: 100,
      etaSec: 3,
      points: [{ x: (batch + 1) / 4, loss }],
    },
  });

  it('starts once, merges progress per frame, draws new points at most once a second, ends with a reason', async () => {
    get().startTraining(false);
    get().startTraining(false); // a second press while starting sends nothing
    const trains = sent.filter((m) => m.type === 'train');
    expect(trains).toHaveLength(1);
    const req = (trains[0] as Extract<ToWorker, { type: 'train' }>).req;
    expect(get().run.state).toBe('starting');
    receive({ type: 'train-started', req, info });
    expect(get().run.state).toBe('running');

    vi.useFakeTimers({ toFake: ['performance'] });
    vi.setSystemTime(0);
    vi.advanceTimersByTime(5000);
    receive(progress(req, 0, 1.0));
    receive(progress(req, 1, 0.9)); // same frame: merged
    await Promise.resolve();
    expect(get().run.batch).toBe(1);
    expect(get().batchPoints.map((p) => p.loss)).toEqual([1.0, 0.9]);
    // 100 ms later: the figures move, the curve waits (at most one chart update a second).
    vi.advanceTimersByTime(100);
    receive(progress(req, 2, 0.8));
    await Promise.resolve();
    expect(get().run.batch).toBe(2);
    expect(get().batchPoints).toHaveLength(2);
    // An epoch's end always goes through, with the points that waited.
    receive({
      type: 'epoch',
      req,
      metrics: {
        epoch: 1,
        epochs: 3,
        loss: 0.8,
        valLoss: 0.9,
        lr: 0.01,
        ms: 10,
        samplesPerSec: 3200,
        improved: true,
      },
    });
    await Promise.resolve();
    expect(get().batchPoints.map((p) => p.loss)).toEqual([1.0, 0.9, 0.8]);
    expect(get().epochs).toEqual([{ epoch: 1, loss: 0.8, valLoss: 0.9, lr: 0.01 }]);
    // Messages of another run are ignored.
    receive(progress(req + 100, 3, 5));
    await Promise.resolve();
    expect(get().run.batch).toBe(2);

    get().pauseTraining();
    expect(sent.at(-1)).toEqual({ type: 'pause' });
    receive({ type: 'paused', req, paused: true });
    expect(get().run.state).toBe('paused');
    get().stopTraining();
    expect(get().run.state).toBe('stopping');
    receive({
      type: 'train-done',
      req,
      done: {
        stopReason: 'device-error',
        message: 'The GPU stopped working during epoch 2. Kept the weights of epoch 1.',
        bestEpoch: 1,
        history: { loss: [0.8], valLoss: [0.9], lr: [0.01], epochMs: [10] },
      },
    });
    expect(get().run).toMatchObject({ state: 'done', stopReason: 'device-error', etaSec: null });
    expect(get().predicting).toBe(true); // the kept weights' predictions are on their way
  });

  it('a long run keeps a bounded batch history that holds every spike and dip, evenly along the run', async () => {
    get().startTraining(false);
    const { req } = sent.at(-1) as Extract<ToWorker, { type: 'train' }>;
    receive({ type: 'train-started', req, info: { ...info, epochs: 20, batches: 1000 } });
    // 20 epochs of 1,000 batches, 100 points per progress message, as the worker sends them; the loss
    // wobbles around 1 with one spike (batch 7,777) and one dip (batch 13,333), each a single batch.
    const SPIKE = 7777;
    const DIP = 13_333;
    const loss = (i: number) => (i === SPIKE ? 50 : i === DIP ? 1e-4 : 1 + 0.1 * Math.sin(i * 0.7));
    let longest = 0;
    for (let epoch = 1; epoch <= 20; epoch++) {
      for (let first = 0; first < 1000; first += 100) {
        const points = Array.from({ length: 100 }, (_, k) => {
          const i = (epoch - 1) * 1000 + first + k;
          return { x: i / 1000 + 0.001, loss: loss(i) };
        });
        const p = { epoch, batch: first + 99, batches: 1000, samplesPerSec: 1, etaSec: 1, points };
        receive({ type: 'progress', req, progress: p });
        receive({
          type: 'epoch',
          req,
          metrics: {
            epoch,
            epochs: 20,
            loss: 1,
            valLoss: null,
            lr: 0.01,
            ms: 1,
            samplesPerSec: 1,
            improved: true,
          },
        });
        await Promise.resolve();
        longest = Math.max(longest, get().batchPoints.length);
      }
    }
    const kept = get().batchPoints;
    expect(longest).toBeLessThanOrEqual(1200);
    expect(kept.find((p) => p.loss === 50)?.x).toBeCloseTo(SPIKE / 1000 + 0.001, 9);
    expect(kept.find((p) => p.loss === 1e-4)?.x).toBeCloseTo(DIP / 1000 + 0.001, 9);
    expect(kept.every((p, k) => k === 0 || p.x > kept[k - 1].x)).toBe(true);
    // Even along the run: every epoch keeps at least 10 points, none more than twice another.
    const perEpoch = Array.from(
      { length: 20 },
      (_, e) => kept.filter((p) => Math.ceil(p.x) === e + 1).length,
    );
    expect(Math.min(...perEpoch)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...perEpoch)).toBeLessThanOrEqual(2 * Math.min(...perEpoch));
  });

  it('a run that cannot start says why', () => {
    get().startTraining(false);
    const { req } = sent.at(-1) as Extract<ToWorker, { type: 'train' }>;
    receive({ type: 'error', req, op: 'train', message: 'No data is loaded yet.', row: null, column: null });
    expect(get().run).toMatchObject({ state: 'failed', message: 'No data is loaded yet.' });
  });
});

describe('runs slice', () => {
  it('knows the data the held model learned from: this data alone, or nothing to claim', () => {
    const model = { source: 'trained', history: { loss: [], valLoss: [], lr: [] } } as never;
    const on = (name: string, rows: number) =>
      useAppStore.setState({
        dataset: { source: { kind: 'file', name }, table: { ...table, rows }, summary } as never,
      });
    const train = (resume: boolean) => {
      get().startTraining(resume);
      receive({ type: 'model', model });
      useAppStore.setState({ run: { ...get().run, state: 'done' } });
    };
    on('a.csv', 10);
    train(false);
    expect(get().trainedOn).toBe('file:a.csv:10');
    // Continued on the same data: still that data alone; on another file: it has seen both.
    train(true);
    expect(get().trainedOn).toBe('file:a.csv:10');
    on('b.csv', 10);
    train(true);
    expect(get().trainedOn).toBeNull();
    // A new model on b: b alone. An imported model: nothing known.
    train(false);
    expect(get().trainedOn).toBe('file:b.csv:10');
    useAppStore.setState({ importing: true });
    receive({ type: 'model', model: { ...(model as object), config: get().config } as never });
    expect(get().trainedOn).toBeNull();
  });

  it('"Use" on a past run takes its settings and says which', () => {
    const config = { ...get().config, training: { ...get().config.training, epochs: 7 } };
    useAppStore.setState({ runs: [{ id: 4, config } as never] });
    get().applyRunSettings(4);
    expect(get().config.training.epochs).toBe(7);
    // The test table has no columns: the run's data settings stay out, and the line says why.
    expect(get().runSettingsNote).toMatch(/^Run #4's model and training settings are in use/);
    get().applyRunSettings(99); // no such run: nothing changes
    expect(get().config.training.epochs).toBe(7);
  });

  it('ticks runs for comparison and forgets deleted ones', async () => {
    useAppStore.setState({
      runs: [1, 2, 3].map((id) => ({ id }) as never),
    });
    get().toggleCompare(1);
    get().toggleCompare(3);
    get().toggleCompare(1);
    expect(get().compare).toEqual([3]);
    get().removeRun(3);
    await tick();
    expect(get().runs.map((r) => r.id)).toEqual([1, 2]);
    expect(get().compare).toEqual([]);
  });
});

describe('date order re-read', () => {
  const source = { kind: 'file', name: 'dates.csv' } as const;
  const loaded = (req: number, t: Dataset): FromWorker => ({
    type: 'csv-loaded',
    req,
    name: 'dates.csv',
    dataset: t,
    summary,
  });

  it('asks the worker for a re-read; the config takes the order only when it worked', () => {
    useAppStore.setState({ dataset: { source, table, summary } });
    get().setData({ window: 7, dateOrder: null });
    get().rereadDates('mdy');
    const msg = sent.at(-1);
    expect(msg).toMatchObject({ type: 'reread-csv', dateOrder: 'mdy' });
    expect(get().loading?.reread).toMatchObject({ failed: 'The dates could not be read in that order' });
    expect(get().config.data.dateOrder).toBeNull(); // not before the worker answers
    const other = { ...table } as Dataset;
    receive(loaded((msg as { req: number }).req, other));
    expect(get().dataset?.table).toBe(other);
    expect(get().config.data.dateOrder).toBe('mdy');
    expect(get().config.data.window).toBe(7); // everything else stays as the user set it
    expect(get().loading).toBeNull();
  });

  it('a failed re-read keeps the data and the order, and says so', () => {
    useAppStore.setState({ dataset: { source, table, summary } });
    get().rereadDates('dmy');
    const req = (sent.at(-1) as { req: number }).req;
    receive({ type: 'error', req, op: 'load-csv', message: 'Boom.', row: null, column: null });
    expect(get().dataset?.table).toBe(table);
    expect(get().config.data.dateOrder).toBeNull();
    expect(get().dataError).toMatch(/dates could not be read in that order.*data stays.*Boom\./);
    // Nothing to re-read without data, and no second re-read while one is going.
    useAppStore.setState({ dataset: null });
    const before = sent.length;
    get().rereadDates('mdy');
    expect(sent.length).toBe(before);
  });

  it('a saved session loads its file with the saved order', () => {
    const config = { ...get().config, data: { ...get().config.data, dateOrder: 'mdy' as const } };
    get().restoreFile('dates.csv', config);
    expect(sent.at(-1)).toMatchObject({ type: 'restore-data', name: 'dates.csv', dateOrder: 'mdy' });
  });
});

describe('importing a model whose date order differs from the loaded data', () => {
  /** Monthly dates, day first, every part ≤ 12: the loader reads them one way and could read the other. */
  const dates = [
    'date,value',
    ...Array.from(
      { length: 24 },
      (_, k) => `01/${String((k % 12) + 1).padStart(2, '0')}/${2024 + Math.floor(k / 12)},${k}`,
    ),
  ].join('\n');
  const source = { kind: 'file', name: 'dates.csv' } as const;

  function imported(order: 'dmy' | 'mdy' | null): FromWorker {
    const config = { ...get().config, data: { ...get().config.data, window: 5, dateOrder: order } };
    return {
      type: 'model',
      model: {
        source: 'imported',
        name: 'other.json',
        config,
        features: ['value'],
        targets: ['value'],
        classes: null,
        window: 5,
        horizon: 1,
        paramCount: 10,
        history: { loss: [1], valLoss: [null], lr: [0.01] },
        epochs: 1,
      },
    };
  }

  async function loaded(): Promise<Dataset> {
    const { parseCsv } = await import('../src/data/csv.ts');
    const t = parseCsv(dates);
    const col = t.columns.find((c) => c.name === 'date');
    expect(col?.kind === 'time' && col.format).toBe('dmy'); // the loader's reading: rows in time order
    useAppStore.setState({ dataset: { source, table: t, summary } });
    get().setData({ time: 'date', dateOrder: null });
    return t;
  }

  it('re-reads the loaded file in the model’s order; the config takes it when that works', async () => {
    await loaded();
    get().importModel(new File(['{}'], 'other.json'));
    await tick();
    sent.length = 0;
    receive(imported('mdy'));
    const reread = sent.find((m) => m.type === 'reread-csv');
    expect(reread).toMatchObject({ type: 'reread-csv', dateOrder: 'mdy' });
    // Everything else of the model's config applies at once; the order only once the worker read it so.
    expect(get().config.data.window).toBe(5);
    expect(get().config.data.dateOrder).toBeNull();
    expect(get().model?.name).toBe('other.json');
    const { parseCsv } = await import('../src/data/csv.ts');
    const other = parseCsv(dates, { dateOrder: 'mdy' });
    receive({
      type: 'csv-loaded',
      req: (reread as { req: number }).req,
      name: 'dates.csv',
      dataset: other,
      summary,
    });
    expect(get().dataset?.table).toBe(other);
    expect(get().config.data.dateOrder).toBe('mdy');
    expect(get().config.data.window).toBe(5);
    // The model is shown on the data as now read.
    expect(sent.at(-1)).toMatchObject({ type: 'predict' });
  });

  it('keeps the data as it was, and says why, when the file cannot be read in the model’s order', async () => {
    const t = await loaded();
    get().importModel(new File(['{}'], 'other.json'));
    await tick();
    receive(imported('mdy'));
    const req = (sent.find((m) => m.type === 'reread-csv') as { req: number }).req;
    receive({ type: 'error', req, op: 'load-csv', message: 'Row 3: no month 13.', row: 3, column: 'date' });
    expect(get().dataset?.table).toBe(t);
    expect(get().config.data.dateOrder).toBeNull();
    expect(get().model?.name).toBe('other.json'); // the model stays imported
    expect(get().dataError).toMatch(/other\.json.*month\/day\/year.*data stays as it was.*no month 13/);
  });

  it('reads nothing again when the data is already read the model’s way, or has no such dates', async () => {
    await loaded();
    get().importModel(new File(['{}'], 'other.json'));
    await tick();
    receive(imported('dmy'));
    expect(sent.some((m) => m.type === 'reread-csv')).toBe(false);
    expect(get().config.data.dateOrder).toBe('dmy');
    useAppStore.setState({
      dataset: { source, table, summary },
      config: { ...get().config, data: { ...get().config.data, dateOrder: null } },
    });
    get().importModel(new File(['{}'], 'other.json'));
    await tick();
    receive(imported('mdy'));
    expect(sent.some((m) => m.type === 'reread-csv')).toBe(false);
    expect(get().config.data.dateOrder).toBe('mdy');
  });
});

describe('reading a number column as labels', () => {
  /** 60 rows: x (a wave), cls (class codes 0/1/2), price (60 different values). */
  const csv = [
    't,x,cls,price',
    ...Array.from({ length: 60 }, (_, i) => `${i},${Math.sin(i / 4).toFixed(3)},${i % 3},${100 + i * 1.5}`),
  ].join('\n');
  const source = { kind: 'file', name: 'codes.csv' } as const;

  async function loaded(categorical?: string[]): Promise<Dataset> {
    const { parseCsv } = await import('../src/data/csv.ts');
    const t = parseCsv(csv, categorical ? { categorical } : {});
    useAppStore.setState({ dataset: { source, table: t, summary } });
    get().adoptDataset(t, source);
    get().setData({ window: 6, ...(categorical ? { categorical } : {}) });
    return t;
  }

  const rereadSent = () =>
    sent.filter((m) => m.type === 'reread-csv').at(-1) as Extract<ToWorker, { type: 'reread-csv' }>;

  it('re-reads the file with the column as labels; a class target makes the task classification once that worked', async () => {
    await loaded();
    get().setData({ targets: ['cls'], features: ['x', 'cls'] });
    expect(get().config.model.task).toBe('regression');
    get().readAsLabels('cls', true);
    const msg = rereadSent();
    expect(msg).toMatchObject({ type: 'reread-csv', categorical: ['cls'], dateOrder: null });
    // Nothing changes before the worker answers.
    expect(get().config.data.categorical).toBeUndefined();
    expect(get().config.model.task).toBe('regression');
    const { parseCsv } = await import('../src/data/csv.ts');
    const relabelled = parseCsv(csv, { categorical: ['cls'] });
    receive({ type: 'csv-loaded', req: msg.req, name: 'codes.csv', dataset: relabelled, summary });
    const { data, model } = get().config;
    expect(get().dataset?.table).toBe(relabelled);
    expect(data.categorical).toEqual(['cls']);
    expect(model).toMatchObject({ task: 'classification', loss: 'crossentropy' });
    expect(data.targets).toEqual(['cls']);
    // The class is no longer an input; the other choices stay as the user set them.
    expect(data.features).toEqual(['x']);
    expect(data.window).toBe(6);
    expect(get().labelsError).toBeNull();
  });

  it('a labels feature stays a feature (one-hot) and the task stays; back to numbers keeps the task', async () => {
    await loaded(['cls']);
    get().setModel({ task: 'classification' });
    get().setData({ targets: ['cls'], features: ['x'] });
    get().readAsLabels('cls', false);
    const msg = rereadSent();
    expect(msg.categorical).toEqual([]);
    const { parseCsv } = await import('../src/data/csv.ts');
    receive({ type: 'csv-loaded', req: msg.req, name: 'codes.csv', dataset: parseCsv(csv), summary });
    // Numeric class codes are classes too: the user's classification stays.
    expect(get().config.data).not.toHaveProperty('categorical');
    expect(get().config.model.task).toBe('classification');
    expect(get().config.data.targets).toEqual(['cls']);

    get().setModel({ task: 'regression' });
    get().setData({ targets: ['x'], features: ['x', 'cls'] });
    get().readAsLabels('cls', true);
    receive({
      type: 'csv-loaded',
      req: rereadSent().req,
      name: 'codes.csv',
      dataset: parseCsv(csv, { categorical: ['cls'] }),
      summary,
    });
    expect(get().config.model.task).toBe('regression');
    expect(get().config.data).toMatchObject({ targets: ['x'], features: ['x', 'cls'], categorical: ['cls'] });
  });

  it('a column with too many different values is refused at once, saying how many; nothing changes', async () => {
    const t = await loaded();
    const config = get().config;
    const model = { name: 'held.json' } as unknown as NonNullable<ReturnType<typeof get>['model']>;
    useAppStore.setState({ model });
    const before = sent.length;
    get().readAsLabels('price', true);
    expect(sent.length).toBe(before); // no re-read
    expect(get().labelsError).toMatch(
      /Column "price" holds 60 different values, too many to read as labels \(at most 32.*keep this column as numbers/,
    );
    expect(get().dataset?.table).toBe(t);
    expect(get().config).toBe(config);
    expect(get().model).toBe(model);
  });

  it('a failed re-read keeps the data, the config and the model, and says what failed and why', async () => {
    const t = await loaded();
    const config = get().config;
    const model = { name: 'held.json' } as unknown as NonNullable<ReturnType<typeof get>['model']>;
    useAppStore.setState({ model });
    get().readAsLabels('cls', true);
    receive({
      type: 'error',
      req: rereadSent().req,
      op: 'load-csv',
      message: 'Column "cls" holds 40 different values, too many to read as labels.',
      row: null,
      column: 'cls',
      code: 'too-many-levels',
    });
    expect(get().labelsError).toMatch(
      /^Column "cls" could not be read as labels, so the data stays as it was\. Column "cls" holds 40/,
    );
    expect(get().dataError).toBeNull();
    expect(get().loading).toBeNull();
    expect(get().dataset?.table).toBe(t);
    expect(get().config).toBe(config);
    expect(get().model).toBe(model);
  });

  it('the choice is saved with the config: a saved session and a sample read their columns as labels again', () => {
    const config = { ...get().config, data: { ...get().config.data, categorical: ['cls'] } };
    get().restoreFile('codes.csv', config);
    expect(sent.at(-1)).toMatchObject({ type: 'restore-data', name: 'codes.csv', categorical: ['cls'] });
  });

  it('a new file starts with every number column read as numbers', async () => {
    await loaded(['cls']);
    const { parseCsv } = await import('../src/data/csv.ts');
    get().adoptDataset(parseCsv(csv), { kind: 'file', name: 'other.csv' });
    expect(get().config.data).not.toHaveProperty('categorical');
  });

  it('an imported model that reads a column as labels re-reads the loaded file so; a failure names the model', async () => {
    const t = await loaded();
    get().importModel(new File(['{}'], 'codes-model.json'));
    await tick();
    sent.length = 0;
    const modelConfig = {
      ...get().config,
      data: { ...get().config.data, targets: ['cls'], features: ['x'], categorical: ['cls'] },
      model: { ...get().config.model, task: 'classification' as const, loss: 'crossentropy' as const },
    };
    receive({
      type: 'model',
      model: {
        source: 'imported',
        name: 'codes-model.json',
        config: modelConfig,
        features: ['x'],
        targets: ['cls'],
        classes: ['0', '1', '2'],
        window: 6,
        horizon: 1,
        paramCount: 10,
        history: { loss: [1], valLoss: [null], lr: [0.01] },
        epochs: 1,
      },
    });
    const msg = rereadSent();
    expect(msg).toMatchObject({ categorical: ['cls'] });
    // The model's other settings apply at once; its labels only once the file is read so.
    expect(get().config.model.task).toBe('classification');
    expect(get().config.data).not.toHaveProperty('categorical');
    receive({ type: 'error', req: msg.req, op: 'load-csv', message: 'Boom.', row: null, column: null });
    expect(get().dataError).toMatch(
      /^The model “codes-model\.json” reads "cls" as labels, but this file cannot be read that way, so the data stays as it was\. Boom\./,
    );
    expect(get().dataset?.table).toBe(t);
    expect(get().model?.name).toBe('codes-model.json');
  });
});
