/**
 * Alerting step of the monitor: plan incidents from this run's rule evaluations, store them and
 * the notices owed, then send every pending notice (this run's and any left by an earlier run
 * whose SMTP server was down). A failed send loses nothing: the notice stays pending with its
 * attempt count and error, and the next run retries it.
 */

import { recordAttempt } from '../alerts/delivery.js';
import { type RuleEvaluation } from '../alerts/firing.js';
import { type IncidentPolicy, planIncidents } from '../alerts/incidents.js';
import { assertIsError, isRetryable } from '../errors.js';
import { type Logger } from '../logging.js';
import { type AlertStore, type Clock, type Mailer } from '../ports.js';

export interface AlertDeps {
  alerts: AlertStore;
  mailer: Mailer;
  now: Clock;
  logger: Logger;
}

export interface AlertRunResult {
  opened: number;
  updated: number;
  resolved: number;
  /** Notices created by this run. */
  planned: number;
  sent: number;
  /** Notices still pending after this run (this run's and older ones). */
  pending: number;
  lastError: string | null;
}

/**
 * Plans, stores and sends. Sending stops at the first retryable failure (the server is down or
 * busy: the rest would fail alike); a permanent failure of one notice does not hold up the others.
 * Each outcome is stored as soon as it is known.
 */
export async function raiseAlerts(
  evaluations: readonly RuleEvaluation[],
  policy: IncidentPolicy,
  deps: AlertDeps,
): Promise<AlertRunResult> {
  const now = deps.now();
  const open = await deps.alerts.listIncidents({ status: 'firing' });
  const plan = planIncidents(evaluations, open, now, policy);
  await deps.alerts.saveAlerts(plan);
  const openIds = new Set(open.map((i) => i.id));
  const result: AlertRunResult = {
    opened: plan.incidents.filter((i) => !openIds.has(i.id)).length,
    updated: plan.incidents.filter((i) => openIds.has(i.id) && i.status === 'firing').length,
    resolved: plan.incidents.filter((i) => i.status === 'resolved').length,
    planned: plan.notifications.length,
    sent: 0,
    pending: 0,
    lastError: null,
  };
  const pending = await deps.alerts.listNotifications({ status: 'pending' });
  for (const [index, notification] of pending.entries()) {
    try {
      const receipt = await deps.mailer.send(notification.message);
      await deps.alerts.saveAlerts({ notifications: [recordAttempt(notification, deps.now())] });
      result.sent++;
      deps.logger.info('alert notice sent', {
        notificationId: notification.id,
        kind: notification.kind,
        destination: receipt.destination,
      });
    } catch (error) {
      assertIsError(error);
      const failed = recordAttempt(notification, deps.now(), error.message);
      await deps.alerts.saveAlerts({ notifications: [failed] });
      result.lastError = failed.lastError;
      deps.logger.warn('alert notice not sent; it stays pending', {
        notificationId: notification.id,
        attempts: failed.attempts,
        error: failed.lastError,
      });
      if (isRetryable(error)) {
        result.pending += pending.length - index;
        return result;
      }
      result.pending++;
    }
  }
  return result;
}
