import { beforeAll, describe, expect, it } from 'vitest';
import {
  HOUR_MS,
  localDayOfHourEnd,
  toLocalFields,
  type Zone,
} from '../../../shared/calendar/zone.js';
import { parseMeterFileName } from '../../../shared/f5d/file-name.js';
import { parseSuppliesCsvRows } from '../../../shared/synth/supplies-csv.js';
import { kindRank } from '../../../shared/types.js';
import { parseAll } from '../../helpers/parse.js';
import { generateInMemory, textOf } from '../../helpers/synth-fleet.js';

/**
 * A domain expert's look at one synthetic year of 60 supplies, read back through the real F5D
 * parser: plausible annual consumption per archetype, the Spanish evening peak, offices idle at
 * weekends, heating and cooling following temperature, and a solar change visible in the data.
 */

interface Series {
  archetype: string;
  zone: Zone;
  location: string;
  wh: Map<number, number>;
}

async function finalReadings(files: Map<string, Uint8Array>, kinds: readonly string[]) {
  const supplies = parseSuppliesCsvRows(textOf(files, 'supplies.csv'), 'supplies.csv');
  const series = new Map<string, Series>();
  for (const s of supplies) {
    series.set(s.patch.cups, {
      archetype: s.archetype ?? '',
      zone: s.patch.zone!,
      location: s.patch.location!,
      wh: new Map(),
    });
  }
  // Apply files lowest precedence first: kind, then generation date, then version.
  const paths = [...files.keys()]
    .filter((p) => p.startsWith('metering/') && kinds.includes(parseMeterFileName(p).kind))
    .sort((a, b) => {
      const x = parseMeterFileName(a);
      const y = parseMeterFileName(b);
      return (
        kindRank(x.kind) - kindRank(y.kind) ||
        x.generationDate - y.generationDate ||
        x.version - y.version
      );
    });
  for (const path of paths) {
    const parsed = await parseAll(files.get(path)!, { fileName: path }, 1 << 22);
    expect(parsed.rejections).toEqual([]);
    for (const r of parsed.readings) series.get(r.cups)!.wh.set(r.hourEnd, r.wh);
  }
  return series;
}

function observedTemperatures(files: Map<string, Uint8Array>): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const line of textOf(files, 'weather/observed.jsonl').trim().split('\n')) {
    const row = JSON.parse(line) as { location: string; hourEnd: string; temperatureC: number };
    const byHour = out.get(row.location) ?? new Map<number, number>();
    byHour.set(Date.parse(row.hourEnd), row.temperatureC);
    out.set(row.location, byHour);
  }
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Pearson correlation coefficient. */
function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Daily kWh and daily mean temperature of one supply, per local day. */
function daily(s: Series, temps: Map<number, number>) {
  const kwh = new Map<string, number>();
  const t = new Map<string, number[]>();
  for (const [hourEnd, wh] of s.wh) {
    const day = localDayOfHourEnd(hourEnd, s.zone);
    kwh.set(day, (kwh.get(day) ?? 0) + wh / 1000);
    t.set(day, [...(t.get(day) ?? []), temps.get(hourEnd)!]);
  }
  const days = [...kwh.keys()];
  return { days, kwh: days.map((d) => kwh.get(d)!), temp: days.map((d) => mean(t.get(d)!)) };
}

const localHour = (hourEnd: number, zone: Zone) =>
  toLocalFields(hourEnd - HOUR_MS, zone).getUTCHours();
const localWeekday = (hourEnd: number, zone: Zone) =>
  toLocalFields(hourEnd - HOUR_MS, zone).getUTCDay();

