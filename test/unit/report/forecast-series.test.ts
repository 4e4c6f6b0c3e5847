import { describe, expect, it } from 'vitest';
import { localDayBoundsUtc } from '../../../shared/calendar/zone.js';
import { InvalidInputError } from '../../../shared/errors.js';
import {
  createFleetTotals,
  createSupplySeries,
  type ForecastRow,
  gridHours,
  hourGrid,
  slotOf,
} from '../../../shared/report/forecast-series.js';

const HOUR = 3_600_000;
const A = 'ES0031000000001000ZZ';
const B = 'ES0031000000001037ZZ';

function row(cups: string, hourEnd: number, wh: number): ForecastRow {
  return { cups, hourEnd, wh, p10: wh * 0.5, p90: wh * 2 };
}

describe('hourGrid', () => {
  it.each([
    ['2025-03-30', 23],
    ['2025-06-10', 24],
    ['2025-10-26', 25],
  ])('gives %s its %i hours', (day, hours) => {
    expect(hourGrid(day, day).hours).toBe(hours);
  });

  it('spans several days, a DST change included, hour by hour', () => {
    const grid = hourGrid('2025-10-25', '2025-10-27');
    const hours = gridHours(grid);

    expect(grid.hours).toBe(24 + 25 + 24);
    expect(hours[0]).toBe(localDayBoundsUtc('2025-10-25', 'Europe/Madrid')[0] + HOUR);
    expect(hours.at(-1)).toBe(localDayBoundsUtc('2025-10-27', 'Europe/Madrid')[1]);
  });

  it.each([
    ['2025-10-27', '2025-10-25', /starts after it ends/],
    ['2025-13-01', '2025-13-02', /not two YYYY-MM-DD days/],
  ])('refuses %s..%s', (from, to, message) => {
    expect(() => hourGrid(from, to)).toThrow(InvalidInputError);
    expect(() => hourGrid(from, to)).toThrow(message);
  });
});

describe('slotOf', () => {
  it('places hour-ending instants and refuses the rest', () => {
    const grid = hourGrid('2025-06-10', '2025-06-10');

    expect(slotOf(grid, grid.startMs + HOUR)).toBe(0);
    expect(slotOf(grid, grid.startMs + 24 * HOUR)).toBe(23);
    expect(slotOf(grid, grid.startMs)).toBe(-1);
    expect(slotOf(grid, grid.startMs + 25 * HOUR)).toBe(-1);
    expect(slotOf(grid, grid.startMs + HOUR + 1)).toBe(-1);
  });
});

describe('createFleetTotals', () => {
  const grid = hourGrid('2025-06-10', '2025-06-10');
  const h1 = grid.startMs + HOUR;
  const h2 = grid.startMs + 2 * HOUR;

  it('sums forecasts and quantiles per stage and hour', () => {
    const fleet = createFleetTotals(grid);
    fleet.add('prod', row(A, h1, 100), 90);
    fleet.add('prod', row(B, h1, 300), 330);
    fleet.add('pre', row(A, h1, 110), 90);

    const result = fleet.result();

    expect(result.stages.prod?.wh[0]).toBe(400);
    expect(result.stages.prod?.p10[0]).toBe(200);
    expect(result.stages.prod?.p90[0]).toBe(800);
    expect(result.stages.prod?.actualWh[0]).toBe(420);
    expect(result.stages.pre?.wh[0]).toBe(110);
    expect(result.stages.pre?.actualWh[0]).toBe(90);
    expect(result.supplies).toEqual({ prod: 2, pre: 1 });
    expect(result.hourEnd).toHaveLength(24);
  });

  it('shows no fleet actual for an hour until every forecast supply has its reading', () => {
    const fleet = createFleetTotals(grid);
    fleet.add('prod', row(A, h1, 100), 90);
    fleet.add('prod', row(B, h1, 300), undefined);
    fleet.add('prod', row(A, h2, 100), 95);

    const prod = fleet.result().stages.prod;

    expect(prod?.wh[0]).toBe(400);
    expect(prod?.actualWh[0]).toBeNull();
    expect(prod?.actualWh[1]).toBe(95);
    expect(prod?.wh[2]).toBeNull();
  });

  it('ignores rows outside the period and leaves absent stages out', () => {
    const fleet = createFleetTotals(grid);
    fleet.add('prod', row(A, grid.startMs, 100), 90);

    expect(fleet.result().stages).toEqual({});
  });
});

describe('createSupplySeries', () => {
  const grid = hourGrid('2025-06-10', '2025-06-10');

  it('keeps the chosen supplies in the given order, null where nothing was forecast', () => {
    const series = createSupplySeries(grid, [
      { cups: B, prodAbsErrorWh: 50 },
      { cups: A, prodAbsErrorWh: null },
    ]);
    series.add('prod', row(A, grid.startMs + HOUR, 123.456), 100.04);
    series.add('prod', row('ES0031000000009999ZZ', grid.startMs + HOUR, 1), 1);

    const [b, a] = series.result();

    expect(series.wants(A)).toBe(true);
    expect(series.wants('ES0031000000009999ZZ')).toBe(false);
    expect(b?.cups).toBe(B);
    expect(b?.stages).toEqual({});
    expect(b?.prodAbsErrorWh).toBe(50);
    expect(a?.stages.prod?.wh.slice(0, 2)).toEqual([123.5, null]);
    expect(a?.stages.prod?.actualWh[0]).toBe(100);
    expect(a?.hourEnd).toHaveLength(24);
  });
});
