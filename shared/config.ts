import { canonicalZone, type Zone } from './calendar/zone.js';
import {
  type AlertConfig,
  type MailConfig,
  parseAlertConfig,
  parseMailConfig,
} from './config-alerts.js';
import { type MonitorConfig, parseMonitorConfig } from './config-monitor.js';
import { ConfigError } from './errors.js';

export interface Config {
  /** Store URL: `sqlite:PATH` or `mongodb://…` / `mongodb+srv://…`. */
  readonly storeUrl: string;
  readonly mongoDb: string;
  readonly mongoPredCol: string;
  readonly mongoMeteoCol: string;
  /** Blob store URL: `file:PATH` or `gs://bucket/prefix`. */
  readonly blobsUrl: string;
  /** Artifacts (model registry) blob store URL. */
  readonly artifactsUrl: string;
  /** Bus: `memory` (in-process) or `pubsub:PROJECT_ID`. */
  readonly busUrl: string;
  /** IANA zone per CUPS prefix (longest match wins), overriding the built-in Canary detection. */
  readonly zoneOverrides: Readonly<Record<string, Zone>>;
  /** Refuse to inflate a compressed metering file beyond this many bytes. */
  readonly maxInflateBytes: number;
  /** A metering value above this many Wh in one hour is refused as implausible. */
  readonly maxReadingWh: number;
  /** Folder for scratch files (a file being validated before it is stored); '' = the OS's. */
  readonly scratchDir: string;
  /** Events older than this are dropped, not retried forever. */
  readonly maxEventAgeMs: number;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
  /** HMAC key for CUPS pseudonyms in logs (a secret: never logged). */
  readonly pseudonymKey: string | undefined;
  /** OpenWeather One Call API key (a secret: never logged). */
  readonly openWeatherApiKey: string | undefined;
  readonly weatherSource: 'open-meteo' | 'openweather' | 'files';
  readonly openWeatherBaseUrl: string;
  readonly openMeteoBaseUrl: string;
  readonly openMeteoArchiveUrl: string;
  /** Calls a weather run may make before it stops and reports the gap. */
  readonly weatherCallBudget: number;
  /** Git SHA of the running code, recorded in model manifests (MCE_CODE_REVISION; "unknown" if unset). */
  readonly codeRevision: string;
  /** E-mail delivery (MCE_MAILER, MCE_SMTP_*, MCE_ALERT_FROM/TO): see shared/config-alerts.ts. */
  readonly mail: MailConfig;
  /** Alert rule thresholds and the incident engine's timing (MCE_ALERT_*). */
  readonly alerts: AlertConfig;
  /** Scoring, drift window, retraining and promotion (MCE_MONITOR_*, MCE_RETRAIN_*, MCE_PROMOTE_*, MCE_ROLLBACK_DAYS): see shared/config-monitor.ts. */
  readonly monitor: MonitorConfig;
  /** GCS emulator (STORAGE_EMULATOR_HOST, e.g. fake-gcs-server in tests); unset in production. */
  readonly storageEmulatorHost: string | undefined;
  /** Supplies per forecast-batch message (MCE_FORECAST_BATCH_SIZE). */
  readonly forecastBatchSize: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
const WEATHER_SOURCES = ['open-meteo', 'openweather', 'files'] as const;
/** A forecast batch lists its CUPS in the Pub/Sub message (10 MB at most): 10,000 is ~250 kB. */
const MAX_FORECAST_BATCH_SIZE = 10_000;

function buildMongoUrl(env: Env, problems: string[]): string | undefined {
  if (env.MONGO_URI) return env.MONGO_URI;
  if (!env.MONGO_HOST) return undefined;
  const user = env.MONGO_USER;
  const pass = env.MONGO_PASS;
  if ((user && !pass) || (!user && pass)) {
    problems.push('MONGO_USER and MONGO_PASS must be set together');
  }
  const auth = user && pass ? `${encodeURIComponent(user)}:${encodeURIComponent(pass)}@` : '';
  const scheme = env.MONGO_HOST.includes('mongodb.net') ? 'mongodb+srv' : 'mongodb';
  return `${scheme}://${auth}${env.MONGO_HOST}/?retryWrites=true&w=majority`;
}

function parseZoneOverrides(raw: string | undefined, problems: string[]): Record<string, Zone> {
  const out: Record<string, Zone> = {};
  if (!raw) return out;
  for (const pair of raw.split(',').filter((p) => p.trim() !== '')) {
    const [prefix, zone] = pair.split('=').map((s) => s.trim());
    if (!prefix || !/^ES\d{0,16}$/.test(prefix)) {
      problems.push(`MCE_ZONE_OVERRIDES: "${pair}" must look like ES0031=Atlantic/Canary`);
    } else {
      const known = canonicalZone(zone ?? '');
      if (known === undefined) {
        problems.push(
          `MCE_ZONE_OVERRIDES: "${zone}" is not an IANA time zone (e.g. Europe/Lisbon)`,
        );
      } else {
        out[prefix] = known;
      }
    }
  }
  return out;
}

function positiveInt(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    problems.push(`${name} must be a positive integer, got "${raw}"`);
    return fallback;
  }
  return value;
}

