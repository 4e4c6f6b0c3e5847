import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayNumber,
  dayRange,
  dayString,
  daysBetween,
  firstOfNextMonth,
  isCalendarDay,
  weekdayOf,
  weekdayOfNumber,
} from '../../../shared/calendar/days.js';
import { InvalidInputError } from '../../../shared/errors.js';

describe('dayNumber and dayString', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2024-01-01', 19723],
    ['2024-02-29', 19782],
  ])('numbers %s as %i and back', (day, n) => {
    expect(dayNumber(day)).toBe(n);
    expect(dayString(n)).toBe(day);
  });

  it('gives NaN for a malformed day, which the other helpers refuse', () => {
    expect(dayNumber('2024-13-01')).toBeNaN();
    expect(() => addDays('2024-13-01', 1)).toThrow(InvalidInputError);
    expect(() => dayRange('2024-01-01', 'soon')).toThrow(InvalidInputError);
    expect(() => weekdayOf('')).toThrow(InvalidInputError);
    expect(() => dayString(Number.NaN)).toThrow(InvalidInputError);
    expect(() => dayString(1.5)).toThrow(InvalidInputError);
  });
});

describe('addDays', () => {
  it('crosses month, leap-day and year ends both ways', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2024-10-27', 0)).toBe('2024-10-27');
  });
});

describe('daysBetween', () => {
  it('counts the days from one day to another, negative backwards', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    expect(() => daysBetween('2024-03-01', '')).toThrow(InvalidInputError);
  });
});

describe('dayRange', () => {
  it('lists both ends and every day between them', () => {
    expect(dayRange('2024-02-28', '2024-03-01')).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(dayRange('2024-03-31', '2024-03-31')).toEqual(['2024-03-31']);
  });

  it('returns nothing when the last day is before the first', () => {
    expect(dayRange('2024-03-02', '2024-03-01')).toEqual([]);
  });
});

describe('weekdayOf and weekdayOfNumber', () => {
  it('counts Monday as 0 and Sunday as 6', () => {
    expect(weekdayOf('2024-01-01')).toBe(0);
    expect(weekdayOf('2024-03-31')).toBe(6);
    expect(weekdayOf('1969-12-28')).toBe(6);
    // 1970-01-01 was a Thursday.
    expect(weekdayOfNumber(0)).toBe(3);
    expect(weekdayOfNumber(-4)).toBe(6);
  });
});

describe('firstOfNextMonth', () => {
  it('rolls over the year', () => {
    expect(firstOfNextMonth('2024-12')).toBe('2025-01-01');
    expect(firstOfNextMonth('2024-02')).toBe('2024-03-01');
  });
});

describe('isCalendarDay', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-02-30', false],
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['2024-01-01T00:00Z', false],
  ])('says %s is %s', (value, expected) => {
    expect(isCalendarDay(value)).toBe(expected);
  });
});