describe("a synthetic year through a domain expert's eyes", () => {
  let series = new Map<string, Series>();
  let temps = new Map<string, Map<number, number>>();
  beforeAll(async () => {
    const files = generateInMemory({
      supplies: 60,
      from: '2024-01-01',
      to: '2024-12-31',
      seed: 11,
    });
    series = await finalReadings(files, ['F5D', 'RF5D']);
    temps = observedTemperatures(files);
  });
  const of = (archetype: string) => [...series.values()].filter((s) => s.archetype === archetype);
  const annualKwh = (s: Series) => [...s.wh.values()].reduce((a, b) => a + b, 0) / 1000;
  const stats: Record<string, unknown> = {};

  it('has households between 1.5 and 6 MWh a year and every archetype in its range', () => {
    const ranges: Record<string, [number, number]> = {
      household: [1500, 6000],
      'electric-heating': [3500, 15000],
      'air-conditioning': [2500, 11000],
      shop: [5000, 65000],
      office: [10000, 160000],
      flat: [4500, 130000],
      'second-home': [400, 3000],
    };
    for (const [archetype, [lo, hi]] of Object.entries(ranges)) {
      const annual = of(archetype).map(annualKwh);
      stats[`${archetype} kWh/yr (n, median)`] = [annual.length, Math.round(median(annual))];
      for (const kwh of annual) {
        expect(kwh).toBeGreaterThanOrEqual(lo);
        expect(kwh).toBeLessThanOrEqual(hi);
      }
    }
    expect(of('household').length).toBeGreaterThanOrEqual(15);
  });

  it('gives households their evening peak at 20-22 h, above midday and far above the night', () => {
    const byHour = Array.from({ length: 24 }, () => [] as number[]);
    for (const s of of('household')) {
      for (const [hourEnd, wh] of s.wh) byHour[localHour(hourEnd, s.zone)]!.push(wh);
    }
    const profile = byHour.map(mean);
    const evening = mean(profile.slice(20, 22));
    const midday = mean(profile.slice(10, 17));
    const night = mean(profile.slice(3, 6));
    stats['household evening/midday, night/evening'] = [evening / midday, night / evening];

    expect([20, 21]).toContain(profile.indexOf(Math.max(...profile)));
    expect(evening / midday).toBeGreaterThan(1.3);
    expect(night / evening).toBeLessThan(0.45);
  });

  it('keeps offices busy on weekdays and nearly idle on Sundays', () => {
    const weekday: number[] = [];
    const sunday: number[] = [];
    for (const s of of('office')) {
      for (const [hourEnd, wh] of s.wh) {
        const d = localWeekday(hourEnd, s.zone);
        if (d === 0) sunday.push(wh);
        else if (d >= 1 && d <= 5) weekday.push(wh);
      }
    }
    stats['office weekday/Sunday'] = mean(weekday) / mean(sunday);

    expect(mean(weekday) / mean(sunday)).toBeGreaterThan(2.5);
  });

  it('makes electric heating rise with cold and air conditioning with heat', () => {
    const corr = (archetype: string) =>
      of(archetype).map((s) => {
        const d = daily(s, temps.get(s.location)!);
        return pearson(d.temp, d.kwh);
      });
    const heating = corr('electric-heating');
    const cooling = corr('air-conditioning');
    stats['corr(daily kWh, temp) heating, cooling (medians)'] = [median(heating), median(cooling)];

    expect(heating.length).toBeGreaterThan(0);
    expect(cooling.length).toBeGreaterThan(0);
    expect(median(heating)).toBeLessThan(-0.6);
    expect(median(cooling)).toBeGreaterThan(0.3);
  });

  it('fills second homes in August and leaves them mostly empty in March', () => {
    const monthKwh = (s: Series, month: number) =>
      [...s.wh]
        .filter(([h]) => toLocalFields(h - HOUR_MS, s.zone).getUTCMonth() === month)
        .reduce((a, [, wh]) => a + wh, 0);
    const ratio = of('second-home').map((s) => monthKwh(s, 7) / Math.max(1, monthKwh(s, 2)));
    stats['second-home August/March (median)'] = median(ratio);

    expect(median(ratio)).toBeGreaterThan(3);
    console.log('synthetic fleet statistics', JSON.stringify(stats));
  });
});

describe('a solar change', () => {
  it('lowers midday import after its date for the changed supplies only', async () => {
    const options = { supplies: 30, from: '2024-05-01', to: '2024-07-31', seed: 5 };
    const base = await finalReadings(generateInMemory(options), ['F5D']);
    const changedFiles = generateInMemory({
      ...options,
      changes: [{ kind: 'solar', fraction: 0.2, from: '2024-06-15' }],
    });
    const changed = await finalReadings(changedFiles, ['F5D']);
    const solar = new Set(
      (
        JSON.parse(textOf(changedFiles, 'changes.json')) as { changes: Array<{ cups: string }> }
      ).changes.map((c) => c.cups),
    );
    const from = Date.parse('2024-06-15T00:00:00+02:00');
    const midday = (s: Series, after: boolean) =>
      [...s.wh]
        .filter(([h, _]) => h > from === after && [11, 12, 13, 14].includes(localHour(h, s.zone)))
        .reduce((a, [, wh]) => a + wh, 0);

    const ratios = [...solar].map(
      (cups) => midday(changed.get(cups)!, true) / midday(base.get(cups)!, true),
    );
    const before = [...solar].map(
      (cups) => midday(changed.get(cups)!, false) / midday(base.get(cups)!, false),
    );
    const others = [...changed.keys()]
      .filter((c) => !solar.has(c))
      .map((c) => midday(changed.get(c)!, true) / midday(base.get(c)!, true));

    expect(solar.size).toBe(6);
    expect(Math.max(...ratios)).toBeLessThan(0.6);
    expect(before).toEqual(before.map(() => 1));
    expect(others).toEqual(others.map(() => 1));
  });
});
