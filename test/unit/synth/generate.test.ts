import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMeterFileName } from '../../../shared/f5d/file-name.js';
import { parseSuppliesCsvRows } from '../../../shared/synth/supplies-csv.js';
import { type WeatherRow } from '../../../shared/types.js';
import { parseAll } from '../../helpers/parse.js';
import { generateInMemory, textOf } from '../../helpers/synth-fleet.js';

const digest = (files: Map<string, Uint8Array>) => {
  const hash = createHash('sha256');
  for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(path).update(bytes);
  }
  return hash.digest('hex');
};

describe('generateFleetFiles', () => {
  // 2024-03-25 .. 2024-04-03 spans the March DST change (31 March) and a month end.
  const files = generateInMemory({ changes: [{ kind: 'ev', fraction: 0.2, from: '2024-03-28' }] });
  const metering = [...files.keys()].filter((p) => p.startsWith('metering/'));

  it('writes the same bytes for the same seed and other bytes for another seed', () => {
    const again = generateInMemory({
      changes: [{ kind: 'ev', fraction: 0.2, from: '2024-03-28' }],
    });
    const other = generateInMemory({
      seed: 43,
      changes: [{ kind: 'ev', fraction: 0.2, from: '2024-03-28' }],
    });

    expect(digest(again)).toBe(digest(files));
    expect(digest(other)).not.toBe(digest(files));
  });

  it('names metering files KIND_distributor_retailer_date.version, P5D dated the next day', () => {
    for (const path of metering) {
      expect(path).toMatch(/^metering\/(P5D|F5D|RF5D)_\d{4}_0762_\d{8}\.\d$/);
      expect(() => parseMeterFileName(path)).not.toThrow();
    }
    const p5dDates = new Set(
      metering.filter((p) => p.includes('/P5D_')).map((p) => p.slice(-10, -2)),
    );
    expect([...p5dDates].sort()).toEqual(
      ['0326', '0327', '0328', '0329', '0330', '0331', '0401', '0402', '0403', '0404'].map(
        (d) => `2024${d}`,
      ),
    );
  });

  it('writes CRLF lines ending with ";" and parseable by the F5D parser without rejections', async () => {
    for (const path of metering) {
      const text = textOf(files, path);
      expect(text.endsWith(';\r\n')).toBe(true);
      expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false);

      const parsed = await parseAll(files.get(path)!, { fileName: path }, 1 << 20);

      expect(parsed.error).toBeUndefined();
      expect(parsed.rejections).toEqual([]);
      expect(parsed.readings.length).toBeGreaterThan(0);
    }
  });

  it('labels the March DST day 02:00;0 then 04:00;1, with no 03:00, for peninsular supplies', () => {
    const p5d = metering.find((p) => p.includes('P5D_0021_0762_20240401'))!;
    const day = textOf(files, p5d)
      .split('\r\n')
      .filter((l) => l.includes(';2024/03/31 '));
    const first = day[0]!.split(';')[0]!;
    const labels = day
      .filter((l) => l.startsWith(first))
      .map((l) => l.split(';').slice(1, 3).join(';'));

    expect(labels.slice(0, 3)).toEqual([
      '2024/03/31 01:00;0',
      '2024/03/31 02:00;0',
      '2024/03/31 04:00;1',
    ]);
    expect(labels.some((l) => l.startsWith('2024/03/31 03:00'))).toBe(false);
  });

  it('delivers every hour of every supply in the F5D files', async () => {
    const supplies = parseSuppliesCsvRows(textOf(files, 'supplies.csv'), 'supplies.csv');
    const seen = new Map<string, Set<number>>();
    for (const path of metering.filter((p) => p.includes('/F5D_'))) {
      const parsed = await parseAll(files.get(path)!, { fileName: path }, 1 << 20);
      for (const r of parsed.readings)
        seen.set(r.cups, (seen.get(r.cups) ?? new Set()).add(r.hourEnd));
    }

    // 10 local days, one of them 23 hours long.
    expect(seen.size).toBe(supplies.length);
    for (const hours of seen.values()) expect(hours.size).toBe(10 * 24 - 1);
  });

  it('writes observed weather for every supply location and 48-hour forecasts issued at 10:00', () => {
    const supplies = parseSuppliesCsvRows(textOf(files, 'supplies.csv'), 'supplies.csv');
    const observed = textOf(files, 'weather/observed.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const forecast = textOf(files, 'weather/forecast-2024-03.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const keys: Array<keyof WeatherRow> = [
      'location',
      'hourEnd',
      'kind',
      'issuedAt',
      'temperatureC',
      'humidityPct',
      'cloudPct',
      'windMs',
      'radiationWm2',
      'source',
    ];

    expect(new Set(observed.map((r) => r.location))).toEqual(
      new Set(supplies.map((s) => s.patch.location)),
    );
    expect(Object.keys(observed[0]!)).toEqual(keys);
    const place = supplies[0]!.patch.location;
    const issued = forecast.filter(
      (r) => r.location === place && String(r.issuedAt).startsWith('2024-03-26'),
    );
    // 10:00 CET (market time) = 09:00 UTC; 48 hourly rows after it.
    expect(issued.map((r) => r.issuedAt)).toEqual(Array(48).fill('2024-03-26T09:00:00.000Z'));
    expect(issued[0]!.hourEnd).toBe('2024-03-26T10:00:00.000Z');
  });

  it('records the changes as ground truth', () => {
    const truth = JSON.parse(textOf(files, 'changes.json')) as {
      changes: Array<Record<string, unknown>>;
    };

    expect(truth.changes).toHaveLength(2);
    expect(truth.changes[0]).toEqual(expect.objectContaining({ kind: 'ev', from: '2024-03-28' }));
  });

  it('bundles a week of P5D in one file per distributor with --p5d weekly', () => {
    const weekly = generateInMemory({ p5d: 'weekly' });
    const dates = new Set(
      [...weekly.keys()].filter((p) => p.includes('/P5D_')).map((p) => p.slice(-10, -2)),
    );

    // Week of Monday 25 March delivered Monday 1 April; the partial next week Monday 8 April.
    expect([...dates].sort()).toEqual(['20240401', '20240408']);
  });
});
