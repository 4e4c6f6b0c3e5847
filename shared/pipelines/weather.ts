import {
  HOUR_MS,
  localDayBoundsUtc,
  localDayOf,
  localTimeUtc,
  MARKET_ZONE,
} from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { type Logger } from '../logging.js';
import {
  type Clock,
  type SupplyStore,
  type WeatherGap,
  type WeatherLocation,
  type WeatherRequest,
  type WeatherSource,
  type WeatherStore,
} from '../ports.js';
import { type WeatherKind, type WeatherRow } from '../types.js';

/**
 * Weather ingestion: for every distinct supply location, fetch the observations of the day before
 * and of the day so far, and the 48-hour forecast issued now (or, replaying a past day from a
 * source that keeps old forecasts, the one issued at 10:00 that day), then upsert them.
 */
export interface WeatherIngestInput {
  /** Local (Europe/Madrid) day, YYYY-MM-DD; today by default. */
  date?: string;
  /** Name of the source the caller expects (checked against deps.source). */
  source?: WeatherSource['name'];
  kinds?: readonly WeatherKind[];
}

export interface WeatherIngestDeps {
  store: WeatherStore & Pick<SupplyStore, 'listSupplies'>;
  source: WeatherSource;
  logger: Logger;
  now: Clock;
}

export interface WeatherIngestSummary {
  date: string;
  source: string;
  kinds: WeatherKind[];
  locations: number;
  rows: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  calls: number;
  gaps: WeatherGap[];
  /** Kinds not fetched, with why. */
  skipped: string[];
  /** True when something expected did not come (gaps). */
  partial: boolean;
}

const FORECAST_HOURS = 48;
/** Replaying a past day takes the forecast issued at 10:00 local, before the 11:00 forecast run. */
const REPLAY_ISSUE_HOUR = 10;
const UPSERT_CHUNK = 5000;

async function locationsOf(store: WeatherIngestDeps['store']): Promise<WeatherLocation[]> {
  const byKey = new Map<string, WeatherLocation>();
  for (const s of await store.listSupplies()) {
    if (s.location === null || s.latitude === null || s.longitude === null) continue;
    if (!byKey.has(s.location)) {
      byKey.set(s.location, { key: s.location, latitude: s.latitude, longitude: s.longitude });
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The request window of one kind, or the reason it is skipped. */
function windowOf(kind: WeatherKind, date: string, now: number, source: WeatherSource) {
  const [dayStart, dayEnd] = localDayBoundsUtc(date, MARKET_ZONE);
  const nowHour = Math.floor(now / HOUR_MS) * HOUR_MS;
  if (kind === 'observed') {
    const [yesterdayStart] = localDayBoundsUtc(
      localDayOf(dayStart - HOUR_MS, MARKET_ZONE),
      MARKET_ZONE,
    );
    const toMs = Math.min(dayEnd, nowHour);
    return { fromMs: yesterdayStart, toMs, issuedAt: nowHour };
  }
  let issuedAt = nowHour;
  if (now >= dayEnd) {
    if (!source.historicalForecasts) {
      return `forecast: ${source.name} has no forecasts issued on past days`;
    }
    issuedAt = localTimeUtc(date, REPLAY_ISSUE_HOUR, MARKET_ZONE);
  }
  return { fromMs: issuedAt, toMs: issuedAt + FORECAST_HOURS * HOUR_MS, issuedAt };
}

/**
 * Fetches and stores the weather of every supply location for a day.
 * @throws InvalidInputError for a malformed or future date, a source mismatch or a refused key
 */
export async function ingestWeather(
  input: WeatherIngestInput,
  deps: WeatherIngestDeps,
): Promise<WeatherIngestSummary> {
  const now = deps.now();
  const date = input.date ?? localDayOf(now, MARKET_ZONE);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new InvalidInputError(`Weather date "${date}" is not YYYY-MM-DD`);
  }
  if (now < localDayBoundsUtc(date, MARKET_ZONE)[0]) {
    throw new InvalidInputError(`Weather date ${date} is in the future`);
  }
  if (input.source !== undefined && input.source !== deps.source.name) {
    throw new InvalidInputError(
      `Asked for ${input.source} weather but the source is ${deps.source.name}`,
    );
  }
  const kinds = [...new Set(input.kinds ?? (['observed', 'forecast'] as const))];
  const locations = await locationsOf(deps.store);
  const summary: WeatherIngestSummary = {
    date,
    source: deps.source.name,
    kinds,
    locations: locations.length,
    rows: 0,
    inserted: 0,
    replaced: 0,
    unchanged: 0,
    calls: 0,
    gaps: [],
    skipped: [],
    partial: false,
  };
  if (locations.length === 0) {
    summary.skipped.push('no supply has a location');
    return summary;
  }
  for (const kind of kinds) {
    const window = windowOf(kind, date, now, deps.source);
    if (typeof window === 'string') {
      summary.skipped.push(window);
      continue;
    }
    if (window.toMs <= window.fromMs) continue;
    const request: WeatherRequest = { locations, kind, ...window };
    const result = await deps.source.fetchWeather(request);
    deps.logger.debug('weather fetched', {
      kind,
      rows: result.rows.length,
      gaps: result.gaps.length,
    });
    await store(result.rows, deps, summary);
    summary.calls += result.calls;
    summary.gaps.push(...result.gaps);
  }
  summary.partial = summary.gaps.length > 0;
  return summary;
}

async function store(
  rows: readonly WeatherRow[],
  deps: WeatherIngestDeps,
  summary: WeatherIngestSummary,
) {
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    const counts = await deps.store.upsertWeather(rows.slice(i, i + UPSERT_CHUNK));
    summary.inserted += counts.inserted;
    summary.replaced += counts.replaced;
    summary.unchanged += counts.unchanged;
  }
  summary.rows += rows.length;
}
