/**
 * The incident engine, in the manner of Alertmanager's group_by (rule, subject), repeat_interval
 * and send_resolved: from this run's rule evaluations and the stored open incidents, the new
 * incident state and the notices owed. Pure: the caller stores the result and sends the notices.
 */
import { type AlertNotification, type Incident } from '../types.js';
import { composeNotice, type NoticeSettings } from './compose.js';
import { type Firing, isWorse, type RuleEvaluation, worse } from './firing.js';

export interface IncidentPolicy extends NoticeSettings {
  /** Send a notice when an incident resolves (after at least one notice was sent for it). */
  sendResolved: boolean;
}

export interface IncidentPlan {
  /** Incidents opened, updated or resolved by this run. */
  incidents: Incident[];
  /** Notices owed, status pending. */
  notifications: AlertNotification[];
}

const keyOf = (ruleId: string, subject: string) => `${ruleId}|${subject}`;

function notice(
  incident: Incident,
  kind: AlertNotification['kind'],
  now: number,
  policy: IncidentPolicy,
): AlertNotification {
  const n = incident.notificationCount;
  return {
    id: `${incident.id}#${n}`,
    incidentId: incident.id,
    kind,
    createdAt: now,
    message: composeNotice(incident, kind, n, now, policy),
    status: 'pending',
    attempts: 0,
    lastAttemptAt: null,
    lastError: null,
    sentAt: null,
  };
}

function fromFiring(f: Firing, now: number): Incident {
  return {
    id: `${f.ruleId}|${f.subject}|${now}`,
    ruleId: f.ruleId,
    subject: f.subject,
    status: 'firing',
    severity: f.severity,
    worstSeverity: f.severity,
    summary: f.summary,
    details: f.details,
    values: f.values,
    firstFiredAt: now,
    lastFiredAt: now,
    resolvedAt: null,
    notificationCount: 0,
    lastNoticeAt: null,
    lastNoticeSeverity: null,
    updatedAt: now,
  };
}

/** The most severe firing per subject (a rule should give one; this keeps the worst). */
function bySubject(firings: readonly Firing[]): Map<string, Firing> {
  const out = new Map<string, Firing>();
  for (const f of firings) {
    const seen = out.get(f.subject);
    if (!seen || isWorse(f.severity, seen.severity)) out.set(f.subject, f);
  }
  return out;
}

/**
 * Plans one run. A firing with no open incident opens one and owes a first notice; an open
 * incident that still fires is updated and owes a repeat once `repeatIntervalMs` has passed
 * since its last notice, or at once when its severity rose above the last notice's; an open
 * incident whose rule was evaluated without firing for its subject resolves and owes a resolved
 * notice (send_resolved). Incidents of rules not evaluated this run are left alone.
 */
export function planIncidents(
  evaluations: readonly RuleEvaluation[],
  open: readonly Incident[],
  now: number,
  policy: IncidentPolicy,
): IncidentPlan {
  const openByKey = new Map(
    open.filter((i) => i.status === 'firing').map((i) => [keyOf(i.ruleId, i.subject), i]),
  );
  const plan: IncidentPlan = { incidents: [], notifications: [] };
  const owe = (incident: Incident, kind: AlertNotification['kind']): Incident => {
    const next: Incident = {
      ...incident,
      notificationCount: incident.notificationCount + 1,
      ...(kind === 'resolved' ? {} : { lastNoticeAt: now, lastNoticeSeverity: incident.severity }),
    };
    plan.notifications.push(notice(next, kind, now, policy));
    return next;
  };
  for (const evaluation of evaluations) {
    const firing = bySubject(evaluation.firings.filter((f) => f.ruleId === evaluation.ruleId));
    for (const [subject, f] of firing) {
      const current = openByKey.get(keyOf(f.ruleId, subject));
      if (!current) {
        plan.incidents.push(owe(fromFiring(f, now), 'firing'));
        continue;
      }
      const updated: Incident = {
        ...current,
        severity: f.severity,
        worstSeverity: worse(current.worstSeverity, f.severity),
        summary: f.summary,
        details: f.details,
        values: f.values,
        lastFiredAt: now,
        updatedAt: now,
      };
      const due =
        current.lastNoticeAt === null ||
        now - current.lastNoticeAt >= policy.repeatIntervalMs ||
        (current.lastNoticeSeverity !== null && isWorse(f.severity, current.lastNoticeSeverity));
      plan.incidents.push(due ? owe(updated, 'repeat') : updated);
    }
    for (const incident of openByKey.values()) {
      if (incident.ruleId !== evaluation.ruleId || firing.has(incident.subject)) continue;
      const resolved: Incident = {
        ...incident,
        status: 'resolved',
        resolvedAt: now,
        updatedAt: now,
      };
      const tell = policy.sendResolved && incident.notificationCount > 0;
      plan.incidents.push(tell ? owe(resolved, 'resolved') : resolved);
    }
  }
  return plan;
}
