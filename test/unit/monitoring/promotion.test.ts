import { describe, expect, it } from 'vitest';
import {
  comparableDays,
  decidePromotion,
  decideRollback,
  type PromotionPolicy,
} from '../../../shared/monitoring/promotion.js';
import { type StageEvent } from '../../../shared/registry/stages.js';
import { type ScoredDay, type Stage, type StageDayScore } from '../../../shared/types.js';

function score(stage: Stage, modelVersion: string, wape: number, hours = 240): StageDayScore {
  return {
    stage,
    modelVersion,
    hours,
    wape,
    mape: null,
    bias: 0,
    coverage: 0.8,
    belowP10: 0.1,
    aboveP90: 0.1,
    baselines: {},
    bySegment: [],
    byBand: [],
  };
}

/** Days from 2024-05-01 with (prod WAPE, pre WAPE) for prod v1 and pre v2. */
function days(pairs: [number, number][], versions = ['v1', 'v2']): ScoredDay[] {
  return pairs.map(([prod, pre], i) => ({
    date: `2024-05-${String(i + 1).padStart(2, '0')}`,
    status: i % 2 === 0 ? 'final' : 'provisional',
    actualsCoverage: 1,
    stages: { prod: score('prod', versions[0]!, prod), pre: score('pre', versions[1]!, pre) },
  }));
}

const POLICY: PromotionPolicy = { auto: true, minDays: 3, marginPct: 2 };

describe('decidePromotion', () => {
  it.each([
    ['no pre', null, [], 'none', 'no pre version to compare'],
    [
      'too few days',
      'v2',
      [
        [0.2, 0.1],
        [0.2, 0.1],
      ],
      'none',
      'on 2 day(s), fewer than 3',
    ],
    [
      'margin not met on one day (1 % better only)',
      'v2',
      [
        [0.2, 0.1],
        [0.2, 0.198],
        [0.2, 0.1],
      ],
      'none',
      'did not beat prod v1 by at least 2 % on each of the last 3 scored day(s) (2024-05-02: 19.8 % against 20.0 %)',
    ],
    [
      'margin met exactly on each day',
      'v2',
      [
        [0.2, 0.196],
        [0.25, 0.2],
        [0.1, 0.09],
      ],
      'promoted',
      'pre v2 beat prod v1 by at least 2 % on each of the last 3 scored day(s)',
    ],
    [
      'an old loss is outside the last minDays days',
      'v2',
      [
        [0.2, 0.3],
        [0.2, 0.1],
        [0.2, 0.1],
        [0.2, 0.1],
      ],
      'promoted',
      'beat prod v1',
    ],
    [
      'a recent loss blocks older wins',
      'v2',
      [
        [0.2, 0.1],
        [0.2, 0.1],
        [0.2, 0.1],
        [0.2, 0.3],
      ],
      'none',
      '(2024-05-04: 30.0 % against 20.0 %)',
    ],
  ] as const)('%s', (_, pre, pairs, action, reason) => {
    const decision = decidePromotion({
      prod: 'v1',
      pre,
      days: days(pairs.map((p) => [p[0], p[1]])),
      policy: POLICY,
    });
    expect(decision.action).toBe(action);
    expect(decision.reason).toContain(reason);
    expect(decision.evidence.length).toBeLessThanOrEqual(3);
  });

  it('only recommends when automatic promotion is off, with the days compared as evidence', () => {
    const decision = decidePromotion({
      prod: 'v1',
      pre: 'v2',
      days: days([
        [0.3, 0.1],
        [0.2, 0.1],
        [0.2, 0.15],
      ]),
      policy: { ...POLICY, auto: false },
    });
    expect(decision).toEqual({
      action: 'recommend-promotion',
      reason:
        'pre v2 beat prod v1 by at least 2 % on each of the last 3 scored day(s); automatic promotion is off',
      prod: 'v1',
      pre: 'v2',
      evidence: [
        { date: '2024-05-01', prodWape: 0.3, preWape: 0.1 },
        { date: '2024-05-02', prodWape: 0.2, preWape: 0.1 },
        { date: '2024-05-03', prodWape: 0.2, preWape: 0.15 },
      ],
    });
  });

  it('does not count days scored for other versions, waiting days or a missing stage', () => {
    const mixed: ScoredDay[] = [
      ...days([[0.3, 0.1]], ['v0', 'v2']), // prod was another version
      { ...days([[0.3, 0.1]])[0]!, date: '2024-04-20', status: 'waiting' },
      { ...days([[0.3, 0.1]])[0]!, date: '2024-04-21', stages: { prod: score('prod', 'v1', 0.3) } },
      {
        ...days([[0.3, 0.1]])[0]!,
        date: '2024-04-22',
        stages: {
          prod: score('prod', 'v1', 0.3),
          pre: score('pre', 'v2', Number.NaN, 0),
        },
      },
      ...days([[0.3, 0.1]]).map((d) => ({ ...d, date: '2024-04-19' })),
    ];
    expect(comparableDays(mixed, 'v1', 'v2')).toEqual([
      { date: '2024-04-19', prodWape: 0.3, preWape: 0.1 },
    ]);
    expect(decidePromotion({ prod: 'v1', pre: 'v2', days: mixed, policy: POLICY }).action).toBe(
      'none',
    );
  });

  it('needs a prod to compare with, and refuses a bad policy', () => {
    expect(decidePromotion({ prod: null, pre: 'v2', days: [], policy: POLICY }).reason).toBe(
      'no prod version to compare with',
    );
    expect(() =>
      decidePromotion({ prod: 'v1', pre: 'v2', days: [], policy: { ...POLICY, minDays: 0 } }),
    ).toThrow('minDays must be an integer ≥ 1, got 0');
    expect(() =>
      decidePromotion({ prod: 'v1', pre: 'v2', days: [], policy: { ...POLICY, marginPct: -1 } }),
    ).toThrow('marginPct must be in [0, 100), got -1');
  });
});

