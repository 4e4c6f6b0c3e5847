import { describe, expect, it } from 'vitest';
import {
  isSummerTime,
  localDayBoundsUtc,
  localDayOf,
  localDayOfHourEnd,
  offsetHours,
  summerWindowUtc,
} from '../../../shared/calendar/zone.js';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('summerWindowUtc', () => {
  it.each([
    // EU rule: last Sunday of March and of October, 01:00 UTC (Directive 2000/84/EC).
    [2021, '2021-03-28T01:00:00.000Z', '2021-10-31T01:00:00.000Z'],
    [2024, '2024-03-31T01:00:00.000Z', '2024-10-27T01:00:00.000Z'],
    [2025, '2025-03-30T01:00:00.000Z', '2025-10-26T01:00:00.000Z'],
  ])('gives the %i change instants', (year, start, end) => {
    const [s, e] = summerWindowUtc(year);
    expect([iso(s), iso(e)]).toEqual([start, end]);
  });
});

describe('isSummerTime and offsetHours', () => {
  it('switch exactly at 01:00 UTC', () => {
    const start = Date.UTC(2024, 2, 31, 1);
    expect(isSummerTime(start - 1)).toBe(false);
    expect(isSummerTime(start)).toBe(true);
    expect(offsetHours(start, 'Europe/Madrid')).toBe(2);
    expect(offsetHours(start - H, 'Atlantic/Canary')).toBe(0);
  });
});

describe('localDayBoundsUtc', () => {
  it.each([
    ['2024-03-31', 'Europe/Madrid', '2024-03-30T23:00:00.000Z', 23],
    ['2024-10-27', 'Europe/Madrid', '2024-10-26T22:00:00.000Z', 25],
    ['2024-07-01', 'Europe/Madrid', '2024-06-30T22:00:00.000Z', 24],
    ['2024-10-27', 'Atlantic/Canary', '2024-10-26T23:00:00.000Z', 25],
    ['2024-01-10', 'Atlantic/Canary', '2024-01-10T00:00:00.000Z', 24],
  ] as const)('bounds %s in %s', (day, zone, start, hours) => {
    const [s, e] = localDayBoundsUtc(day, zone);

    expect(iso(s)).toBe(start);
    expect((e - s) / H).toBe(hours);
  });

  it('refuses a malformed day', () => {
    expect(() => localDayBoundsUtc('2024/01/01', 'Europe/Madrid')).toThrow(RangeError);
  });
});

describe('localDayOf / localDayOfHourEnd', () => {
  it('puts the hour ending at local midnight in the day before', () => {
    const midnight = Date.UTC(2024, 6, 1, 22); // 2024-07-02 00:00 CEST
    expect(localDayOf(midnight, 'Europe/Madrid')).toBe('2024-07-02');
    expect(localDayOfHourEnd(midnight, 'Europe/Madrid')).toBe('2024-07-01');
  });
});
