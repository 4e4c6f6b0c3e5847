import { SKILL_RULE, WAPE_RULE } from './alerts/rules/accuracy.js';
import { DRIFT_RULE } from './alerts/rules/drift.js';
import { FORECAST_RUN_RULE, METERING_RULE } from './alerts/rules/operations.js';
import { DAY_MS } from './calendar/days.js';
import { flag, numberIn } from './config-alerts.js';

/**
 * The monitoring slice of the configuration (scoring, drift window, retraining and promotion),
 * parsed from the environment object that loadConfig (shared/config.ts) is given; problems are
 * collected, never thrown one by one.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** The alert rules a retraining can be asked for on. */
export const RETRAIN_RULES: readonly string[] = [
  DRIFT_RULE,
  WAPE_RULE,
  SKILL_RULE,
  FORECAST_RUN_RULE,
  METERING_RULE,
];

export interface MonitorConfig {
  /** A forecast day is scored once this share of its forecast supply-hours has an actual. */
  readonly minActualsCoverage: number;
  /** Forecast days a monitor run scores or re-scores, back from the run day. */
  readonly lookbackDays: number;
  /** Forecast days of the recent window compared with the reference sample for drift. */
  readonly driftWindowDays: number;
  /** Rule ids whose firing requests a retraining ([] = never). */
  readonly retrainOn: readonly string[];
  /** No retraining request sooner than this after the previous one. */
  readonly retrainCooldownMs: number;
  /** At most this many retraining requests … */
  readonly retrainMaxRequests: number;
  /** … in any window of this length (30 days). */
  readonly retrainCapWindowMs: number;
  /** Promote a winning pre automatically (else the report recommends it). */
  readonly promoteAuto: boolean;
  /** Pre must beat prod on each of this many scored days … */
  readonly promoteMinDays: number;
  /** … by at least this many percent of prod's WAPE (relative). */
  readonly promoteMarginPct: number;
  /** A new prod worse than the one it replaced on this many scored days raises a rollback alert. */
  readonly rollbackDays: number;
}

const DEFAULT_RETRAIN_ON = [DRIFT_RULE, WAPE_RULE, SKILL_RULE];

/** MCE_RETRAIN_ON: a comma list of rule ids, or `none`. */
function ruleList(env: Env, problems: string[]): string[] {
  const raw = env.MCE_RETRAIN_ON?.trim();
  if (raw === undefined || raw === '') return [...DEFAULT_RETRAIN_ON];
  if (raw === 'none') return [];
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = list.filter((id) => !RETRAIN_RULES.includes(id));
  if (unknown.length > 0) {
    problems.push(
      `MCE_RETRAIN_ON: unknown rule ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${RETRAIN_RULES.join(', ')}, or none)`,
    );
    return [...DEFAULT_RETRAIN_ON];
  }
  return [...new Set(list)];
}

/** MCE_MONITOR_*, MCE_RETRAIN_*, MCE_PROMOTE_* and MCE_ROLLBACK_DAYS. */
export function parseMonitorConfig(env: Env, problems: string[]): MonitorConfig {
  const days = { min: 1, integer: true };
  return {
    minActualsCoverage: numberIn(
      env,
      'MCE_MONITOR_MIN_ACTUALS_COVERAGE',
      0.9,
      { min: 0, max: 1, minIncluded: false },
      problems,
    ),
    lookbackDays: numberIn(env, 'MCE_MONITOR_LOOKBACK_DAYS', 40, days, problems),
    driftWindowDays: numberIn(env, 'MCE_MONITOR_DRIFT_WINDOW_DAYS', 7, days, problems),
    retrainOn: Object.freeze(ruleList(env, problems)),
    retrainCooldownMs: DAY_MS * numberIn(env, 'MCE_RETRAIN_COOLDOWN_DAYS', 7, { min: 0 }, problems),
    retrainMaxRequests: numberIn(env, 'MCE_RETRAIN_MAX_PER_30_DAYS', 3, days, problems),
    retrainCapWindowMs: 30 * DAY_MS,
    promoteAuto: flag(env, 'MCE_PROMOTE_AUTO', true, problems),
    promoteMinDays: numberIn(env, 'MCE_PROMOTE_MIN_DAYS', 3, days, problems),
    promoteMarginPct: numberIn(env, 'MCE_PROMOTE_MARGIN_PCT', 2, { min: 0, max: 99 }, problems),
    rollbackDays: numberIn(env, 'MCE_ROLLBACK_DAYS', 3, days, problems),
  };
}
