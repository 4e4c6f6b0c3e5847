import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { NEED_VARIABLES, productionVariables } from '../../shared/config-needs.js';

/** A production-like value per variable; a name missing here fails the first test. */
const SAMPLES: Record<string, string> = {
  MONGO_URI: 'mongodb+srv://cluster0.example.mongodb.net/',
  MONGO_DB: 'mce_prod',
  MCE_BLOBS: 'gs://example-blobs',
  MCE_ARTIFACTS: 'gs://example-artifacts',
  MCE_BUS: 'pubsub:example-project',
  MCE_WEATHER_SOURCE: 'openweather',
  OPENWEATHER_API_KEY: 'sample',
  MCE_CODE_REVISION: 'abc123',
  MCE_MAILER: 'outbox:/var/mce/outbox',
  MCE_SMTP_HOST: 'smtp.example.com',
  MCE_SMTP_PORT: '465',
  MCE_SMTP_USER: 'mce',
  MCE_SMTP_PASS: 'sample',
  MCE_ALERT_FROM: 'MCE <mce@example.com>',
  MCE_ALERT_TO: 'ops@example.com',
};

/**
 * Variables valid only beside another (the SMTP user and password go together): compared with
 * the pair holding another value of the name instead of without it.
 */
const PAIRED: Record<string, Record<string, string>> = {
  MCE_SMTP_USER: { MCE_SMTP_USER: 'other', MCE_SMTP_PASS: 'sample' },
  MCE_SMTP_PASS: { MCE_SMTP_USER: 'mce', MCE_SMTP_PASS: 'other' },
};

describe('NEED_VARIABLES', () => {
  const names = [...new Set(Object.values(NEED_VARIABLES).flat())];

  it.each(names)('names %s, which loadConfig reads', (name) => {
    const sample = SAMPLES[name];
    expect(sample, `no sample value for ${name} in this test`).toBeDefined();
    // MCE_WEATHER_SOURCE=openweather is refused without a key: keep one under every other sample.
    const base = { OPENWEATHER_API_KEY: 'base', ...PAIRED[name] };
    const without = loadConfig(
      PAIRED[name] ? base : Object.fromEntries(Object.entries(base).filter(([k]) => k !== name)),
    );

    const withIt = loadConfig({ ...base, [name]: sample });

    expect(withIt).not.toEqual(without);
  });
});

describe('productionVariables', () => {
  it('returns the sorted union of the needs, each name once', () => {
    expect(productionVariables(['store', 'bus', 'store'])).toEqual([
      'MCE_BUS',
      'MONGO_DB',
      'MONGO_URI',
    ]);
  });

  it('returns nothing for no needs', () => {
    expect(productionVariables([])).toEqual([]);
  });
});
