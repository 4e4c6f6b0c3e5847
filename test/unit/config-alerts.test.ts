import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';

const SMTP = {
  MCE_MAILER: 'smtp',
  MCE_SMTP_HOST: 'smtp.example.com',
  MCE_ALERT_FROM: 'MCE <mce@example.com>',
  MCE_ALERT_TO: 'ops@example.com, Energy desk <desk@example.com>',
};

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig: e-mail', () => {
  it('writes to a local outbox by default', () => {
    expect(loadConfig({}).mail).toEqual({
      mailer: 'outbox',
      outboxPath: './data/outbox',
      smtpHost: undefined,
      smtpPort: 587,
      smtpUser: undefined,
      smtpPassword: undefined,
      smtpSecurity: 'starttls',
      alertFrom: 'MCE <mce@localhost>',
      alertTo: ['operations@localhost'],
    });
  });

  it.each([
    [{ MCE_MAILER: 'outbox:/var/mce/outbox' }, { mailer: 'outbox', outboxPath: '/var/mce/outbox' }],
    [
      SMTP,
      { mailer: 'smtp', smtpHost: 'smtp.example.com', smtpPort: 587, smtpSecurity: 'starttls' },
    ],
    [
      { ...SMTP, MCE_SMTP_PORT: '465' },
      { smtpPort: 465, smtpSecurity: 'tls' },
    ],
    [
      { ...SMTP, MCE_SMTP_PORT: '25', MCE_SMTP_SECURE: 'none' },
      { smtpPort: 25, smtpSecurity: 'none' },
    ],
    [
      { ...SMTP, MCE_SMTP_USER: 'mce', MCE_SMTP_PASS: 's3cret' },
      { smtpUser: 'mce', smtpPassword: 's3cret' },
    ],
    [SMTP, { alertTo: ['ops@example.com', 'Energy desk <desk@example.com>'] }],
  ])('reads %o', (env, expected) => {
    expect(loadConfig(env).mail).toMatchObject(expected);
  });

  it.each([
    [{ MCE_MAILER: 'sendmail' }, 'MCE_MAILER must be smtp or outbox:PATH, got "sendmail"'],
    [{ MCE_MAILER: 'outbox:' }, 'MCE_MAILER must be smtp or outbox:PATH, got "outbox:"'],
    [{ ...SMTP, MCE_SMTP_HOST: '' }, 'MCE_MAILER=smtp needs MCE_SMTP_HOST'],
    [{ ...SMTP, MCE_ALERT_FROM: '' }, 'MCE_MAILER=smtp needs MCE_ALERT_FROM'],
    [{ ...SMTP, MCE_ALERT_TO: '' }, 'MCE_MAILER=smtp needs MCE_ALERT_TO'],
    [{ MCE_SMTP_PORT: '0' }, 'MCE_SMTP_PORT must be an integer ≥ 1 and ≤ 65535, got "0"'],
    [{ MCE_SMTP_PORT: '70000' }, 'MCE_SMTP_PORT must be an integer ≥ 1 and ≤ 65535, got "70000"'],
    [{ MCE_SMTP_SECURE: 'ssl' }, 'MCE_SMTP_SECURE must be tls, starttls or none, got "ssl"'],
    [{ MCE_SMTP_USER: 'mce' }, 'MCE_SMTP_USER and MCE_SMTP_PASS must be set together'],
    [{ MCE_SMTP_PASS: 'x' }, 'MCE_SMTP_USER and MCE_SMTP_PASS must be set together'],
    [{ MCE_ALERT_TO: 'ops@example.com,nobody' }, 'MCE_ALERT_TO: "nobody" is not an e-mail address'],
    [{ MCE_ALERT_FROM: 'MCE <mce>' }, 'MCE_ALERT_FROM: "MCE <mce>" is not an e-mail address'],
  ])('refuses %o', (env, problem) => {
    expect(problems(env)).toEqual([problem]);
  });

  it('reports every problem at once and never the password', () => {
    const found = problems({
      MCE_MAILER: 'smtp',
      MCE_SMTP_PORT: 'x',
      MCE_SMTP_PASS: 's3cret-pw',
      MCE_ALERT_REPEAT_HOURS: '-1',
    });

    expect(found).toHaveLength(6);
    expect(() => loadConfig({ MCE_MAILER: 'smtp', MCE_SMTP_PASS: 's3cret-pw' })).toThrow(
      /MCE_SMTP_HOST.*MCE_ALERT_FROM.*MCE_ALERT_TO/,
    );
    expect(found.join(' ')).not.toContain('s3cret-pw');
  });
});