function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return fallback;
}

/**
 * Hides credentials in a URL-looking value, whatever its scheme or slashes: the password of
 * `scheme:[//]user:password@host` (the whole user part when it has no password: it may be a
 * token) and credential query parameters.
 * @example redactUrl('mongodb:/user:secret@host/db') // 'mongodb:/user:***@host/db'
 */
export function redactUrl(value: string): string {
  const query = value.search(/[?#]/);
  const head = query < 0 ? value : value.slice(0, query);
  const tail = query < 0 ? '' : value.slice(query);
  const at = head.lastIndexOf('@');
  const scheme = /^[a-z][a-z0-9+.-]*:\/*/i.exec(head)?.[0] ?? '';
  let shown = head;
  const user = head.slice(scheme.length, Math.max(at, scheme.length));
  // A path with an @ in it (file:/tmp/a@b) has a slash before the @: it holds no credentials.
  if (at > scheme.length && !user.includes('/')) {
    const colon = user.indexOf(':');
    shown = `${scheme}${colon < 0 ? '***' : `${user.slice(0, colon)}:***`}${head.slice(at)}`;
  }
  return (
    shown + tail.replace(/([?&](?:appid|apikey|api_key|key|password|pass|token)=)[^&#]*/gi, '$1***')
  );
}

/** What a URL of each scheme needs after the scheme, to name a place. */
const URL_SHAPES: readonly RegExp[] = [
  /^sqlite:./,
  /^mongodb(\+srv)?:\/\/[^/?]*[^/?@]/,
  /^file:(?!\/*$)/,
  /^gs:\/\/[^/]/,
  /^memory$/,
  /^pubsub:./,
];

function url(
  env: Env,
  name: string,
  fallback: string,
  schemes: RegExp,
  problems: string[],
  label: string,
): string {
  const raw = env[name] || fallback;
  const shown = redactUrl(raw);
  if (!schemes.test(raw)) problems.push(`${label} "${shown}" has an unsupported scheme`);
  else if (!URL_SHAPES.some((shape) => shape.test(raw))) {
    problems.push(`${label} "${shown}" names no path, host or bucket after its scheme`);
  }
  return raw;
}

/**
 * Reads and validates the whole configuration once. Pure: pass any env object.
 * @throws ConfigError listing every problem found, not just the first.
 */
export function loadConfig(env: Env = process.env): Config {
  return readConfig(env, {});
}

/** Default of MCE_MAX_READING_WH: 1 GWh in one hour, a continuous 1 GW draw (see README). */
export const DEFAULT_MAX_READING_WH = 1_000_000_000;

function readConfig(env: Env, labels: Readonly<Record<string, string>>): Config {
  const problems: string[] = [];
  const label = (name: string) => labels[name] ?? name;
  const storeUrl = url(
    env,
    'MCE_STORE',
    buildMongoUrl(env, problems) ?? 'sqlite:./data/mce.db',
    /^(sqlite:|mongodb(\+srv)?:\/\/)/,
    problems,
    label('MCE_STORE'),
  );
  const config: Config = {
    storeUrl,
    mongoDb: env.MONGO_DB || 'mce',
    mongoPredCol: env.MONGO_PRED_COL || 'predictions',
    mongoMeteoCol: env.MONGO_METEO_COL || 'weather',
    blobsUrl: url(
      env,
      'MCE_BLOBS',
      'file:./data/blobs',
      /^(file:|gs:\/\/)/,
      problems,
      label('MCE_BLOBS'),
    ),
    artifactsUrl: url(
      env,
      'MCE_ARTIFACTS',
      'file:./artifacts',
      /^(file:|gs:\/\/)/,
      problems,
      label('MCE_ARTIFACTS'),
    ),
    busUrl: url(env, 'MCE_BUS', 'memory', /^(memory$|pubsub:)/, problems, label('MCE_BUS')),
    zoneOverrides: Object.freeze(parseZoneOverrides(env.MCE_ZONE_OVERRIDES, problems)),
    maxInflateBytes: positiveInt(env, 'MCE_MAX_INFLATE_BYTES', 2 * 1024 ** 3, problems),
    maxReadingWh: positiveInt(env, 'MCE_MAX_READING_WH', DEFAULT_MAX_READING_WH, problems),
    scratchDir: env.MCE_SCRATCH_DIR || '',
    maxEventAgeMs: positiveInt(env, 'MCE_MAX_EVENT_AGE_MS', 24 * 3600 * 1000, problems),
    logLevel: oneOf(env, 'MCE_LOG_LEVEL', LOG_LEVELS, 'INFO', problems),
    pseudonymKey: env.MCE_PSEUDONYM_KEY || undefined,
    openWeatherApiKey: env.OPENWEATHER_API_KEY || undefined,
    weatherSource: oneOf(env, 'MCE_WEATHER_SOURCE', WEATHER_SOURCES, 'open-meteo', problems),
    openWeatherBaseUrl: env.OPENWEATHER_BASE_URL || 'https://api.openweathermap.org',
    openMeteoBaseUrl: env.OPEN_METEO_BASE_URL || 'https://api.open-meteo.com',
    openMeteoArchiveUrl: env.OPEN_METEO_ARCHIVE_URL || 'https://archive-api.open-meteo.com',
    weatherCallBudget: positiveInt(env, 'MCE_WEATHER_CALL_BUDGET', 1000, problems),
    codeRevision: env.MCE_CODE_REVISION || 'unknown',
    mail: Object.freeze(parseMailConfig(env, problems)),
    alerts: Object.freeze(parseAlertConfig(env, problems)),
    monitor: Object.freeze(parseMonitorConfig(env, problems)),
    storageEmulatorHost: env.STORAGE_EMULATOR_HOST || undefined,
    forecastBatchSize: positiveInt(env, 'MCE_FORECAST_BATCH_SIZE', 500, problems),
  };
  if (config.forecastBatchSize > MAX_FORECAST_BATCH_SIZE) {
    problems.push(`MCE_FORECAST_BATCH_SIZE must be at most ${MAX_FORECAST_BATCH_SIZE}`);
  }
  if (config.weatherSource === 'openweather' && !config.openWeatherApiKey) {
    problems.push('MCE_WEATHER_SOURCE=openweather needs OPENWEATHER_API_KEY');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * Configuration from the process environment with `defaults` under it and `overrides` (command
 * line flags) over it. A problem with an overridden value is reported under its name in `flags`
 * (`--store` rather than MCE_STORE), the name the user typed.
 * @throws ConfigError listing every problem found
 */
export function loadConfigWith(
  overrides: Env = {},
  defaults: Env = {},
  env: Env = process.env,
  flags: Readonly<Record<string, string>> = {},
): Config {
  const defined = (e: Env) =>
    Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined));
  const labels = Object.fromEntries(
    Object.keys(defined(overrides)).map((name) => [name, flags[name] ?? name]),
  );
  return readConfig({ ...defaults, ...defined(env), ...defined(overrides) }, labels);
}
