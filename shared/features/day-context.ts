import { dayString } from '../calendar/days.js';
import { HOUR_MS, localDayBoundsUtc, type Zone } from '../calendar/zone.js';
import { type SupplyHistory, slotAt } from './history.js';
import { lastVisibleDay } from './origin.js';
import { type WeatherLookup } from './weather-index.js';

/** What every hour of one target day shares: which readings it may see and the supply's level. */
export interface DayContext {
  /** Newest day whose readings may be read (day numbers). */
  last: number;
  /** Day by which a reading's file must have arrived to be read: the origin's day, D − 1. */
  knownBy: number;
  /** Mean hourly Wh over the 7 days ending at `last` (28 when 7 have none); NaN when none. */
  level: number;
  /** Days among the last 7 with at least one visible reading. */
  historyDays: number;
  /** Mean hourly Wh of the newest day with a visible reading (within the last 7), NaN when none. */
  lastDayMean: number;
  /** Day number of that day, NaN when none. */
  lastDay: number;
}

/** Mean of every visible slot of days last−n+1..last, or NaN; also how many days had data. */
function levelOver(h: SupplyHistory, last: number, n: number, knownBy: number): [number, number] {
  let sum = 0;
  let count = 0;
  let days = 0;
  for (let day = last - n + 1; day <= last; day++) {
    let any = false;
    for (let hour = 0; hour < 24; hour++) {
      const wh = slotAt(h, day, hour, knownBy);
      if (!Number.isNaN(wh)) {
        sum += wh;
        count++;
        any = true;
      }
    }
    if (any) days++;
  }
  return [count === 0 ? Number.NaN : sum / count, days];
}

/**
 * The context of target day `dayNum` (a day number): readings of days up to dayNum − latency whose
 * file had arrived by dayNum − 1, the origin's day.
 */
export function dayContext(history: SupplyHistory, dayNum: number, latency: number): DayContext {
  const last = lastVisibleDay(dayNum, latency);
  const knownBy = dayNum - 1;
  const [level7, historyDays] = levelOver(history, last, 7, knownBy);
  const level = Number.isNaN(level7) ? levelOver(history, last, 28, knownBy)[0] : level7;
  let lastDay = Number.NaN;
  let lastDayMean = Number.NaN;
  for (let day = last; day > last - 7 && Number.isNaN(lastDay); day--) {
    const [mean] = levelOver(history, day, 1, knownBy);
    if (!Number.isNaN(mean)) {
      lastDay = day;
      lastDayMean = mean;
    }
  }
  return { last, knownBy, level, historyDays, lastDayMean, lastDay };
}

/**
 * Mean temperature (°C) at a location over the 7 days ending at `last`, as seen at the origin,
 * NaN when none; cached per location and day.
 */
export function pastMeanTemperature(
  location: string | null,
  last: number,
  origin: number,
  weather: WeatherLookup,
  zone: Zone,
  cache: Map<string, number>,
): number {
  if (location === null) return Number.NaN;
  const key = `${location}|${last}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const from = localDayBoundsUtc(dayString(last - 6), zone)[0];
  const to = localDayBoundsUtc(dayString(last), zone)[1];
  let sum = 0;
  let count = 0;
  for (let h = from + HOUR_MS; h <= to; h += HOUR_MS) {
    const t = weather(location, h, origin)?.temperatureC;
    if (t !== undefined && t !== null) {
      sum += t;
      count++;
    }
  }
  const value = count === 0 ? Number.NaN : sum / count;
  cache.set(key, value);
  return value;
}
