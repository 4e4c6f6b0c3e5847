import { describe, expect, it } from 'vitest';
import { dayRange } from '../../../shared/calendar/days.js';
import { localDayBoundsUtc } from '../../../shared/calendar/zone.js';
import { loadConfig } from '../../../shared/config.js';
import { makeCups } from '../../../shared/f5d/cups.js';
import { formatF5dLine } from '../../../shared/f5d/format.js';
import { parseAll } from '../../helpers/parse.js';

// Supplies placed in other zones through MCE_ZONE_OVERRIDES: the parser must follow each zone's
// own summer-time rules (tzdata: Lisbon changes with the EU at 01:00 UTC, New York on the second
// Sunday of March and the first of November at 02:00 local).
const LISBON = makeCups('0031000000000007');
const NEW_YORK = makeCups('0021000000000009');
const { zoneOverrides } = loadConfig({
  MCE_ZONE_OVERRIDES: 'ES0031=Europe/Lisbon,ES0021=America/New_York',
});
const F5D = { fileName: 'F5D_0031_0762_20241205.0', zoneOverrides };
const iso = (ms: number) => new Date(ms).toISOString();

/** Every hour end (UTC ms) of local days first..last in a zone. */
function hourEnds(first: string, last: string, zone: string): number[] {
  const out: number[] = [];
  for (const day of dayRange(first, last)) {
    const [start, end] = localDayBoundsUtc(day, zone);
    for (let h = start + 3_600_000; h <= end; h += 3_600_000) out.push(h);
  }
  return out;
}

describe('parseMeterFile with zones from MCE_ZONE_OVERRIDES', () => {
  it.each([
    [LISBON, 'Europe/Lisbon', '2024-03-30', '2024-04-01', 23],
    [LISBON, 'Europe/Lisbon', '2024-10-26', '2024-10-28', 25],
    [NEW_YORK, 'America/New_York', '2024-03-09', '2024-03-11', 23],
    [NEW_YORK, 'America/New_York', '2024-11-02', '2024-11-04', 25],
  ])(
    'reads back every hour of the days around a change (%s, %s %s)',
    async (cups, zone, first, last, changeDayHours) => {
      const hours = hourEnds(first, last, zone);
      const lines = hours.map((h, i) => formatF5dLine(cups, h, zone, { wh: i + 1 }));

      const parsed = await parseAll(lines.join('\r\n'), F5D);

      expect(hours).toHaveLength(24 + changeDayHours + 24);
      expect(parsed.rejections).toEqual([]);
      expect(parsed.readings.map((r) => r.hourEnd)).toEqual(hours);
    },
  );

  it('converts the labels with each zone offset, standard and summer', async () => {
    const parsed = await parseAll(
      [
        `${LISBON};2024/01/15 10:00;0;1;;;;;;1;1;X;`,
        `${LISBON};2024/07/15 10:00;1;1;;;;;;1;1;X;`,
        `${NEW_YORK};2024/01/15 10:00;0;1;;;;;;1;1;X;`,
        `${NEW_YORK};2024/07/15 10:00;1;1;;;;;;1;1;X;`,
        // The March hour that starts summer time, written in winter time.
        `${NEW_YORK};2024/03/10 02:00;0;1;;;;;;1;1;X;`,
      ].join('\n'),
      F5D,
    );
    // The same hour written in summer time, in a file of its own.
    const summer = await parseAll(`${NEW_YORK};2024/03/10 03:00;1;1;;;;;;1;1;X;`, F5D);

    expect(parsed.readings.map((r) => iso(r.hourEnd))).toEqual([
      '2024-01-15T10:00:00.000Z',
      '2024-07-15T09:00:00.000Z',
      '2024-01-15T15:00:00.000Z',
      '2024-07-15T14:00:00.000Z',
      '2024-03-10T07:00:00.000Z',
    ]);
    expect(summer.readings.map((r) => iso(r.hourEnd))).toEqual(['2024-03-10T07:00:00.000Z']);
  });

  it("rejects a flag that contradicts the supply's own zone, not Madrid's", async () => {
    const parsed = await parseAll(
      [
        // Summer in Madrid and New York from 10 March, but not in Lisbon until the 31st.
        `${LISBON};2024/03/20 10:00;1;1;;;;;;1;1;X;`,
        `${NEW_YORK};2024/03/20 10:00;0;1;;;;;;1;1;X;`,
        // Winter in Madrid and Lisbon from 27 October, still summer in New York.
        `${NEW_YORK};2024/10/30 10:00;0;1;;;;;;1;1;X;`,
        `${NEW_YORK};2024/03/20 10:00;1;1;;;;;;1;1;X;`,
        `${NEW_YORK};2024/10/30 10:00;1;1;;;;;;1;1;X;`,
      ].join('\n'),
      F5D,
    );

    expect(parsed.rejections.map((r) => [r.line, r.field])).toEqual([
      [1, 'summerFlag'],
      [2, 'summerFlag'],
      [3, 'summerFlag'],
    ]);
    expect(parsed.readings.map((r) => iso(r.hourEnd))).toEqual([
      '2024-03-20T14:00:00.000Z',
      '2024-10-30T14:00:00.000Z',
    ]);
  });
});
