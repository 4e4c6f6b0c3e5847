import { describe, expect, it } from 'vitest';
import { decideRetrain, type RetrainPolicy } from '../../../shared/monitoring/retrain.js';

const DAY = 86_400_000;
const NOW = Date.parse('2024-05-10T06:00:00Z'); // 08:00 in Madrid
const POLICY: RetrainPolicy = {
  onRules: ['drift', 'wape-high', 'skill-low'],
  cooldownMs: 7 * DAY,
  maxRequests: 3,
  capWindowMs: 30 * DAY,
};
const DRIFT = [{ ruleId: 'drift', subject: 'feature temperatureC' }];

const decide = (pastRequests: number[], firing = DRIFT, policy = POLICY) =>
  decideRetrain({ firing, pastRequests, now: NOW, runDay: '2024-05-10', policy });

describe('decideRetrain', () => {
  it('requests a run named after the run day when a configured rule fires', () => {
    expect(decide([])).toEqual({
      requested: true,
      reason: 'drift (feature temperatureC) fire',
      runId: 'retrain-2024-05-10',
    });
  });

  it('ignores rules that are not configured to retrain', () => {
    expect(decide([], [{ ruleId: 'metering-late', subject: 'distributor 0031' }])).toEqual({
      requested: false,
      reason: 'no retrain rule fires (drift, wape-high, skill-low)',
      runId: null,
    });
    expect(decide([], DRIFT, { ...POLICY, onRules: [] }).reason).toBe(
      'no retrain rule fires (none configured)',
    );
  });

  it('refuses within the cooldown and requests again once it has passed', () => {
    const refused = decide([NOW - 20 * DAY, NOW - 3 * DAY]);
    expect(refused.requested).toBe(false);
    expect(refused.runId).toBeNull();
    expect(refused.reason).toBe(
      'drift (feature temperatureC) fire, but the last retraining was requested at 2024-05-07T06:00:00.000Z, within the 7 days cooldown (until 2024-05-14T06:00:00.000Z)',
    );
    expect(decide([NOW - 7 * DAY]).requested).toBe(true); // exactly the cooldown: allowed
    // A request stamped after now (a re-run of an earlier day) does not hold a later one back.
    expect(decide([NOW + 3 * DAY]).requested).toBe(true);
  });

  it('refuses beyond the cap of requests in the window', () => {
    const capped = decide([NOW - 24 * DAY, NOW - 16 * DAY, NOW - 8 * DAY]);
    expect(capped).toEqual({
      requested: false,
      reason:
        'drift (feature temperatureC) fire, but 3 retrainings were requested in the last 30 days, the cap',
      runId: null,
    });
    // The oldest falls out of the window: 2 in the last 30 days.
    expect(decide([NOW - 31 * DAY, NOW - 16 * DAY, NOW - 8 * DAY]).requested).toBe(true);
  });

  it('requests the same run again for a redelivered tick of the same Madrid day', () => {
    // 22:30 UTC on the 9th is 00:30 on the 10th in Madrid: this run's own earlier request.
    const again = decide(
      [Date.parse('2024-05-09T22:30:00Z')],
      [
        { ruleId: 'wape-high', subject: 'fleet' },
        { ruleId: 'skill-low', subject: 'segment 2' },
      ],
    );
    expect(again).toEqual({
      requested: true,
      reason: 'already requested today, for wape-high (fleet), skill-low (segment 2)',
      runId: 'retrain-2024-05-10',
    });
    // 21:30 UTC on the 9th is still the 9th in Madrid: a cooldown refusal.
    expect(decide([Date.parse('2024-05-09T21:30:00Z')]).requested).toBe(false);
  });

  it('names a bad run day or policy', () => {
    expect(() =>
      decideRetrain({
        firing: DRIFT,
        pastRequests: [],
        now: NOW,
        runDay: '10/05/2024',
        policy: POLICY,
      }),
    ).toThrow('Retrain run day "10/05/2024" is not a YYYY-MM-DD day');
    expect(() =>
      decide([], DRIFT, { ...POLICY, cooldownMs: -1, maxRequests: 0, capWindowMs: 0 }),
    ).toThrow(
      'Retrain policy: cooldownMs must be ≥ 0, got -1; maxRequests must be an integer ≥ 1, got 0; capWindowMs must be > 0, got 0',
    );
  });
});