describe('loadConfig: alert thresholds', () => {
  it('has documented defaults', () => {
    expect(loadConfig({}).alerts).toEqual({
      repeatIntervalMs: 72 * 3_600_000,
      sendResolved: true,
      wapeLimitPct: 30,
      wapeDays: 3,
      skillMin: 0,
      skillDays: 3,
      driftAlpha: 0.01,
      driftMinEffect: 0.1,
      driftMinCramersV: 0.1,
      driftCorrection: 'benjamini-hochberg',
      runGraceMs: 3_600_000,
      meteringQuantile: 0.9,
      meteringSlackDays: 2,
      meteringMinHistory: 5,
    });
  });

  it('reads every MCE_ALERT_* variable', () => {
    const alerts = loadConfig({
      MCE_ALERT_REPEAT_HOURS: '6',
      MCE_ALERT_SEND_RESOLVED: 'false',
      MCE_ALERT_WAPE_LIMIT_PCT: '22.5',
      MCE_ALERT_WAPE_DAYS: '2',
      MCE_ALERT_SKILL_MIN: '-0.05',
      MCE_ALERT_SKILL_DAYS: '5',
      MCE_ALERT_DRIFT_ALPHA: '0.05',
      MCE_ALERT_DRIFT_MIN_EFFECT: '0.2',
      MCE_ALERT_DRIFT_MIN_CRAMERS_V: '0.15',
      MCE_ALERT_DRIFT_CORRECTION: 'holm',
      MCE_ALERT_RUN_GRACE_MINUTES: '30',
      MCE_ALERT_METERING_QUANTILE: '0.95',
      MCE_ALERT_METERING_SLACK_DAYS: '1.5',
      MCE_ALERT_METERING_MIN_HISTORY: '10',
    }).alerts;

    expect(alerts).toEqual({
      repeatIntervalMs: 6 * 3_600_000,
      sendResolved: false,
      wapeLimitPct: 22.5,
      wapeDays: 2,
      skillMin: -0.05,
      skillDays: 5,
      driftAlpha: 0.05,
      driftMinEffect: 0.2,
      driftMinCramersV: 0.15,
      driftCorrection: 'holm',
      runGraceMs: 30 * 60_000,
      meteringQuantile: 0.95,
      meteringSlackDays: 1.5,
      meteringMinHistory: 10,
    });
  });

  it.each([
    ['MCE_ALERT_REPEAT_HOURS', '0', 'must be a number > 0'],
    ['MCE_ALERT_SEND_RESOLVED', 'maybe', 'must be true or false'],
    ['MCE_ALERT_WAPE_LIMIT_PCT', 'abc', 'must be a number > 0'],
    ['MCE_ALERT_WAPE_DAYS', '1.5', 'must be an integer ≥ 1'],
    ['MCE_ALERT_SKILL_MIN', '2', 'must be a number ≥ -1000000 and ≤ 1'],
    ['MCE_ALERT_DRIFT_ALPHA', '0.9', 'must be a number > 0 and ≤ 0.5'],
    ['MCE_ALERT_DRIFT_MIN_CRAMERS_V', '1.2', 'must be a number ≥ 0 and ≤ 1'],
    ['MCE_ALERT_DRIFT_CORRECTION', 'bonferroni', 'must be benjamini-hochberg or holm'],
    ['MCE_ALERT_METERING_QUANTILE', '0', 'must be a number > 0 and ≤ 1'],
    ['MCE_ALERT_METERING_MIN_HISTORY', '0', 'must be an integer ≥ 1'],
  ])('refuses %s=%s', (name, value, message) => {
    const [problem] = problems({ [name]: value });

    expect(problem).toContain(name);
    expect(problem).toContain(message);
  });
});