describe('decideRollback', () => {
  const promotedAt = '2024-04-30T10:00:00.000Z';
  const history: StageEvent[] = [
    {
      at: '2024-03-01T10:00:00.000Z',
      action: 'promote',
      stage: 'prod',
      version: 'v1',
      previous: null,
    },
    {
      at: '2024-04-29T10:00:00.000Z',
      action: 'register',
      stage: 'pre',
      version: 'v2',
      previous: null,
    },
    { at: promotedAt, action: 'promote', stage: 'prod', version: 'v2', previous: 'v1' },
    { at: promotedAt, action: 'promote', stage: 'pre', version: 'v1', previous: 'v2' },
  ];
  const now = Date.parse('2024-05-06T08:00:00Z');
  const policy = { rollbackDays: 3, windowDays: 40 };
  // After the promotion prod is v2 and the replaced v1 runs on as pre.
  const promotedDays = (pairs: [number, number][]) => days(pairs, ['v2', 'v1']);

  it('recommends a rollback when the new prod did worse on each of the last days', () => {
    const decision = decideRollback({
      prod: 'v2',
      pre: 'v1',
      history,
      days: promotedDays([
        [0.1, 0.3],
        [0.21, 0.2],
        [0.25, 0.2],
        [0.3, 0.2],
      ]),
      now,
      policy,
    });
    expect(decision.action).toBe('rollback-recommended');
    expect(decision.reason).toBe(
      'prod v2 did worse than v1, the version it replaced, on each of the last 3 scored day(s)',
    );
    expect(decision.evidence.map((d) => d.date)).toEqual([
      '2024-05-02',
      '2024-05-03',
      '2024-05-04',
    ]);
  });

  it.each([
    [
      'one day better',
      [
        [0.25, 0.2],
        [0.15, 0.2],
        [0.3, 0.2],
      ],
      'did not do worse than v1',
    ],
    [
      'too few days',
      [
        [0.25, 0.2],
        [0.3, 0.2],
      ],
      'on 2 day(s) since its promotion, fewer than 3',
    ],
    [
      'equal is not worse',
      [
        [0.25, 0.2],
        [0.2, 0.2],
        [0.3, 0.2],
      ],
      'did not do worse',
    ],
  ] as const)('does not fire: %s', (_, pairs, reason) => {
    const decision = decideRollback({
      prod: 'v2',
      pre: 'v1',
      history,
      days: promotedDays(pairs.map((p) => [p[0], p[1]])),
      now,
      policy,
    });
    expect(decision.action).toBe('none');
    expect(decision.reason).toContain(reason);
  });

  it('does not judge an old promotion, a restored prod, or a replaced version no longer pre', () => {
    const worse = promotedDays([
      [0.3, 0.2],
      [0.3, 0.2],
      [0.3, 0.2],
    ]);
    const base = { prod: 'v2', pre: 'v1', history, days: worse, now, policy };
    expect(decideRollback({ ...base, now: now + 60 * 86_400_000 }).reason).toBe(
      'prod v2 was promoted more than 40 days ago',
    );
    expect(decideRollback({ ...base, pre: 'v3' }).reason).toBe(
      'the version prod v2 replaced does not run as pre: nothing to compare',
    );
    const rolled: StageEvent[] = [
      ...history,
      {
        at: '2024-05-05T10:00:00.000Z',
        action: 'rollback',
        stage: 'prod',
        version: 'v1',
        previous: 'v2',
      },
    ];
    expect(decideRollback({ ...base, prod: 'v1', history: rolled }).reason).toBe(
      'prod was not promoted: nothing to roll back',
    );
    expect(decideRollback({ ...base, prod: null }).action).toBe('none');
    expect(() =>
      decideRollback({ ...base, policy: { rollbackDays: 1.5, windowDays: 40 } }),
    ).toThrow('rollbackDays must be an integer ≥ 1, got 1.5');
    expect(() => decideRollback({ ...base, policy: { rollbackDays: 3, windowDays: 0 } })).toThrow(
      'windowDays must be > 0, got 0',
    );
  });
});
