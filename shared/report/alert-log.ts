/** The alert log of the report: each e-mail owed in the period, its incident and delivery state. */
import { type AlertNotification, type Incident } from '../types.js';
import { type AlertEntry, type AlertSection } from './report-data.js';

/**
 * Joins notices created in [fromMs, toMs) to their incidents, oldest first. A notice whose
 * incident is missing (it should not happen) still appears, with the rule read off its id.
 */
export function buildAlertLog(
  incidents: readonly Incident[],
  notifications: readonly AlertNotification[],
  fromMs: number,
  toMs: number,
): AlertSection {
  const byId = new Map(incidents.map((i) => [i.id, i]));
  const notices = notifications
    .filter((n) => n.createdAt >= fromMs && n.createdAt < toMs)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    .map((n): AlertEntry => {
      const incident = byId.get(n.incidentId);
      const [ruleId = '', subject = ''] = n.incidentId.split('|');
      return {
        notificationId: n.id,
        incidentId: n.incidentId,
        ruleId: incident?.ruleId ?? ruleId,
        subject: incident?.subject ?? subject,
        worstSeverity: incident?.worstSeverity ?? 'warning',
        kind: n.kind,
        createdAt: n.createdAt,
        emailSubject: n.message.subject,
        to: [...n.message.to],
        status: n.status,
        sentAt: n.sentAt,
        attempts: n.attempts,
        lastError: n.lastError,
      };
    });
  return { notices };
}
