import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparePrecedence,
  precedenceKey,
  sameContent,
  sortableHex,
} from '../../../shared/adapters/precedence.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { type Reading, SOURCE_KINDS } from '../../../shared/types.js';

const ranked = fc.record({
  kind: fc.constantFrom(...SOURCE_KINDS),
  fileDate: fc.integer({ min: 20000101, max: 20991231 }),
  version: fc.integer({ min: 0, max: 99 }),
  uploadedAt: fc.integer({ min: 0, max: 3 }),
  wh: fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
  exportWh: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
});

const base: Pick<Reading, 'kind' | 'fileDate' | 'version' | 'uploadedAt' | 'wh' | 'exportWh'> = {
  kind: 'F5D',
  fileDate: 20250305,
  version: 1,
  uploadedAt: 1_700_000_000_000,
  wh: 100,
  exportWh: null,
};

describe('comparePrecedence', () => {
  it.each([
    ['a higher kind beats a later file', { kind: 'RF5D' }, { fileDate: 20260101 }],
    ['a later file date beats a higher version', { fileDate: 20250306 }, { version: 9 }],
    ['a higher version beats a later upload', { version: 2 }, { uploadedAt: 1_800_000_000_000 }],
    ['a later upload beats a higher wh', { uploadedAt: 1_700_000_000_001 }, { wh: 999 }],
    ['a higher wh beats an export', { wh: 101 }, { exportWh: 50 }],
    ['any export beats none', { exportWh: 0 }, {}],
  ] as const)('ranks first above second: %s', (_, high, low) => {
    expect(comparePrecedence({ ...base, ...high }, { ...base, ...low })).toBeGreaterThan(0);
    expect(comparePrecedence({ ...base, ...low }, { ...base, ...high })).toBeLessThan(0);
  });

  it('returns 0 for equal provenance and values', () => {
    expect(comparePrecedence(base, { ...base })).toBe(0);
  });
});

describe('sortableHex', () => {
  it('orders strings as the numbers they encode, null lowest, -0 equal to 0', () => {
    const values = [-1e300, -2.5, -1, -Number.MIN_VALUE, 0, Number.MIN_VALUE, 1, 1.5, 2, 1e12];

    const keys = values.map(sortableHex);

    expect([...keys].sort()).toEqual(keys);
    expect(sortableHex(null) < (keys[0] as string)).toBe(true);
    expect(sortableHex(-0)).toBe(sortableHex(0));
    expect(keys.every((k) => /^[0-9a-f]{16}$/.test(k))).toBe(true);
  });
});

describe('precedenceKey', () => {
  it('orders keys exactly as comparePrecedence orders readings', () => {
    fc.assert(
      fc.property(ranked, ranked, (a, b) => {
        const ka = precedenceKey(a);
        const kb = precedenceKey(b);
        const byString = ka < kb ? -1 : ka > kb ? 1 : 0;
        expect(byString).toBe(Math.sign(comparePrecedence(a, b)));
      }),
      { seed: 20250305, numRuns: 2000 },
    );
  });

  it('has a fixed width of 64 characters', () => {
    expect(precedenceKey(base)).toHaveLength(64);
    expect(precedenceKey({ ...base, kind: 'RF5D', version: 12345678, exportWh: 3 })).toHaveLength(
      64,
    );
  });

  it.each([
    ['a negative version', { version: -1 }],
    ['a 9-digit file date', { fileDate: 202503051 }],
    ['a fractional version', { version: 1.5 }],
    ['a negative upload instant', { uploadedAt: -1 }],
    ['an infinite wh', { wh: Number.POSITIVE_INFINITY }],
    ['a NaN export', { exportWh: Number.NaN }],
  ])('throws InvalidInputError for %s', (_, bad) => {
    expect(() => precedenceKey({ ...base, ...bad })).toThrow(InvalidInputError);
  });
});

describe('sameContent', () => {
  const full: Reading = {
    ...base,
    cups: 'ES0031000000000001AB',
    hourEnd: 0,
    method: 1,
    firm: true,
  };

  it('ignores the upload instant and nothing else', () => {
    const later: Reading = { ...full, uploadedAt: 0 };
    expect(sameContent(full, later)).toBe(true);
    for (const change of [
      { wh: 1 },
      { exportWh: 0 },
      { method: 2 },
      { firm: false },
      { version: 2 },
      { fileDate: 20250306 },
      { kind: 'RF5D' as const },
    ])
      expect(sameContent(full, { ...full, ...change })).toBe(false);
  });
});
