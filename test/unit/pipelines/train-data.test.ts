import { describe, expect, it } from 'vitest';
import { localDayBoundsUtc } from '../../../shared/calendar/zone.js';
import { lastAvailableDay } from '../../../shared/pipelines/train-data.js';

describe('lastAvailableDay', () => {
  const now = Date.parse('2024-05-10T09:00:00Z'); // 11:00 in Madrid on D−1 = 10 May

  it('is D−2 (yesterday at the origin) by the clock with the default latency', () => {
    expect(lastAvailableDay(now, null, 2)).toBe('2024-05-09');
    expect(lastAvailableDay(now, null, 3)).toBe('2024-05-08');
  });

  it('stops at the last complete day of readings when the data ends earlier', () => {
    const endOfMarch31 = localDayBoundsUtc('2024-03-31', 'Europe/Madrid')[1];
    expect(lastAvailableDay(now, endOfMarch31, 2)).toBe('2024-03-31');
    // One hour into 1 April is not a complete day.
    expect(lastAvailableDay(now, endOfMarch31 + 3_600_000, 2)).toBe('2024-03-31');
  });
});
