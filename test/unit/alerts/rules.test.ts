import { describe, expect, it } from 'vitest';
import {
  type DailyScore,
  evaluateSkillRule,
  evaluateWapeRule,
  skillOf,
} from '../../../shared/alerts/rules/accuracy.js';
import { driftOptions, evaluateDriftRule } from '../../../shared/alerts/rules/drift.js';
import {
  evaluateForecastRunRule,
  evaluateMeteringRule,
  type ForecastRunStatus,
} from '../../../shared/alerts/rules/operations.js';
import { loadConfig } from '../../../shared/config.js';
import { evaluateDrift } from '../../../shared/monitoring/drift.js';
import { expandSample } from '../../helpers/samples.js';

const DAY = 86_400_000;
const day = (
  date: string,
  wapePct: number,
  baselines: Record<string, number> = {},
): DailyScore => ({
  date,
  wapePct,
  baselineWapePct: baselines,
});

describe('evaluateWapeRule', () => {
  const limits = { wapeLimitPct: 30, wapeDays: 3 };

  it.each([
    ['fires after 3 consecutive days above the limit', [31, 35, 40], 'warning'],
    ['is critical when the latest day is twice the limit', [31, 35, 60], 'critical'],
    ['does not fire when one of the days is at the limit', [31, 30, 40], undefined],
    ['does not fire with fewer days than required', [45, 50], undefined],
  ])('%s', (_, wapes, severity) => {
    const days = wapes.map((w, i) => day(`2025-03-0${i + 1}`, w));

    const { ruleId, firings } = evaluateWapeRule([{ subject: 'fleet', days }], limits);

    expect(ruleId).toBe('wape-high');
    expect(firings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  it('does not bridge a day that was not scored', () => {
    const days = [day('2025-03-01', 40), day('2025-03-02', 40), day('2025-03-04', 40)];

    expect(evaluateWapeRule([{ subject: 'fleet', days }], limits).firings).toEqual([]);
  });

  it('says which days and values, per subject', () => {
    const days = [day('2025-03-03', 33), day('2025-03-01', 31), day('2025-03-02', 32)];

    const [f] = evaluateWapeRule([{ subject: 'segment 2', days }], limits).firings;

    expect(f).toMatchObject({
      subject: 'segment 2',
      summary: 'WAPE 33.0 % above 30.0 % for 3 days',
      details: 'WAPE by day: 2025-03-01 31.0 %, 2025-03-02 32.0 %, 2025-03-03 33.0 %',
      values: { wapePct: 33, limitPct: 30, days: 3, from: '2025-03-01', to: '2025-03-03' },
    });
  });
});

describe('evaluateSkillRule', () => {
  const limits = { skillMin: 0, skillDays: 2 };

  it('measures skill against the strongest baseline', () => {
    expect(skillOf(day('2025-03-01', 20, { naive: 25, mean: 40 }))).toEqual({
      skill: 1 - 20 / 25,
      baseline: 'naive',
    });
    expect(skillOf(day('2025-03-01', 20, {}))).toBeUndefined();
  });

  it('fires when the model loses to a baseline on N consecutive days', () => {
    const days = [
      day('2025-03-01', 30, { naive: 25 }),
      day('2025-03-02', 30, { naive: 28, mean: 29 }),
    ];

    const [f] = evaluateSkillRule([{ subject: 'fleet', days }], limits).firings;

    expect(f).toMatchObject({
      ruleId: 'skill-low',
      severity: 'warning',
      values: { baseline: 'naive', days: 2 },
    });
    expect(f!.values.skill).toBeCloseTo(1 - 30 / 28, 12);
  });

  it('does not fire while the model beats the strongest baseline on the latest day', () => {
    const days = [day('2025-03-01', 30, { naive: 25 }), day('2025-03-02', 20, { naive: 28 })];

    expect(evaluateSkillRule([{ subject: 'fleet', days }], limits).firings).toEqual([]);
  });
});

describe('evaluateDriftRule', () => {
  const config = loadConfig({ MCE_ALERT_DRIFT_CORRECTION: 'holm' }).alerts;
  const irwinHall = (seed: number, n: number, loc = 0) =>
    expandSample({ seed, n, dist: 'irwin-hall', loc });
  const feature = (name: string, seed: number, loc: number, minEffectScale?: number) => ({
    name,
    kind: 'continuous' as const,
    reference: irwinHall(seed, 3000),
    recent: irwinHall(seed + 1, 1000, loc),
    ...(minEffectScale === undefined ? {} : { minEffectScale }),
  });

  it('fires one incident per model version listing every feature in alarm', () => {
    const drift = evaluateDrift(
      [feature('temperatureC', 1, 0.4), feature('humidityPct', 3, 0), feature('levelWh', 5, -0.3)],
      driftOptions(config),
    );
    expect(drift.alarms).toEqual(['temperatureC', 'levelWh']);

    const { ruleId, firings } = evaluateDriftRule(drift, 'v7');

    expect(ruleId).toBe('drift');
    expect(firings).toHaveLength(1);
    const f = firings[0]!;
    expect([f.subject, f.severity]).toEqual(['inputs of v7', 'critical']);
    expect(f.summary).toMatch(/^drift in 2 of 3 inputs: temperatureC 0\.\d+, levelWh 0\.\d+$/);
    const t = drift.features.find((x) => x.feature === 'temperatureC')!;
    const l = drift.features.find((x) => x.feature === 'levelWh')!;
    expect(f.values).toEqual({
      features: 'temperatureC,levelWh',
      alarms: 2,
      tested: 3,
      correction: 'holm',
      worstFeature: t.effect >= l.effect ? 'temperatureC' : 'levelWh',
      worstEffect: Math.max(t.effect, l.effect),
      worstEffectName: 'wasserstein-sd',
      worstAdjustedPValue: (t.effect >= l.effect ? t : l).adjustedPValue,
    });
    const lines = f.details.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^temperatureC: two-sample Kolmogorov-Smirnov statistic .* \(minimum 0\.1\); reference 3000 observations, recent 1000\.$/,
    );
    expect(lines[1]).toMatch(/^levelWh: /);
    expect(lines[2]).toBe('Corrected over 3 features by holm; alarm below 0.01.');
  });

  it('judges the worst feature by its effect over its own minimum, and warns below twice it', () => {
    // temperatureC moves more, but needs five times the effect; levelWh is the worse alarm.
    const drift = evaluateDrift([feature('temperatureC', 1, 0.4, 5), feature('levelWh', 5, 0.1)], {
      ...driftOptions(config),
      minEffect: 0.1,
    });
    const t = drift.features.find((x) => x.feature === 'temperatureC')!;
    const l = drift.features.find((x) => x.feature === 'levelWh')!;
    expect(t.minEffect).toBeCloseTo(0.5, 12);
    expect(t.alarm).toBe(true);
    expect(t.effect).toBeLessThan(2 * t.minEffect);
    expect(l.minEffect).toBe(0.1);
    expect(l.alarm).toBe(true);
    expect(l.effect / l.minEffect).toBeGreaterThan(t.effect / t.minEffect);
    expect(l.effect).toBeLessThan(2 * l.minEffect);

    const [f] = evaluateDriftRule(drift, 'v2').firings;

    expect(f!.severity).toBe('warning');
    expect(f!.values.worstFeature).toBe('levelWh');
  });

  it('fires nothing without an alarm, nor for a categorical test', () => {
    const quiet = evaluateDrift([feature('humidityPct', 3, 0)], driftOptions(config));
    expect(evaluateDriftRule(quiet, 'v1')).toEqual({ ruleId: 'drift', firings: [] });
    const table = evaluateDrift(
      [
        {
          name: 'segmentMembership',
          kind: 'categorical',
          reference: { '0': 500, '1': 500 },
          recent: { '0': 200, '1': 800 },
        },
      ],
      driftOptions(config),
    );
    const [f] = evaluateDriftRule(table, 'v1').firings;
    expect(f!.details).toMatch(/^segmentMembership: chi-squared statistic /);
    expect(f!.values.worstEffectName).toBe('cramers-v');
  });
});

describe('evaluateForecastRunRule', () => {
  const now = Date.UTC(2025, 2, 10, 12);
  const run = (o: Partial<ForecastRunStatus>): ForecastRunStatus => ({
    runId: 'r1',
    stage: 'prod',
    targetDay: '2025-03-11',
    startedAt: now - 30 * 60_000,
    status: 'done',
    batchesPlanned: 20,
    batchesDone: 20,
    batchesFailed: 0,
    ...o,
  });
  const expected = [{ stage: 'prod' as const, targetDay: '2025-03-11' }];

  it.each([
    ['a complete run', run({}), []],
    [
      'a failed run',
      run({ status: 'failed', batchesDone: 12, batchesFailed: 8, error: 'store down' }),
      ['critical'],
    ],
    [
      'a run that finished with batches missing',
      run({ batchesDone: 19, batchesFailed: 1 }),
      ['critical'],
    ],
    ['a run still within its grace period', run({ status: 'running', batchesDone: 5 }), []],
    [
      'a run running past its grace period',
      run({ status: 'running', startedAt: now - 90 * 60_000 }),
      ['warning'],
    ],
  ])('judges %s', (_, r, severities) => {
    const { firings } = evaluateForecastRunRule([r], expected, now, 3_600_000);

    expect(firings.map((f) => f.severity)).toEqual(severities);
  });

  it('fires when an expected run is missing, and judges only the latest run of a day', () => {
    const retried = [
      run({ runId: 'old', status: 'failed', startedAt: now - 2 * 3_600_000 }),
      run({ runId: 'new' }),
    ];
    const pre = { stage: 'pre' as const, targetDay: '2025-03-11' };

    const { firings } = evaluateForecastRunRule(retried, [...expected, pre], now, 3_600_000);

    expect(firings.map((f) => [f.subject, f.summary])).toEqual([
      ['forecast pre 2025-03-11', 'no pre forecast run for 2025-03-11'],
    ]);
  });
});

describe('evaluateMeteringRule', () => {
  const dataEnd = Date.UTC(2025, 2, 1);
  // Ten past P5D deliveries, each one to three days after the data they cover.
  const arrivals = Array.from({ length: 10 }, (_, i) => ({
    dataEnd: dataEnd - (10 - i) * DAY,
    arrivedAt: dataEnd - (10 - i) * DAY + (1 + (i % 3)) * DAY,
  }));
  const limits = { meteringQuantile: 0.9, meteringSlackDays: 2, meteringMinHistory: 5 };

  it.each([
    ['on time', 4, []],
    ['past its usual delay plus slack', 5.5, ['warning']],
    ['past twice that', 11, ['critical']],
  ])('judges a distributor whose newest data is %s', (_, daysLate, severities) => {
    const { firings } = evaluateMeteringRule(
      [{ distributor: '0031', arrivals }],
      arrivals.at(-1)!.dataEnd + daysLate * DAY,
      limits,
    );

    expect(firings.map((f) => f.severity)).toEqual(severities);
  });

  it('states the usual delay and does not judge a distributor without history', () => {
    const now = arrivals.at(-1)!.dataEnd + 6 * DAY;

    const { firings } = evaluateMeteringRule(
      [
        { distributor: '0031', arrivals },
        { distributor: '0762', arrivals: arrivals.slice(0, 4) },
      ],
      now,
      limits,
    );

    expect(firings.map((f) => f.subject)).toEqual(['distributor 0031']);
    expect(firings[0]!.values).toMatchObject({
      usualDelayDays: 3,
      slackDays: 2,
      waitingDays: 6,
      history: 10,
    });
  });
});
