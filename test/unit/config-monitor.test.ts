import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors.js';

const DAY = 86_400_000;

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig: monitoring, retraining and promotion', () => {
  it('has documented defaults', () => {
    expect(loadConfig({}).monitor).toEqual({
      minActualsCoverage: 0.9,
      lookbackDays: 40,
      driftWindowDays: 7,
      retrainOn: ['drift', 'wape-high', 'skill-low'],
      retrainCooldownMs: 7 * DAY,
      retrainMaxRequests: 3,
      retrainCapWindowMs: 30 * DAY,
      promoteAuto: true,
      promoteMinDays: 3,
      promoteMarginPct: 2,
      rollbackDays: 3,
    });
    expect(Object.isFrozen(loadConfig({}).monitor)).toBe(true);
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        MCE_MONITOR_MIN_ACTUALS_COVERAGE: '0.75',
        MCE_MONITOR_LOOKBACK_DAYS: '60',
        MCE_MONITOR_DRIFT_WINDOW_DAYS: '14',
        MCE_RETRAIN_ON: ' drift , metering-late,drift',
        MCE_RETRAIN_COOLDOWN_DAYS: '1.5',
        MCE_RETRAIN_MAX_PER_30_DAYS: '5',
        MCE_PROMOTE_AUTO: 'no',
        MCE_PROMOTE_MIN_DAYS: '5',
        MCE_PROMOTE_MARGIN_PCT: '0',
        MCE_ROLLBACK_DAYS: '2',
      }).monitor,
    ).toEqual({
      minActualsCoverage: 0.75,
      lookbackDays: 60,
      driftWindowDays: 14,
      retrainOn: ['drift', 'metering-late'],
      retrainCooldownMs: 1.5 * DAY,
      retrainMaxRequests: 5,
      retrainCapWindowMs: 30 * DAY,
      promoteAuto: false,
      promoteMinDays: 5,
      promoteMarginPct: 0,
      rollbackDays: 2,
    });
    expect(loadConfig({ MCE_RETRAIN_ON: 'none' }).monitor.retrainOn).toEqual([]);
  });

  it.each([
    [
      { MCE_MONITOR_MIN_ACTUALS_COVERAGE: '0' },
      'MCE_MONITOR_MIN_ACTUALS_COVERAGE must be a number > 0 and ≤ 1, got "0"',
    ],
    [
      { MCE_MONITOR_MIN_ACTUALS_COVERAGE: '90' },
      'MCE_MONITOR_MIN_ACTUALS_COVERAGE must be a number > 0 and ≤ 1, got "90"',
    ],
    [
      { MCE_MONITOR_LOOKBACK_DAYS: '0' },
      'MCE_MONITOR_LOOKBACK_DAYS must be an integer ≥ 1, got "0"',
    ],
    [
      { MCE_MONITOR_DRIFT_WINDOW_DAYS: '7.5' },
      'MCE_MONITOR_DRIFT_WINDOW_DAYS must be an integer ≥ 1, got "7.5"',
    ],
    [
      { MCE_RETRAIN_ON: 'drift,wape' },
      'MCE_RETRAIN_ON: unknown rule "wape" (known: drift, wape-high, skill-low, forecast-run, metering-late, or none)',
    ],
    [
      { MCE_RETRAIN_COOLDOWN_DAYS: '-1' },
      'MCE_RETRAIN_COOLDOWN_DAYS must be a number ≥ 0, got "-1"',
    ],
    [
      { MCE_RETRAIN_MAX_PER_30_DAYS: 'three' },
      'MCE_RETRAIN_MAX_PER_30_DAYS must be an integer ≥ 1, got "three"',
    ],
    [{ MCE_PROMOTE_AUTO: 'maybe' }, 'MCE_PROMOTE_AUTO must be true or false, got "maybe"'],
    [{ MCE_PROMOTE_MIN_DAYS: '0' }, 'MCE_PROMOTE_MIN_DAYS must be an integer ≥ 1, got "0"'],
    [
      { MCE_PROMOTE_MARGIN_PCT: '100' },
      'MCE_PROMOTE_MARGIN_PCT must be a number ≥ 0 and ≤ 99, got "100"',
    ],
    [{ MCE_ROLLBACK_DAYS: '' }, undefined],
    [{ MCE_ROLLBACK_DAYS: '-2' }, 'MCE_ROLLBACK_DAYS must be an integer ≥ 1, got "-2"'],
  ])('refuses %o', (env, problem) => {
    expect(problems(env)).toEqual(problem === undefined ? [] : [problem]);
  });

  it('reports every problem at once', () => {
    expect(
      problems({ MCE_MONITOR_LOOKBACK_DAYS: 'x', MCE_PROMOTE_AUTO: '2', MCE_RETRAIN_ON: 'oops' }),
    ).toHaveLength(3);
  });
});
