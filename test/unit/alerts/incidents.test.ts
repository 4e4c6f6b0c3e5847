import { describe, expect, it } from 'vitest';
import { type Firing, type RuleEvaluation } from '../../../shared/alerts/firing.js';
import { planIncidents } from '../../../shared/alerts/incidents.js';
import { type Incident } from '../../../shared/types.js';
import { HOUR, POLICY, T0 } from '../../helpers/alert-factories.js';

function firing(overrides: Partial<Firing> = {}): Firing {
  return {
    ruleId: 'wape-high',
    subject: 'segment 3',
    severity: 'warning',
    summary: 'WAPE 35.0 % above 30.0 % for 3 days',
    details: 'WAPE by day: …',
    values: { wapePct: 35 },
    ...overrides,
  };
}

const evaluation = (ruleId: string, firings: Firing[]): RuleEvaluation => ({ ruleId, firings });

/** Runs the engine over successive runs, carrying the open incidents like the store would. */
function runs(steps: { at: number; evaluations: RuleEvaluation[] }[], policy = POLICY) {
  let incidents = new Map<string, Incident>();
  return steps.map(({ at, evaluations }) => {
    const open = [...incidents.values()].filter((i) => i.status === 'firing');
    const plan = planIncidents(evaluations, open, at, policy);
    incidents = new Map([...incidents, ...plan.incidents.map((i) => [i.id, i] as const)]);
    return plan;
  });
}

describe('planIncidents', () => {
  it('opens one incident per rule and subject, with one notice each', () => {
    const [plan] = runs([
      {
        at: T0,
        evaluations: [
          evaluation('wape-high', [firing(), firing({ subject: 'segment 4' })]),
          evaluation('drift', [firing({ ruleId: 'drift', subject: 'feature temperatureC' })]),
        ],
      },
    ]);

    expect(plan!.incidents.map((i) => i.id)).toEqual([
      `wape-high|segment 3|${T0}`,
      `wape-high|segment 4|${T0}`,
      `drift|feature temperatureC|${T0}`,
    ]);
    expect(plan!.notifications.map((n) => [n.id, n.kind, n.status])).toEqual([
      [`wape-high|segment 3|${T0}#1`, 'firing', 'pending'],
      [`wape-high|segment 4|${T0}#1`, 'firing', 'pending'],
      [`drift|feature temperatureC|${T0}#1`, 'firing', 'pending'],
    ]);
  });

  it('groups repeated firings of one subject into one incident and keeps the worst', () => {
    const [plan] = runs([
      {
        at: T0,
        evaluations: [evaluation('wape-high', [firing(), firing({ severity: 'critical' })])],
      },
    ]);

    expect(plan!.incidents).toHaveLength(1);
    expect(plan!.incidents[0]!.severity).toBe('critical');
    expect(plan!.notifications).toHaveLength(1);
  });

  it('repeats a firing incident no more often than the repeat interval', () => {
    const still = [evaluation('wape-high', [firing()])];
    const plans = runs([
      { at: T0, evaluations: still },
      { at: T0 + 6 * HOUR, evaluations: still },
      { at: T0 + 23 * HOUR, evaluations: still },
      { at: T0 + 24 * HOUR, evaluations: still },
      { at: T0 + 30 * HOUR, evaluations: still },
    ]);

    expect(plans.map((p) => p.notifications.map((n) => n.kind))).toEqual([
      ['firing'],
      [],
      [],
      ['repeat'],
      [],
    ]);
    expect(plans.map((p) => p.incidents.length)).toEqual([1, 1, 1, 1, 1]);
    expect(plans[3]!.notifications[0]!.id).toBe(`wape-high|segment 3|${T0}#2`);
  });

  it('notifies at once when the severity rises, then waits the interval again', () => {
    const plans = runs([
      { at: T0, evaluations: [evaluation('wape-high', [firing()])] },
      { at: T0 + HOUR, evaluations: [evaluation('wape-high', [firing({ severity: 'critical' })])] },
      {
        at: T0 + 2 * HOUR,
        evaluations: [evaluation('wape-high', [firing({ severity: 'critical' })])],
      },
      { at: T0 + 3 * HOUR, evaluations: [evaluation('wape-high', [firing()])] },
    ]);

    expect(plans.map((p) => p.notifications.length)).toEqual([1, 1, 0, 0]);
    expect(plans[3]!.incidents[0]).toMatchObject({
      severity: 'warning',
      worstSeverity: 'critical',
    });
  });

  it('sends a resolved notice when an evaluated rule stops firing, once', () => {
    const plans = runs([
      { at: T0, evaluations: [evaluation('wape-high', [firing()])] },
      { at: T0 + 24 * HOUR, evaluations: [evaluation('wape-high', [])] },
      { at: T0 + 48 * HOUR, evaluations: [evaluation('wape-high', [])] },
    ]);

    expect(plans[1]!.incidents[0]).toMatchObject({
      status: 'resolved',
      resolvedAt: T0 + 24 * HOUR,
      notificationCount: 2,
    });
    expect(plans[1]!.notifications.map((n) => [n.kind, n.id])).toEqual([
      ['resolved', `wape-high|segment 3|${T0}#2`],
    ]);
    expect(plans[2]).toEqual({ incidents: [], notifications: [] });
  });

  it('resolves silently without send_resolved', () => {
    const plans = runs(
      [
        { at: T0, evaluations: [evaluation('wape-high', [firing()])] },
        { at: T0 + HOUR, evaluations: [evaluation('wape-high', [])] },
      ],
      { ...POLICY, sendResolved: false },
    );

    expect(plans[1]!.incidents[0]!.status).toBe('resolved');
    expect(plans[1]!.notifications).toEqual([]);
  });

  it('leaves incidents of a rule that was not evaluated this run alone', () => {
    const plans = runs([
      { at: T0, evaluations: [evaluation('wape-high', [firing()])] },
      { at: T0 + HOUR, evaluations: [evaluation('drift', [])] },
    ]);

    expect(plans[1]).toEqual({ incidents: [], notifications: [] });
  });

  it('opens a new incident when a resolved subject fires again', () => {
    const plans = runs([
      { at: T0, evaluations: [evaluation('wape-high', [firing()])] },
      { at: T0 + HOUR, evaluations: [evaluation('wape-high', [])] },
      { at: T0 + 2 * HOUR, evaluations: [evaluation('wape-high', [firing()])] },
    ]);

    expect(plans[2]!.incidents[0]!.id).toBe(`wape-high|segment 3|${T0 + 2 * HOUR}`);
    expect(plans[2]!.notifications[0]!.kind).toBe('firing');
  });

  it('plans the same notice ids when a run is repeated from the same state (idempotent)', () => {
    const evaluations = [evaluation('wape-high', [firing()])];

    const once = planIncidents(evaluations, [], T0, POLICY);
    const again = planIncidents(evaluations, [], T0, POLICY);

    expect(again).toEqual(once);
  });
});
