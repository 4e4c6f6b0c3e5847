import { describe, expect, it } from 'vitest';
import { mergeSupply, NEW_SUPPLY_DEFAULTS } from '../../../shared/adapters/supply-merge.js';
import { type Supply } from '../../../shared/types.js';

const CUPS = 'ES0031000000000001AB';
const stored: Supply = {
  ...NEW_SUPPLY_DEFAULTS,
  cups: CUPS,
  zone: 'Atlantic/Canary',
  firstReading: 1000,
  lastReading: 5000,
  segment: 4,
  tariff: '2.0TD',
};

describe('mergeSupply', () => {
  it('starts a new supply from the defaults plus the patch', () => {
    expect(mergeSupply(undefined, { cups: CUPS, tariff: '3.0TD', lastReading: 7 })).toEqual({
      ...NEW_SUPPLY_DEFAULTS,
      cups: CUPS,
      tariff: '3.0TD',
      lastReading: 7,
    });
  });

  it('widens the reading bounds and never narrows them', () => {
    expect(mergeSupply(stored, { cups: CUPS, firstReading: 500, lastReading: 3000 })).toMatchObject(
      {
        firstReading: 500,
        lastReading: 5000,
      },
    );
    expect(
      mergeSupply(stored, { cups: CUPS, firstReading: 2000, lastReading: 9000 }),
    ).toMatchObject({
      firstReading: 1000,
      lastReading: 9000,
    });
  });

  it('treats a null bound as no information', () => {
    expect(mergeSupply(stored, { cups: CUPS, firstReading: null, lastReading: null })).toEqual(
      stored,
    );
  });

  it('overwrites given fields, null and false included, and keeps absent ones', () => {
    const merged = mergeSupply(stored, { cups: CUPS, segment: null, active: false });

    expect(merged).toEqual({ ...stored, segment: null, active: false });
  });

  it('does not modify the stored object', () => {
    const copy = { ...stored };

    mergeSupply(stored, { cups: CUPS, zone: 'Europe/Madrid', firstReading: 1 });

    expect(stored).toEqual(copy);
  });
});
