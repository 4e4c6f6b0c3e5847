import { describe, expect, it } from 'vitest';
import { loadConfig, loadConfigWith, redactUrl } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      storeUrl: 'sqlite:./data/mce.db',
      blobsUrl: 'file:./data/blobs',
      artifactsUrl: 'file:./artifacts',
      busUrl: 'memory',
      mongoDb: 'mce',
      zoneOverrides: {},
      logLevel: 'INFO',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ MONGO_URI: 'mongodb://db:27017/' }, 'mongodb://db:27017/'],
    [
      { MONGO_HOST: 'db.internal:27017', MONGO_USER: 'mce', MONGO_PASS: 'p@ss' },
      'mongodb://mce:p%40ss@db.internal:27017/?retryWrites=true&w=majority',
    ],
    [
      { MONGO_HOST: 'cluster0.abcde.mongodb.net', MONGO_USER: 'u', MONGO_PASS: 'p' },
      'mongodb+srv://u:p@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority',
    ],
    [{ MCE_STORE: 'sqlite:/tmp/x.db', MONGO_URI: 'mongodb://ignored/' }, 'sqlite:/tmp/x.db'],
  ])('builds the store URL from %o', (env, storeUrl) => {
    expect(loadConfig(env).storeUrl).toBe(storeUrl);
  });

  it('reads the MongoDB collection names', () => {
    const config = loadConfig({
      MONGO_DB: 'prod',
      MONGO_PRED_COL: 'preds',
      MONGO_METEO_COL: 'meteo',
    });

    expect(config).toMatchObject({
      mongoDb: 'prod',
      mongoPredCol: 'preds',
      mongoMeteoCol: 'meteo',
    });
  });

  it('passes the GCS emulator host through, and none by default', () => {
    expect(loadConfig({ STORAGE_EMULATOR_HOST: 'http://127.0.0.1:4443' })).toMatchObject({
      storageEmulatorHost: 'http://127.0.0.1:4443',
    });
    expect(loadConfig({}).storageEmulatorHost).toBeUndefined();
  });

  it.each([
    [{}, 500],
    [{ MCE_FORECAST_BATCH_SIZE: '' }, 500],
    [{ MCE_FORECAST_BATCH_SIZE: '1' }, 1],
    [{ MCE_FORECAST_BATCH_SIZE: '10000' }, 10_000],
  ])('reads the forecast batch size from %o', (env, size) => {
    expect(loadConfig(env).forecastBatchSize).toBe(size);
  });

  it.each([
    ['0', /MCE_FORECAST_BATCH_SIZE must be a positive integer, got "0"/],
    ['2.5', /MCE_FORECAST_BATCH_SIZE must be a positive integer, got "2.5"/],
    ['many', /MCE_FORECAST_BATCH_SIZE must be a positive integer, got "many"/],
    ['10001', /MCE_FORECAST_BATCH_SIZE must be at most 10000/],
  ])('refuses a forecast batch size of "%s"', (raw, message) => {
    expect(() => loadConfig({ MCE_FORECAST_BATCH_SIZE: raw })).toThrow(message);
  });

  it('parses zone overrides per CUPS prefix', () => {
    expect(
      loadConfig({ MCE_ZONE_OVERRIDES: 'ES0031=Atlantic/Canary, ES0021=Europe/Madrid' })
        .zoneOverrides,
    ).toEqual({
      ES0031: 'Atlantic/Canary',
      ES0021: 'Europe/Madrid',
    });
  });

  it('accepts any IANA zone in its canonical spelling and refuses unknown names, all at once', () => {
    const env = { MCE_ZONE_OVERRIDES: 'ES0031=europe/lisbon,ES0021=America/New_York' };
    expect(loadConfig(env).zoneOverrides).toEqual({
      ES0031: 'Europe/Lisbon',
      ES0021: 'America/New_York',
    });

    const act = () => loadConfig({ MCE_ZONE_OVERRIDES: 'ES0031=Europe/Atlantis,ES0021=GMT+25' });

    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/"Europe\/Atlantis" is not an IANA time zone.*"GMT\+25" is not an IANA/);
  });

  it('reports every problem at once', () => {
    const env = {
      MCE_STORE: 'postgres://x',
      MCE_MAX_EVENT_AGE_MS: '-5',
      MCE_LOG_LEVEL: 'LOUD',
      MCE_ZONE_OVERRIDES: 'ES0031=Europe/Atlantis',
      MONGO_HOST: 'h',
      MONGO_USER: 'only-user',
    };

    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/MCE_STORE/);
    expect(problems.join('\n')).toMatch(/MCE_MAX_EVENT_AGE_MS must be a positive integer/);
    expect(problems.join('\n')).toMatch(/MCE_LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/Europe\/Atlantis/);
    expect(problems.join('\n')).toMatch(/MONGO_USER and MONGO_PASS/);
  });

  it('hides the credentials of a URL it refuses', () => {
    expect(() => loadConfig({ MCE_STORE: 'postgres://mce:hunter2@db/x' })).toThrow(
      /"postgres:\/\/mce:\*\*\*@db\/x"/,
    );
    expect(() => loadConfig({ MCE_STORE: 'postgres://mce:hunter2@db/x' })).not.toThrow(/hunter2/);
  });

  it('never puts a secret in its error message', () => {
    expect(() =>
      loadConfig({ MCE_WEATHER_SOURCE: 'openweather', MONGO_HOST: 'h', MONGO_PASS: 's3cret' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ MCE_WEATHER_SOURCE: 'openweather', MONGO_HOST: 'h', MONGO_PASS: 's3cret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cret');
      expect((error as Error).message).toMatch(/OPENWEATHER_API_KEY/);
    }
  });
});

