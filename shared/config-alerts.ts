import { HOUR_MS } from './calendar/zone.js';

/**
 * The e-mail and alert slices of the configuration, parsed from the environment object that
 * loadConfig (shared/config.ts) is given; problems are collected, never thrown one by one.
 */

type Env = Readonly<Record<string, string | undefined>>;

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export interface MailConfig {
  /** `smtp`, or `outbox` writing one .eml file per message into `outboxPath`. */
  readonly mailer: 'smtp' | 'outbox';
  readonly outboxPath: string;
  readonly smtpHost: string | undefined;
  readonly smtpPort: number;
  readonly smtpUser: string | undefined;
  /** A secret: never logged, never in an error message. */
  readonly smtpPassword: string | undefined;
  /** tls: implicit TLS (port 465); starttls: upgrade required (587); none: plain (a local relay). */
  readonly smtpSecurity: SmtpSecurity;
  readonly alertFrom: string;
  readonly alertTo: readonly string[];
}

export interface AlertConfig {
  /** A firing incident is mailed again no sooner than this. */
  readonly repeatIntervalMs: number;
  readonly sendResolved: boolean;
  /** WAPE rule: above this percentage … */
  readonly wapeLimitPct: number;
  /** … on this many consecutive scored days. */
  readonly wapeDays: number;
  /** Skill rule: skill against the strongest baseline (1 − WAPE/WAPE_baseline) below this … */
  readonly skillMin: number;
  /** … on this many consecutive scored days. */
  readonly skillDays: number;
  /** Drift rule: corrected p-value below this, … */
  readonly driftAlpha: number;
  /** … and a continuous effect (Wasserstein / reference sd) of at least this, … */
  readonly driftMinEffect: number;
  /** … or a categorical Cramér's V of at least this. */
  readonly driftMinCramersV: number;
  readonly driftCorrection: 'benjamini-hochberg' | 'holm';
  /** Forecast-run rule: a run still unfinished this long after it started is incomplete. */
  readonly runGraceMs: number;
  /** Metering rule: a distributor's usual delay is this quantile of its past arrival delays, … */
  readonly meteringQuantile: number;
  /** … plus this slack, in days, … */
  readonly meteringSlackDays: number;
  /** … once it has at least this many past arrivals (fewer: the rule does not judge it). */
  readonly meteringMinHistory: number;
}

const BARE_ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$|^[^\s@<>,;]+@localhost$/;

/** True for `a@b.c` or `Name <a@b.c>` (and `@localhost`, for local outboxes). */
function isAddress(text: string): boolean {
  const named = /^[^<>]*<([^<>]+)>$/.exec(text);
  return BARE_ADDRESS.test(named ? (named[1] ?? '') : text);
}

export interface Range {
  min: number;
  max?: number;
  integer?: boolean;
  /** Whether min itself is allowed (default true). */
  minIncluded?: boolean;
}

/** A number variable within a range, `fallback` when unset or empty; a bad value is a problem. */
export function numberIn(
  env: Env,
  name: string,
  fallback: number,
  r: Range,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const low = r.minIncluded === false ? value > r.min : value >= r.min;
  const ok =
    Number.isFinite(value) &&
    low &&
    (r.max === undefined || value <= r.max) &&
    (!r.integer || Number.isInteger(value));
  if (ok) return value;
  const kind = r.integer ? 'an integer' : 'a number';
  const bounds = `${r.minIncluded === false ? '>' : '≥'} ${r.min}${r.max === undefined ? '' : ` and ≤ ${r.max}`}`;
  problems.push(`${name} must be ${kind} ${bounds}, got "${raw}"`);
  return fallback;
}

/** A boolean variable (1/true/yes, 0/false/no), `fallback` when unset or empty. */
export function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  problems.push(`${name} must be true or false, got "${env[name]}"`);
  return fallback;
}

function addresses(env: Env, name: string, problems: string[]): string[] {
  const list = (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const a of list)
    if (!isAddress(a)) problems.push(`${name}: "${a}" is not an e-mail address`);
  return list;
}

