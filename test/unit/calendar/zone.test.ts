import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../shared/calendar/days.js';
import {
  canonicalZone,
  flaggedHourEnds,
  isKnownZone,
  isSummerTime,
  localDayBoundsUtc,
  localDayOf,
  localDayOfHourEnd,
  localTimeUtc,
  offsetChangeDays,
  offsetHours,
  toLocalFields,
  zoneOffsetsHours,
} from '../../../shared/calendar/zone.js';
import { InvalidInputError } from '../../../shared/errors.js';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

// Change instants, from the IANA tz database rules (tzdata "europe", "northamerica",
// "australasia"): EU summer time runs from the last Sunday of March to the last Sunday of October
// at 01:00 UTC (Directive 2000/84/EC); the US from the second Sunday of March to the first Sunday
// of November at 02:00 local (Energy Policy Act of 2005); New South Wales from the first Sunday
// of October to the first Sunday of April at 02:00 standard time.

describe('offsetChangeDays', () => {
  it.each([
    ['Europe/Madrid', 2024, ['2024-03-31', '2024-10-27']],
    ['Atlantic/Canary', 2025, ['2025-03-30', '2025-10-26']],
    ['Europe/Lisbon', 2021, ['2021-03-28', '2021-10-31']],
    ['America/New_York', 2024, ['2024-03-10', '2024-11-03']],
    ['Australia/Sydney', 2024, ['2024-04-07', '2024-10-06']],
    ['Asia/Kolkata', 2024, []],
  ])('lists the change days of %s in %i', (zone, year, days) => {
    expect(offsetChangeDays(year, zone)).toEqual(days);
  });
});

describe('isSummerTime, offsetHours and zoneOffsetsHours', () => {
  it('switch exactly at the change instant of each zone', () => {
    const madrid = Date.UTC(2024, 2, 31, 1);
    const newYork = Date.UTC(2024, 2, 10, 7); // 02:00 EST
    expect(isSummerTime(madrid - 1, 'Europe/Madrid')).toBe(false);
    expect(isSummerTime(madrid, 'Europe/Madrid')).toBe(true);
    expect(offsetHours(madrid, 'Europe/Madrid')).toBe(2);
    expect(offsetHours(madrid - H, 'Atlantic/Canary')).toBe(0);
    expect(offsetHours(madrid, 'Europe/Lisbon')).toBe(1);
    expect(isSummerTime(newYork - 1, 'America/New_York')).toBe(false);
    expect(offsetHours(newYork, 'America/New_York')).toBe(-4);
  });

  it('take the southern summer in January and fractional offsets as they are', () => {
    expect(isSummerTime(Date.UTC(2024, 0, 15), 'Australia/Sydney')).toBe(true);
    expect(zoneOffsetsHours(Date.UTC(2024, 0, 15), 'Australia/Sydney')).toEqual({
      standard: 10,
      summer: 11,
    });
    expect(offsetHours(Date.UTC(2024, 0, 15), 'Asia/Kolkata')).toBe(5.5);
    expect(zoneOffsetsHours(Date.UTC(2024, 6, 1), 'America/New_York')).toEqual({
      standard: -5,
      summer: -4,
    });
  });
});

describe('localDayBoundsUtc', () => {
  it.each([
    ['2024-03-31', 'Europe/Madrid', '2024-03-30T23:00:00.000Z', 23],
    ['2024-10-27', 'Europe/Madrid', '2024-10-26T22:00:00.000Z', 25],
    ['2024-07-01', 'Europe/Madrid', '2024-06-30T22:00:00.000Z', 24],
    ['2024-10-27', 'Atlantic/Canary', '2024-10-26T23:00:00.000Z', 25],
    ['2024-01-10', 'Atlantic/Canary', '2024-01-10T00:00:00.000Z', 24],
    ['2024-03-31', 'Europe/Lisbon', '2024-03-31T00:00:00.000Z', 23],
    ['2024-10-27', 'Europe/Lisbon', '2024-10-26T23:00:00.000Z', 25],
    ['2024-03-10', 'America/New_York', '2024-03-10T05:00:00.000Z', 23],
    ['2024-11-03', 'America/New_York', '2024-11-03T04:00:00.000Z', 25],
    ['2024-07-04', 'America/New_York', '2024-07-04T04:00:00.000Z', 24],
  ] as const)('bounds %s in %s', (day, zone, start, hours) => {
    const [s, e] = localDayBoundsUtc(day, zone);

    expect(iso(s)).toBe(start);
    expect((e - s) / H).toBe(hours);
  });

  it('refuses a malformed day and an unknown zone with InvalidInputError', () => {
    expect(() => localDayBoundsUtc('2024/01/01', 'Europe/Madrid')).toThrow(InvalidInputError);
    expect(() => localDayBoundsUtc('2024-01-01', 'Europe/Atlantis')).toThrow(InvalidInputError);
  });
});

