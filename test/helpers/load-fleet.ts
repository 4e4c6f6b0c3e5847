import { dayNumber, dayString, weekdayOf } from '../../shared/calendar/days.js';
import { isHoliday } from '../../shared/calendar/holidays.js';
import { type Region } from '../../shared/calendar/provinces.js';
import { HOUR_MS, localDayBoundsUtc, toLocalFields } from '../../shared/calendar/zone.js';
import { type FeatureSupply } from '../../shared/features/build-features.js';
import { buildHistory } from '../../shared/features/history.js';
import { climateNormalC } from '../../shared/features/weather-index.js';
import { createRng } from '../../shared/random.js';
import { type WeatherRow } from '../../shared/types.js';

/**
 * A small deterministic load generator for tests of features, baselines and training: households
 * and shops with daily and weekly shapes, a temperature response, holidays, slow level drift and
 * multiplicative noise. Deliberately simple; the product's synthetic fleet lives in shared/synth.
 */
export interface TestFleet {
  supplies: FeatureSupply[];
  readings: { cups: string; hourEnd: number; wh: number }[][];
  weather: WeatherRow[];
}

export interface TestFleetOptions {
  nSupplies: number;
  firstDay: string;
  nDays: number;
  seed: number;
  region?: Region | null;
}

const LOCATION = '40.42,-3.70';

/** Temperature with weather noise around the climate normal, °C. */
function temperatureAt(dayNum: number, hour: number, rng: () => number): number {
  const doy = ((dayNum % 365) + 365) % 365;
  return climateNormalC(doy, hour) + (rng() - 0.5) * 4;
}

export function makeTestFleet(options: TestFleetOptions): TestFleet {
  const rng = createRng(options.seed);
  const region = options.region === undefined ? 'MD' : options.region;
  const first = dayNumber(options.firstDay);
  const weather: WeatherRow[] = [];
  const temps = new Map<number, number>();
  for (let d = first; d < first + options.nDays; d++) {
    const [start, end] = localDayBoundsUtc(dayString(d), 'Europe/Madrid');
    for (let h = start + HOUR_MS; h <= end; h += HOUR_MS) {
      const hour = toLocalFields(h - HOUR_MS, 'Europe/Madrid').getUTCHours();
      const t = temperatureAt(d, hour, rng.next);
      temps.set(h, t);
      weather.push({
        location: LOCATION,
        hourEnd: h,
        kind: 'observed',
        issuedAt: h,
        temperatureC: t,
        humidityPct: null,
        cloudPct: 40,
        windMs: null,
        radiationWm2: null,
        source: 'test',
      });
    }
  }
  const supplies: FeatureSupply[] = [];
  const readings: TestFleet['readings'] = [];
  for (let i = 0; i < options.nSupplies; i++) {
    const cups = `ES${String(i).padStart(16, '0')}`;
    const shop = i % 3 === 2;
    const base = 150 + rng.next() * 600;
    const heat = 0.02 + rng.next() * 0.04;
    const list: { cups: string; hourEnd: number; wh: number }[] = [];
    for (let d = first; d < first + options.nDays; d++) {
      const day = dayString(d);
      const off = weekdayOf(day) >= 5 || isHoliday(day, region);
      const drift = 1 + 0.2 * Math.sin((2 * Math.PI * (d - first)) / 200 + i);
      const [start, end] = localDayBoundsUtc(day, 'Europe/Madrid');
      for (let h = start + HOUR_MS; h <= end; h += HOUR_MS) {
        const hour = toLocalFields(h - HOUR_MS, 'Europe/Madrid').getUTCHours();
        const shape = shop
          ? off
            ? 0.3
            : hour >= 9 && hour < 20
              ? 2.2
              : 0.4
          : 0.6 +
            0.8 * Math.exp(-((hour - 21) ** 2) / 6) +
            0.4 * Math.exp(-((hour - 8) ** 2) / 3) +
            (off ? 0.2 : 0);
        const t = temps.get(h)!;
        const thermal = 1 + heat * Math.max(0, 16 - t) + heat * 1.5 * Math.max(0, t - 24);
        const noise = Math.exp((rng.next() - 0.5) * 0.3);
        list.push({ cups, hourEnd: h, wh: base * shape * thermal * drift * noise });
      }
    }
    readings.push(list);
    supplies.push({
      history: buildHistory(cups, list, 'Europe/Madrid'),
      zone: 'Europe/Madrid',
      region,
      location: LOCATION,
    });
  }
  return { supplies, readings, weather };
}