/** MCE_MAILER, MCE_SMTP_*, MCE_ALERT_FROM and MCE_ALERT_TO. */
export function parseMailConfig(env: Env, problems: string[]): MailConfig {
  const raw = env.MCE_MAILER || 'outbox:./data/outbox';
  let mailer: MailConfig['mailer'] = 'outbox';
  let outboxPath = './data/outbox';
  if (raw === 'smtp') mailer = 'smtp';
  else if (raw.startsWith('outbox:') && raw.length > 'outbox:'.length) outboxPath = raw.slice(7);
  else problems.push(`MCE_MAILER must be smtp or outbox:PATH, got "${raw}"`);
  const smtpPort = numberIn(
    env,
    'MCE_SMTP_PORT',
    587,
    { min: 1, max: 65535, integer: true },
    problems,
  );
  const security = env.MCE_SMTP_SECURE || (smtpPort === 465 ? 'tls' : 'starttls');
  if (!['tls', 'starttls', 'none'].includes(security)) {
    problems.push(`MCE_SMTP_SECURE must be tls, starttls or none, got "${security}"`);
  }
  const smtpUser = env.MCE_SMTP_USER || undefined;
  const smtpPassword = env.MCE_SMTP_PASS || undefined;
  if ((smtpUser === undefined) !== (smtpPassword === undefined)) {
    problems.push('MCE_SMTP_USER and MCE_SMTP_PASS must be set together');
  }
  const from = env.MCE_ALERT_FROM || undefined;
  if (from !== undefined && !isAddress(from)) {
    problems.push(`MCE_ALERT_FROM: "${from}" is not an e-mail address`);
  }
  const to = addresses(env, 'MCE_ALERT_TO', problems);
  if (mailer === 'smtp') {
    if (!env.MCE_SMTP_HOST) problems.push('MCE_MAILER=smtp needs MCE_SMTP_HOST');
    if (from === undefined) problems.push('MCE_MAILER=smtp needs MCE_ALERT_FROM');
    if (to.length === 0) problems.push('MCE_MAILER=smtp needs MCE_ALERT_TO');
  }
  return {
    mailer,
    outboxPath,
    smtpHost: env.MCE_SMTP_HOST || undefined,
    smtpPort,
    smtpUser,
    smtpPassword,
    smtpSecurity: security as SmtpSecurity,
    alertFrom: from ?? 'MCE <mce@localhost>',
    alertTo: to.length > 0 ? to : ['operations@localhost'],
  };
}

/** The MCE_ALERT_* thresholds of the alert rules and the incident engine. */
export function parseAlertConfig(env: Env, problems: string[]): AlertConfig {
  const positive = { min: 0, minIncluded: false };
  const count = { min: 1, integer: true };
  const probability = { min: 0, max: 1, minIncluded: false };
  const correction = env.MCE_ALERT_DRIFT_CORRECTION || 'benjamini-hochberg';
  if (correction !== 'benjamini-hochberg' && correction !== 'holm') {
    problems.push(
      `MCE_ALERT_DRIFT_CORRECTION must be benjamini-hochberg or holm, got "${correction}"`,
    );
  }
  return {
    repeatIntervalMs: HOUR_MS * numberIn(env, 'MCE_ALERT_REPEAT_HOURS', 72, positive, problems),
    sendResolved: flag(env, 'MCE_ALERT_SEND_RESOLVED', true, problems),
    wapeLimitPct: numberIn(env, 'MCE_ALERT_WAPE_LIMIT_PCT', 30, positive, problems),
    wapeDays: numberIn(env, 'MCE_ALERT_WAPE_DAYS', 3, count, problems),
    skillMin: numberIn(env, 'MCE_ALERT_SKILL_MIN', 0, { min: -1e6, max: 1 }, problems),
    skillDays: numberIn(env, 'MCE_ALERT_SKILL_DAYS', 3, count, problems),
    driftAlpha: numberIn(
      env,
      'MCE_ALERT_DRIFT_ALPHA',
      0.01,
      { ...probability, max: 0.5 },
      problems,
    ),
    driftMinEffect: numberIn(env, 'MCE_ALERT_DRIFT_MIN_EFFECT', 0.1, { min: 0 }, problems),
    driftMinCramersV: numberIn(
      env,
      'MCE_ALERT_DRIFT_MIN_CRAMERS_V',
      0.1,
      { min: 0, max: 1 },
      problems,
    ),
    driftCorrection: correction as AlertConfig['driftCorrection'],
    runGraceMs: 60_000 * numberIn(env, 'MCE_ALERT_RUN_GRACE_MINUTES', 60, { min: 0 }, problems),
    meteringQuantile: numberIn(env, 'MCE_ALERT_METERING_QUANTILE', 0.9, probability, problems),
    meteringSlackDays: numberIn(env, 'MCE_ALERT_METERING_SLACK_DAYS', 2, { min: 0 }, problems),
    meteringMinHistory: numberIn(env, 'MCE_ALERT_METERING_MIN_HISTORY', 5, count, problems),
  };
}
