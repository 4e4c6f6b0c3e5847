/** Typed alert records for tests. */
import { type IncidentPolicy } from '../../shared/alerts/incidents.js';
import { type AlertNotification, type Incident, type MailMessage } from '../../shared/types.js';

export const T0 = Date.UTC(2025, 2, 10, 10);
export const HOUR = 3_600_000;

/** Daily repeats, resolved notices, Madrid times. */
export const POLICY: IncidentPolicy = {
  from: 'MCE <mce@example.com>',
  to: ['ops@example.com'],
  reportUrl: 'file:///var/mce/reports/2025-03-10.html',
  repeatIntervalMs: 24 * HOUR,
  timeZone: 'Europe/Madrid',
  sendResolved: true,
};

export function mailMessage(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    from: 'MCE alerts <mce@example.com>',
    to: ['ops@example.com'],
    subject: '[MCE WARNING] WAPE above 25 %: fleet',
    text: 'What: WAPE above 25 %\r\n',
    messageId: 'mce.wape-high.fleet.1@example.com',
    date: T0,
    ...overrides,
  };
}

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: `wape-high|fleet|${T0}`,
    ruleId: 'wape-high',
    subject: 'fleet',
    status: 'firing',
    severity: 'warning',
    worstSeverity: 'warning',
    summary: 'WAPE 31.0 % above 25 % for 3 days',
    details: 'Days: 2025-03-07 31.2 %, 2025-03-08 30.1 %, 2025-03-09 31.0 %',
    values: { wapePct: 31, limitPct: 25, days: 3, note: null },
    firstFiredAt: T0,
    lastFiredAt: T0,
    resolvedAt: null,
    notificationCount: 1,
    lastNoticeAt: T0,
    lastNoticeSeverity: 'warning',
    updatedAt: T0,
    ...overrides,
  };
}

export function notification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    id: `wape-high|fleet|${T0}#1`,
    incidentId: `wape-high|fleet|${T0}`,
    kind: 'firing',
    createdAt: T0,
    message: mailMessage(),
    status: 'pending',
    attempts: 0,
    lastAttemptAt: null,
    lastError: null,
    sentAt: null,
    ...overrides,
  };
}
