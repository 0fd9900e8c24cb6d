// A past run's settings brought back (src/ui/run-settings.ts): everything when the data loaded now has
// the run's columns; its model and training only, under the current data settings and task, when not.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.ts';
import { parseRunConfig } from '../src/model/config.ts';
import { runSettings, runSettingsText } from '../src/ui/run-settings.ts';

const table = parseCsv('Date,CO2,adjusted CO2\n2020-01-01,410,409\n2020-02-01,411,410\n');
const current = parseRunConfig({
  data: { features: ['CO2'], targets: ['CO2'], time: 'Date', window: 24 },
  model: { layers: [{ units: 32 }], task: 'regression', loss: 'mse' },
  training: { epochs: 20 },
});

describe('a past run’s settings', () => {
  it('all of them when this file has every column the run read', () => {
    const run = parseRunConfig({
      data: { features: ['CO2', 'adjusted CO2'], targets: ['CO2'], time: 'Date', window: 12, horizon: 3 },
      model: { layers: [{ units: 8 }, { units: 4 }], loss: 'huber' },
      training: { epochs: 5, optimizer: { kind: 'rmsprop', lr: 0.01 } },
    });
    const { config, missing } = runSettings(run, current, table);
    expect(missing).toEqual([]);
    expect(config.data).toEqual({ ...run.data, differences: run.data.differences ?? 'none' });
    expect(config.model).toEqual(run.model);
    expect(config.training).toEqual(run.training);
    expect(runSettingsText(3, missing)).toBe("Run #3's settings are in use.");
  });

  it('model and training only when the run read columns this file lacks; the task stays the data’s', () => {
    const run = parseRunConfig({
      data: { features: ['temp', 'wind'], targets: ['weather'], time: 'date', window: 7 },
      model: { layers: [{ units: 16 }], task: 'classification', loss: 'crossentropy' },
      training: { epochs: 9, batchSize: 64 },
    });
    const { config, missing } = runSettings(run, current, table);
    expect(missing).toEqual(['temp', 'wind', 'weather', 'date']);
    expect(config.data).toEqual(current.data);
    expect(config.model).toEqual({ ...run.model, task: 'regression', loss: 'mse' });
    expect(config.training).toEqual(run.training);
    expect(runSettingsText(1, missing)).toBe(
      'Run #1\'s model and training settings are in use; the data settings stay as they were (the run read "temp", "wind", "weather", "date", which this file lacks).',
    );
    expect(runSettingsText(1, ['a', 'b', 'c', 'd', 'e', 'f'])).toMatch(/"d" and 2 more, which/);
  });

  it('without data loaded, nothing of the data is taken', () => {
    expect(runSettings(current, current, null).missing).toEqual(['CO2', 'Date']);
  });
});
