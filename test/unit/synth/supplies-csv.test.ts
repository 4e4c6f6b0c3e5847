import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { makeCups } from '../../../shared/f5d/cups.js';
import {
  formatSuppliesCsv,
  parseSuppliesCsv,
  parseSuppliesCsvRows,
} from '../../../shared/synth/supplies-csv.js';

const CUPS = makeCups('0021000000000001');
const ROW = {
  cups: CUPS,
  latitude: 40.42,
  longitude: -3.7,
  province: '28',
  zone: 'Europe/Madrid' as const,
  tariff: '2.0TD',
  archetype: 'household',
};

describe('formatSuppliesCsv and parseSuppliesCsv', () => {
  it('round-trips a row into a supply patch with its location key', () => {
    const text = formatSuppliesCsv([ROW]);

    const rows = parseSuppliesCsvRows(text, 'supplies.csv');

    expect(text.split('\n')[0]).toBe('cups,latitude,longitude,province,zone,tariff,archetype');
    expect(rows).toEqual([
      {
        patch: {
          cups: CUPS,
          latitude: 40.42,
          longitude: -3.7,
          location: '40.42,-3.70',
          province: '28',
          zone: 'Europe/Madrid',
          tariff: '2.0TD',
          active: true,
        },
        archetype: 'household',
      },
    ]);
  });

  it('accepts CRLF, a BOM, columns in another order, a 22-character CUPS and empty optionals', () => {
    const text = `\uFEFFzone,cups,longitude,latitude,tariff\r\nAtlantic/Canary,${CUPS}0F,-15.43,28.12,\r\n\r\n`;

    const patches = parseSuppliesCsv(text, 'mine.csv');

    expect(patches).toEqual([
      expect.objectContaining({
        cups: CUPS,
        zone: 'Atlantic/Canary',
        tariff: null,
        province: null,
      }),
    ]);
  });

  it.each([
    ['a bad CUPS', `${CUPS.slice(0, 19)}X,40,-3,28,Europe/Madrid,2.0TD,household`, 'cups'],
    ['a latitude out of range', `${CUPS},140,-3,28,Europe/Madrid,2.0TD,household`, 'latitude'],
    ['an empty longitude', `${CUPS},40,,28,Europe/Madrid,2.0TD,household`, 'longitude'],
    ['an unknown zone', `${CUPS},40,-3,28,Europe/Atlantis,2.0TD,household`, 'zone'],
  ])('names file, line and field on %s', (_, line, field) => {
    const text = `${formatSuppliesCsv([ROW])}${line}\n`;

    const act = () => parseSuppliesCsv(text, 'fleet.csv');

    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow(`fleet.csv line 3: field "${field}"`);
  });

  it('refuses a header without a required column', () => {
    expect(() => parseSuppliesCsv('cups,latitude,zone\n', 'x.csv')).toThrow(
      'x.csv line 1: field "longitude" is missing from the header',
    );
  });
});