describe('localDayOf / localDayOfHourEnd / toLocalFields', () => {
  it('puts the hour ending at local midnight in the day before', () => {
    const midnight = Date.UTC(2024, 6, 1, 22); // 2024-07-02 00:00 CEST
    expect(localDayOf(midnight, 'Europe/Madrid')).toBe('2024-07-02');
    expect(localDayOfHourEnd(midnight, 'Europe/Madrid')).toBe('2024-07-01');
    expect(localDayOf(midnight, 'America/New_York')).toBe('2024-07-01');
  });

  it('reads the repeated hour of a 25-hour day twice', () => {
    const first = Date.UTC(2024, 10, 3, 5, 30); // 01:30 EDT
    const second = Date.UTC(2024, 10, 3, 6, 30); // 01:30 EST
    expect(toLocalFields(first, 'America/New_York').toISOString()).toBe('2024-11-03T01:30:00.000Z');
    expect(toLocalFields(second, 'America/New_York').toISOString()).toBe(
      '2024-11-03T01:30:00.000Z',
    );
  });
});

describe('localTimeUtc', () => {
  it.each([
    ['2024-03-30', 11, 'Europe/Madrid', '2024-03-30T10:00:00.000Z'],
    ['2024-03-31', 11, 'Europe/Madrid', '2024-03-31T09:00:00.000Z'],
    ['2024-11-03', 11, 'America/New_York', '2024-11-03T16:00:00.000Z'],
    ['2024-03-31', 0, 'Europe/Lisbon', '2024-03-31T00:00:00.000Z'],
    // 02:00 does not exist on 10 March in New York: the offset before the change applies.
    ['2024-03-10', 2, 'America/New_York', '2024-03-10T07:00:00.000Z'],
  ] as const)('places %s %i:00 in %s at %s', (day, hour, zone, utc) => {
    expect(iso(localTimeUtc(day, hour, zone))).toBe(utc);
  });
});

describe('flaggedHourEnds', () => {
  const at = (day: string, zone: string, hour: number, flag: number) => {
    const hourEnd = flaggedHourEnds(dayNumber(day), zone)[hour * 2 + flag]!;
    return Number.isNaN(hourEnd) ? 'contradicts' : iso(hourEnd);
  };

  it.each([
    // Both writings of the hour that starts summer time, in any zone.
    ['2024-03-31', 'Europe/Madrid', 2, 0, '2024-03-31T01:00:00.000Z'],
    ['2024-03-31', 'Europe/Madrid', 3, 1, '2024-03-31T01:00:00.000Z'],
    ['2024-03-31', 'Europe/Lisbon', 1, 0, '2024-03-31T01:00:00.000Z'],
    ['2024-03-31', 'Europe/Lisbon', 2, 1, '2024-03-31T01:00:00.000Z'],
    ['2024-03-10', 'America/New_York', 2, 0, '2024-03-10T07:00:00.000Z'],
    ['2024-03-10', 'America/New_York', 3, 1, '2024-03-10T07:00:00.000Z'],
    // The two repeated hours of the autumn day, told apart by their flag.
    ['2024-11-03', 'America/New_York', 2, 1, '2024-11-03T06:00:00.000Z'],
    ['2024-11-03', 'America/New_York', 2, 0, '2024-11-03T07:00:00.000Z'],
    ['2024-10-27', 'Europe/Lisbon', 2, 1, '2024-10-27T01:00:00.000Z'],
    ['2024-10-27', 'Europe/Lisbon', 2, 0, '2024-10-27T02:00:00.000Z'],
    // A flag that contradicts the zone at an unambiguous hour.
    ['2024-07-01', 'Europe/Lisbon', 10, 0, 'contradicts'],
    ['2024-01-15', 'America/New_York', 10, 1, 'contradicts'],
    ['2024-03-10', 'America/New_York', 4, 0, 'contradicts'],
    ['2024-07-01', 'Asia/Kolkata', 10, 1, 'contradicts'],
    ['2024-07-01', 'Asia/Kolkata', 10, 0, '2024-07-01T04:30:00.000Z'],
  ])('reads %s %s %i:00 with flag %i as %s', (day, zone, hour, flag, expected) => {
    expect(at(day, zone, hour, flag)).toBe(expected);
  });
});

describe('isKnownZone and canonicalZone', () => {
  it('accepts IANA names in any case and refuses the rest', () => {
    expect(isKnownZone('America/New_York')).toBe(true);
    expect(canonicalZone('europe/lisbon')).toBe('Europe/Lisbon');
    expect(isKnownZone('Europe/Atlantis')).toBe(false);
    expect(isKnownZone('')).toBe(false);
    expect(canonicalZone('CET+1')).toBeUndefined();
  });
});
