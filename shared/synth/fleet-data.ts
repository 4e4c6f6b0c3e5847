import { dayRange } from '../calendar/days.js';
import { HOUR_MS, localDayBoundsUtc, MARKET_ZONE } from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { buildHourCalendar, type HourCalendar } from './calendar.js';
import { assignChanges, type ChangeEvent, type ChangeSpec } from './changes.js';
import { buildFleet, type SynthSupply } from './fleet.js';
import { hourLabelBytes } from './labels.js';
import { generateSupplyLoad, type SupplyLoad } from './load.js';
import { SYNTH_ZONES, type SynthLocation, type SynthZone } from './locations.js';
import { generateWeather, type WeatherSeries } from './weather.js';

/**
 * The in-memory synthetic fleet every output file is written from: the supplies, their weather
 * and their true hourly loads on one hour grid (generate.ts and metering-files.ts write it out).
 */

/** What `mce generate` asks for. Days are local (Europe/Madrid) calendar days, both inclusive. */
export interface GenerateOptions {
  supplies: number;
  from: string;
  to: string;
  seed: number;
  p5d: 'daily' | 'weekly';
  changes: readonly ChangeSpec[];
  /** Retailer code in file names, 4 digits. */
  retailer: string;
}

/** One chunk of output: text for a path under the output folder, appended after its first chunk. */
export interface SynthChunk {
  path: string;
  /** Text is written as UTF-8; metering files come as bytes (ISO-8859-15, plain ASCII here). */
  data: string | Uint8Array;
}

/** Everything the file builders share: the fleet and its hour grid. */
export interface FleetData {
  options: GenerateOptions;
  fleet: SynthSupply[];
  changes: ChangeEvent[];
  /** UTC ms of the end of hour 0 and the number of hours (one extra for Canary days). */
  firstHourEnd: number;
  hours: number;
  /** The local days covered, YYYY-MM-DD ascending. */
  days: string[];
  /** Per zone, the hour labels, LABEL_BYTES ASCII bytes per hour. */
  labels: Record<SynthZone, Uint8Array>;
  /** Per zone and day, the hour-index range [from, to) of that local day. */
  dayRanges: Record<SynthZone, Map<string, readonly [number, number]>>;
  weather: Map<string, WeatherSeries>;
  loads: SupplyLoad[];
}

function dayRangesOf(zone: SynthZone, days: readonly string[], firstHourEnd: number) {
  const ranges = new Map<string, readonly [number, number]>();
  for (const day of days) {
    const [start, end] = localDayBoundsUtc(day, zone);
    ranges.set(day, [(start - firstHourEnd) / HOUR_MS + 1, (end - firstHourEnd) / HOUR_MS + 1]);
  }
  return ranges;
}

/**
 * Builds the fleet, its weather and its true hourly loads (the expensive, in-memory part).
 * @throws InvalidInputError when `to` is before `from` or a day is malformed
 */
export function buildFleetData(options: GenerateOptions, progress: (m: string) => void): FleetData {
  const [start] = localDayBoundsUtc(options.from, MARKET_ZONE);
  const [, end] = localDayBoundsUtc(options.to, MARKET_ZONE);
  if (end <= start) {
    throw new InvalidInputError(`--to ${options.to} is before --from ${options.from}`);
  }
  const firstHourEnd = start + HOUR_MS;
  // One hour more than the Madrid days: Canary days end an hour later in UTC.
  const hours = (end - start) / HOUR_MS + 1;
  const days = dayRange(options.from, options.to);
  const fleet = buildFleet(options.supplies, options.seed);
  const changes = assignChanges(fleet, options.changes, options.seed);
  const locations = new Map<string, SynthLocation>();
  for (const s of fleet) locations.set(s.location.key, s.location);
  const weather = new Map<string, WeatherSeries>();
  const calendars = new Map<string, HourCalendar>();
  for (const loc of locations.values()) {
    weather.set(loc.key, generateWeather(loc, options.seed, firstHourEnd, hours));
    calendars.set(loc.key, buildHourCalendar(loc.zone, loc.region, firstHourEnd, hours));
  }
  progress(`weather ready for ${locations.size} locations × ${hours} hours`);
  const byCups = new Map<string, ChangeEvent[]>();
  for (const c of changes) byCups.set(c.cups, [...(byCups.get(c.cups) ?? []), c]);
  const loads = fleet.map((s, n) => {
    if (n > 0 && n % 200 === 0) progress(`loads: ${n}/${fleet.length} supplies`);
    const key = s.location.key;
    return generateSupplyLoad(
      s,
      weather.get(key)!,
      calendars.get(key)!,
      byCups.get(s.cups) ?? [],
      options.seed,
    );
  });
  const labels = {} as Record<SynthZone, Uint8Array>;
  const dayRanges = {} as Record<SynthZone, Map<string, readonly [number, number]>>;
  for (const zone of SYNTH_ZONES) {
    labels[zone] = hourLabelBytes(firstHourEnd, hours, zone);
    dayRanges[zone] = dayRangesOf(zone, days, firstHourEnd);
  }
  return { options, fleet, changes, firstHourEnd, hours, days, labels, dayRanges, weather, loads };
}
