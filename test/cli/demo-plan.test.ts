import { describe, expect, it } from 'vitest';
import {
  DEMO_DEFAULTS,
  demoCalendar,
  filesByLandingDay,
  landingDay,
} from '../../cli/demo/demo-plan.js';
import { weatherTickDay } from '../../cli/demo/weather-days.js';

describe('the demo calendar', () => {
  it('replays the given days from the start, with the change on the configured day', () => {
    const c = demoCalendar({ ...DEMO_DEFAULTS, days: 14 });
    expect(c.replayDays).toHaveLength(14);
    expect(c.replayDays[0]).toBe('2024-03-18');
    expect(c.replayDays.at(-1)).toBe('2024-03-31');
    expect(c.changeDay).toBe('2024-03-21');
    expect(c.changes).toBe('solar:0.5@2024-03-21');
    expect(c.from).toBe('2023-03-19');
    expect(c.to).toBe('2024-04-01');
  });

  it('lands a metering file on its generation date, whatever its compression', () => {
    expect(landingDay('x/P5D_0031_0762_20240302.0')).toBe('2024-03-02');
    expect(landingDay('F5D_0021_0762_20240401.1.gz')).toBe('2024-04-01');
    expect(landingDay('supplies.csv')).toBeUndefined();
    const byDay = filesByLandingDay([
      'b/F5D_0021_0762_20240401.0',
      'a/P5D_0031_0762_20240401.0',
      'c.csv',
    ]);
    expect([...byDay]).toEqual([
      ['2024-04-01', ['a/P5D_0031_0762_20240401.0', 'b/F5D_0021_0762_20240401.0']],
    ]);
  });
});

describe('weatherTickDay', () => {
  it('gives a row to the first 10:00 Europe/Madrid tick at or after it became known', () => {
    // 10:00 in Madrid is 09:00 UTC in winter, 08:00 UTC in summer.
    expect(weatherTickDay(Date.parse('2024-01-10T09:00:00Z'))).toBe('2024-01-10');
    expect(weatherTickDay(Date.parse('2024-01-10T09:00:01Z'))).toBe('2024-01-11');
    expect(weatherTickDay(Date.parse('2024-07-10T08:00:00Z'))).toBe('2024-07-10');
    expect(weatherTickDay(Date.parse('2024-07-10T08:30:00Z'))).toBe('2024-07-11');
    // 23:30 UTC on the 10th is already the 11th in Madrid, before its tick.
    expect(weatherTickDay(Date.parse('2024-07-10T23:30:00Z'))).toBe('2024-07-11');
  });
});
