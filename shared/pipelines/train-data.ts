import { createHash } from 'node:crypto';
import { addDays, dayOfDateNumber } from '../calendar/days.js';
import { regionOfProvince } from '../calendar/provinces.js';
import { localDayBoundsUtc, localDayOf, localDayOfHourEnd, MARKET_ZONE } from '../calendar/zone.js';
import { type FeatureSupply } from '../features/build-features.js';
import { buildHistory, type HistoryReading } from '../features/history.js';
import { type ReadingStore, type SupplyStore, type WeatherStore } from '../ports.js';
import { type Reading, type Supply, type WeatherRow } from '../types.js';

/** What training reads: supplies with their histories, and the weather of their locations. */
export interface TrainingData {
  supplies: Supply[];
  features: FeatureSupply[];
  weather: WeatherRow[];
  /** sha256 over (cups, readings, Σ Wh) per supply, in order: identifies the training inputs. */
  fingerprint: string;
}

/**
 * The last local day whose readings a run at `nowMs` may use: the day before today with the
 * default latency of 2 (at 11:00 on D−1 the newest complete day is D−2), and never after the
 * last complete day of readings in the store (replays of historical data).
 * @example lastAvailableDay(Date.parse('2024-05-10T09:00Z'), null, 2) // '2024-05-09'
 */
export function lastAvailableDay(
  nowMs: number,
  newestHourEnd: number | null,
  dataLatencyDays: number,
): string {
  const byClock = addDays(localDayOf(nowMs, MARKET_ZONE), 1 - dataLatencyDays);
  if (newestHourEnd === null) return byClock;
  // The newest reading's day counts only when complete (its last hour is there).
  const newestDay = localDayOfHourEnd(newestHourEnd, MARKET_ZONE);
  const complete = newestHourEnd >= localDayBoundsUtc(newestDay, MARKET_ZONE)[1];
  const byData = complete ? newestDay : addDays(newestDay, -1);
  return [byData, byClock].sort()[0] ?? byClock;
}

/** UTC bounds (fromMs exclusive, toMs inclusive, as the store reads them) of local days first..last. */
export function windowBoundsUtc(first: string, last: string): readonly [number, number] {
  return [localDayBoundsUtc(first, MARKET_ZONE)[0], localDayBoundsUtc(last, MARKET_ZONE)[1]];
}

/** Loads readings of the given supplies and the weather of their locations over local days first..last. */
export async function loadTrainingData(
  store: ReadingStore & WeatherStore,
  supplies: readonly Supply[],
  first: string,
  last: string,
): Promise<TrainingData> {
  const [fromMs, toMs] = windowBoundsUtc(first, last);
  const hash = createHash('sha256').update(`${first}|${last}`);
  const features: FeatureSupply[] = [];
  for (const supply of supplies) {
    const readings = await store.readings(supply.cups, fromMs, toMs);
    let sum = 0;
    for (const r of readings) sum += r.wh;
    hash.update(`|${supply.cups}:${readings.length}:${sum.toFixed(3)}`);
    features.push({
      history: buildHistory(supply.cups, readings.map(toHistoryReading), MARKET_ZONE),
      zone: supply.zone,
      region: regionOfProvince(supply.province),
      location: supply.location,
    });
  }
  const weather: WeatherRow[] = [];
  const locations = [
    ...new Set(supplies.map((s) => s.location).filter((l): l is string => l !== null)),
  ];
  for (const location of locations.sort()) {
    weather.push(...(await store.weather(location, 'observed', fromMs, toMs)));
    weather.push(...(await store.weather(location, 'forecast', fromMs, toMs)));
  }
  return { supplies: [...supplies], features, weather, fingerprint: hash.digest('hex') };
}

/** A stored reading as a history reads it: its value, and the day its first file arrived. */
export function toHistoryReading(r: Reading): HistoryReading {
  return r.knownDate === undefined
    ? { hourEnd: r.hourEnd, wh: r.wh }
    : { hourEnd: r.hourEnd, wh: r.wh, knownDay: dayOfDateNumber(r.knownDate) };
}

/** Supplies in stable (CUPS) order, and the newest reading among them. */
export async function listTrainableSupplies(
  store: SupplyStore,
): Promise<{ supplies: Supply[]; newest: number | null }> {
  const supplies = (await store.listSupplies()).filter((s) => s.lastReading !== null);
  supplies.sort((a, b) => (a.cups < b.cups ? -1 : a.cups > b.cups ? 1 : 0));
  const newest = supplies.reduce<number | null>(
    (m, s) => (m === null || (s.lastReading ?? m) > m ? s.lastReading : m),
    null,
  );
  return { supplies, newest };
}
