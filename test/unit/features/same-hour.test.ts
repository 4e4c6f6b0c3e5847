import { describe, expect, it } from 'vitest';
import {
  createSameHourWindow,
  fillSameHourWindow,
  sameHourStats,
  WINDOW_DAYS,
} from '../../../shared/features/same-hour.js';

const LAST = 20_000;

/** Day k back from LAST holds k + 1 Wh at every hour; weekends (k % 7 ∈ {5, 6}) hold 100 + k. */
function window(hidden: (day: number, hour: number) => boolean = () => false) {
  const w = createSameHourWindow();
  const weekend = (day: number) => (LAST - day) % 7 >= 5;
  fillSameHourWindow(
    w,
    LAST,
    (day, hour) =>
      hidden(day, hour) ? Number.NaN : weekend(day) ? 100 + (LAST - day) : LAST - day + 1,
    (day) => !weekend(day),
  );
  return w;
}

describe('sameHourStats', () => {
  it('reads the same hour over 7, 14 and 28 days and by day type', () => {
    // Days k = 0..6 hold 1..5 (working) and 105, 106 (weekend)
    const s = sameHourStats(window(), 12, true);

    expect(s.mean7).toBeCloseTo((1 + 2 + 3 + 4 + 5 + 105 + 106) / 7, 10);
    expect(s.median7).toBe(4);
    expect(s.median14).toBe(9.5); // 1..5, 8..12, 105, 106, 112, 113: the 7th and 8th of 14
    const working = Array.from({ length: WINDOW_DAYS }, (_, k) => k)
      .filter((k) => k % 7 < 5)
      .map((k) => k + 1);
    expect(s.dayTypeMedian28).toBe((working[9]! + working[10]!) / 2);
    expect(sameHourStats(window(), 12, false).dayTypeMedian28).toBe(
      (100 + 13 + (100 + 19)) / 2, // weekend days k = 5, 6, 12, 13, 19, 20, 26, 27
    );
    expect(s.q25of28).toBeLessThan(s.median28);
    expect(s.q75of28).toBeGreaterThan(s.median28);
  });

  it('ignores hours that are not visible and is NaN when none is', () => {
    const s = sameHourStats(
      window((_, hour) => hour === 3),
      3,
      true,
    );
    expect(s.median28).toBeNaN();
    expect(s.mean7).toBeNaN();
    // The neighbours 02:00 and 04:00 still give a smoothed median
    expect(Number.isFinite(s.neighbourMedian28)).toBe(true);
  });

  it('uses only the hour and its neighbours that exist at the ends of the day', () => {
    const w = createSameHourWindow();
    fillSameHourWindow(
      w,
      LAST,
      (_, hour) => (hour === 0 ? 10 : hour === 1 ? 20 : 1000),
      () => true,
    );
    expect(sameHourStats(w, 0, true).neighbourMedian28).toBe(15);
  });
});
