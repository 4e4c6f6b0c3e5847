import { describe, expect, it } from 'vitest';
import {
  dayType,
  holidaysOfYear,
  isBridgeDay,
  isHoliday,
} from '../../../shared/calendar/holidays.js';
import { regionOfProvince } from '../../../shared/calendar/provinces.js';

// National holidays of 2024: BOE, Resolución de 9 de octubre de 2023 de la Dirección General de
// Trabajo, fiestas laborales para el año 2024 (national list and each community's choices).
describe('isHoliday', () => {
  it.each([
    ['2024-01-01'],
    ['2024-03-29'],
    ['2024-05-01'],
    ['2024-08-15'],
    ['2024-10-12'],
    ['2024-11-01'],
    ['2024-12-06'],
    ['2024-12-25'],
  ])('returns true for the national holiday %s in every region', (day) => {
    expect(isHoliday(day, null)).toBe(true);
    expect(isHoliday(day, 'MD')).toBe(true);
    expect(isHoliday(day, 'CT')).toBe(true);
  });

  it.each([
    ['2024-05-02', 'MD'], // Día de la Comunidad de Madrid (BOE 2024 list)
    ['2024-09-11', 'CT'], // Diada Nacional de Catalunya
    ['2024-12-26', 'CT'], // Sant Esteve
    ['2024-02-28', 'AN'], // Día de Andalucía
  ] as const)('returns true for the regional holiday %s in %s only', (day, region) => {
    expect(isHoliday(day, region)).toBe(true);
    expect(isHoliday(day, null)).toBe(false);
    expect(isHoliday(day, region === 'MD' ? 'CT' : 'MD')).toBe(false);
  });

  it('returns false for an ordinary working day and for observances such as Easter Sunday', () => {
    expect(isHoliday('2024-03-05', 'MD')).toBe(false);
    expect(isHoliday('2024-03-31', 'MD')).toBe(false);
  });
});

describe('holidaysOfYear', () => {
  it('returns the same cached set for a repeated year and region', () => {
    expect(holidaysOfYear(2025, 'GA')).toBe(holidaysOfYear(2025, 'GA'));
  });
});

describe('dayType', () => {
  it.each([
    ['2024-12-25', null, 'holiday'],
    ['2024-03-09', null, 'saturday'],
    ['2024-03-10', null, 'sunday'],
    ['2024-03-06', null, 'working'],
    // 12 October 2023 was a Thursday: Friday the 13th is the classic "puente".
    ['2023-10-13', null, 'bridge'],
    // 8 December 2026 is a Tuesday: Monday the 7th bridges it to the weekend.
    ['2026-12-07', null, 'bridge'],
    // 2 May 2024 (Thursday) is a holiday in Madrid only, so Friday 3 May bridges there only.
    ['2024-05-03', 'MD', 'bridge'],
    ['2024-05-03', 'CT', 'working'],
  ] as const)('classifies %s (region %s) as %s', (day, region, expected) => {
    expect(dayType(day, region)).toBe(expected);
  });

  it('never calls a holiday a bridge day', () => {
    expect(isBridgeDay('2024-12-25', null)).toBe(false);
  });
});

describe('regionOfProvince', () => {
  it.each([
    ['28', 'MD'],
    ['8', 'CT'],
    ['Madrid', 'MD'],
    ['A Coruña', 'GA'],
    ['Lleida', 'CT'],
    ['Bizkaia', 'PV'],
    ['Santa Cruz de Tenerife', 'CN'],
    ['vc', 'VC'],
  ])('maps %s to %s', (province, region) => {
    expect(regionOfProvince(province)).toBe(region);
  });

  it('returns null for an unknown or missing province', () => {
    expect(regionOfProvince('Atlantis')).toBeNull();
    expect(regionOfProvince(null)).toBeNull();
    expect(regionOfProvince('99')).toBeNull();
  });
});
