import { describe, expect, it } from 'vitest';
import { HourRanges } from '../../../shared/f5d/hour-ranges.js';

const H = 3_600_000;

describe('HourRanges', () => {
  it('remembers hours added in runs and merges touching or overlapping runs', () => {
    const ranges = new HourRanges();

    ranges.addSorted([1, 2, 3, 10, 11].map((h) => h * H));
    ranges.addSorted([4, 5, 9].map((h) => h * H));
    ranges.addSorted([0, 2, 20].map((h) => h * H));

    const present = Array.from({ length: 25 }, (_, h) => h).filter((h) => ranges.has(h * H));
    expect(present).toEqual([0, 1, 2, 3, 4, 5, 9, 10, 11, 20]);
  });

  it('holds nothing when empty', () => {
    expect(new HourRanges().has(0)).toBe(false);
  });
});
