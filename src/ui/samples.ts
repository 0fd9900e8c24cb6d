// The sample datasets bundled in public/data (see public/data/README.md for sources and licenses).

export interface SampleDataset {
  id: string;
  file: string;
  title: string;
  description: string;
  task: 'regression' | 'classification';
  timeColumn: string;
  target: string;
  /** Numeric columns drawn in the preview chart. */
  chartColumns: string[];
  unit: string;
  /** Window length the sample starts with (rows per input sequence). */
  window: number;
  /**
   * First differences the sample starts with: CO₂'s trend leaves the training range, so a model of
   * levels cannot follow it and loses to persistence; on changes it beats persistence (docs/data.md).
   */
  differences: 'none' | 'target' | 'all';
  source: { name: string; url: string };
  license: { name: string; url: string };
}

export const SAMPLES: readonly SampleDataset[] = [
  {
    id: 'co2',
    file: 'co2-concentration.csv',
    title: 'Mauna Loa CO₂',
    description:
      'Monthly atmospheric CO₂ at Mauna Loa Observatory, Hawaii, 1958–2020: the raw reading and the ' +
      'seasonally adjusted value. Forecast next month’s CO₂ from the last window of months.',
    task: 'regression',
    timeColumn: 'Date',
    target: 'CO2',
    chartColumns: ['CO2', 'adjusted CO2'],
    unit: 'ppm',
    window: 24,
    differences: 'all',
    source: {
      name: 'Scripps CO₂ Program (Scripps Institution of Oceanography)',
      url: 'https://scrippsco2.ucsd.edu/data/atmospheric_co2/primary_mlo_co2_record',
    },
    license: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  },
  {
    id: 'seattle-weather',
    file: 'seattle-weather.csv',
    title: 'Seattle weather',
    description:
      'Daily weather in Seattle, 2012–2015: precipitation, temperatures, wind and a weather label. ' +
      'Classify tomorrow’s weather (drizzle, rain, snow, sun, fog) from the days before.',
    task: 'classification',
    timeColumn: 'date',
    target: 'weather',
    chartColumns: ['temp_max', 'temp_min'],
    unit: '°C',
    window: 14,
    differences: 'none',
    source: {
      name: 'NOAA National Climatic Data Center',
      url: 'https://www.ncdc.noaa.gov/cdo-web/datatools/records',
    },
    license: { name: 'U.S. Government work (public domain)', url: 'https://www.usa.gov/government-works' },
  },
];

export const DEFAULT_SAMPLE_ID = 'co2';

export function findSample(id: string): SampleDataset {
  const sample = SAMPLES.find((s) => s.id === id);
  if (!sample) throw new Error(`Unknown sample dataset "${id}".`);
  return sample;
}

export function sampleUrl(sample: SampleDataset): string {
  return `${import.meta.env.BASE_URL}data/${sample.file}`;
}
