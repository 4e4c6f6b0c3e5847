import { describe, expect, it } from 'vitest';
import {
  anomalyOfRow,
  climateNormalC,
  TEMPERATURE_ANOMALY,
  temperatureAnomalyC,
} from '../../../shared/features/weather-index.js';

/** The day-of-year columns as buildFeatures writes them (doy is the fraction of the year). */
const doyColumns = (dayOfYear: number) => {
  const doy = dayOfYear / 365.25;
  return { doySin: Math.sin(2 * Math.PI * doy), doyCos: Math.cos(2 * Math.PI * doy) };
};

describe('temperatureAnomalyC', () => {
  it('is the temperature minus the normal of its day of year and hour, over the whole year', () => {
    for (const dayOfYear of [0, 15, 100, 182.625, 196, 300, 365]) {
      for (const hour of [0, 4, 16, 23]) {
        const { doySin, doyCos } = doyColumns(dayOfYear);
        const normal = climateNormalC(dayOfYear, hour);
        expect(temperatureAnomalyC(normal, doySin, doyCos, hour)).toBeCloseTo(0, 9);
        expect(temperatureAnomalyC(normal + 3.5, doySin, doyCos, hour)).toBeCloseTo(3.5, 9);
      }
    }
    // The documented example: mid-year, 16:00.
    expect(temperatureAnomalyC(20, Math.sin(Math.PI), Math.cos(Math.PI), 16)).toBeCloseTo(
      20 - climateNormalC(182.625, 16),
      9,
    );
  });

  it('takes the season out: a July afternoon at 29 °C and a January night at 1 °C are both near normal', () => {
    const july = doyColumns(196);
    const january = doyColumns(15);
    expect(Math.abs(temperatureAnomalyC(29, july.doySin, july.doyCos, 16))).toBeLessThan(0.5);
    expect(Math.abs(temperatureAnomalyC(1, january.doySin, january.doyCos, 4))).toBeLessThan(0.5);
  });
});

describe('anomalyOfRow', () => {
  const columns = ['localHour', 'doySin', 'doyCos', 'temperatureC', 'levelWh'];
  const { doySin, doyCos } = doyColumns(100);
  const data = Float32Array.from([
    ...[10, doySin, doyCos, climateNormalC(100, 10) + 2, 500],
    ...[22, doySin, doyCos, climateNormalC(100, 22) - 4, 500],
  ]);

  it('reads the columns it needs by name, row by row', () => {
    const x = { columns, data, nCols: 5 };
    expect(anomalyOfRow(x, 0)).toBeCloseTo(2, 4); // Float32 storage
    expect(anomalyOfRow(x, 1)).toBeCloseTo(-4, 4);
    expect(TEMPERATURE_ANOMALY).toBe('temperatureAnomalyC');
  });

  it('is NaN when a column is missing or the row is out of range', () => {
    expect(anomalyOfRow({ columns: ['temperatureC'], data: [20], nCols: 1 }, 0)).toBeNaN();
    expect(anomalyOfRow({ columns, data, nCols: 5 }, 2)).toBeNaN();
  });
});