describe('loadConfigWith', () => {
  it('puts flags over the environment and defaults under it', () => {
    const config = loadConfigWith(
      { MCE_STORE: 'sqlite:/flag.db', MCE_BLOBS: undefined },
      { MCE_LOG_LEVEL: 'WARNING', MCE_BLOBS: 'file:/default' },
      { MCE_STORE: 'sqlite:/env.db', MCE_BLOBS: 'file:/env' },
    );

    expect(config).toMatchObject({
      storeUrl: 'sqlite:/flag.db',
      blobsUrl: 'file:/env',
      logLevel: 'WARNING',
    });
  });
});

describe('loadConfigWith: flags', () => {
  it.each([
    [
      'MCE_STORE',
      '--store',
      'postgres://db/x',
      /--store "postgres:\/\/db\/x" has an unsupported scheme/,
    ],
    ['MCE_BLOBS', '--blobs', 's3://bucket', /--blobs "s3:\/\/bucket" has an unsupported scheme/],
    [
      'MCE_ARTIFACTS',
      '--artifacts',
      'gs://',
      /--artifacts "gs:\/\/" names no path, host or bucket/,
    ],
    ['MCE_STORE', '--store', 'sqlite:', /--store "sqlite:" names no path/],
    ['MCE_BLOBS', '--blobs', 'file:', /--blobs "file:" names no path/],
  ])('reports a bad %s by the flag typed, %s', (name, flag, value, message) => {
    const act = () => loadConfigWith({ [name]: value }, {}, {}, { [name]: flag });

    expect(act).toThrow(message);
    expect(act).not.toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('reports a bad variable by its name when no flag overrides it', () => {
    expect(() =>
      loadConfigWith({ MCE_STORE: undefined }, {}, { MCE_STORE: 'x:y' }, { MCE_STORE: '--store' }),
    ).toThrow(/MCE_STORE "x:y"/);
  });
});

describe('loadConfig: ingestion limits', () => {
  it('reads MCE_MAX_READING_WH and MCE_SCRATCH_DIR, with defaults', () => {
    expect(loadConfig({})).toMatchObject({ maxReadingWh: 1_000_000_000, scratchDir: '' });
    expect(loadConfig({ MCE_MAX_READING_WH: '5000', MCE_SCRATCH_DIR: '/var/tmp' })).toMatchObject({
      maxReadingWh: 5000,
      scratchDir: '/var/tmp',
    });
    expect(() => loadConfig({ MCE_MAX_READING_WH: '1e3x' })).toThrow(/MCE_MAX_READING_WH/);
  });
});

describe('redactUrl', () => {
  it.each([
    [
      'mongodb+srv://user:pw@cluster.mongodb.net/?w=majority',
      'mongodb+srv://user:***@cluster.mongodb.net/?w=majority',
    ],
    ['mongodb:/user:secret@host', 'mongodb:/user:***@host'],
    ['mongodb:user:secret@host/db', 'mongodb:user:***@host/db'],
    ['mongodb:///user:secret@host', 'mongodb:///user:***@host'],
    ['mongodb://u:p@ss@host:1/db', 'mongodb://u:***@host:1/db'],
    ['https://TOKEN@host/x', 'https://***@host/x'],
    ['weird+scheme://a:b@c', 'weird+scheme://a:***@c'],
    ['https://x/y?lat=1&appid=SECRET', 'https://x/y?lat=1&appid=***'],
    ['mongodb://host:27017/', 'mongodb://host:27017/'],
    ['sqlite:./data/mce.db', 'sqlite:./data/mce.db'],
    ['file:/tmp/a@b/dir', 'file:/tmp/a@b/dir'],
  ])('shows %s as %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
