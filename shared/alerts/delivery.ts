/** Delivery bookkeeping of alert notices: attempts, outcome, the report's summary. */
import { type AlertNotification } from '../types.js';

/** Attempts, sent at `now` or failed with `error` (already free of secrets). */
export function recordAttempt(
  n: AlertNotification,
  now: number,
  error?: string,
): AlertNotification {
  const attempted = { ...n, attempts: n.attempts + 1, lastAttemptAt: now };
  if (error === undefined) return { ...attempted, status: 'sent', sentAt: now, lastError: null };
  return { ...attempted, lastError: error.slice(0, 500) };
}

export interface DeliverySummary {
  sent: number;
  pending: number;
  /** Pending notices that have failed at least once. */
  failing: number;
  /** The most recent error among pending notices, if any. */
  lastError: string | null;
  oldestPendingAt: number | null;
}

/** What the report says about delivery, over a set of notifications. */
export function summariseDelivery(notifications: readonly AlertNotification[]): DeliverySummary {
  const pending = notifications.filter((n) => n.status === 'pending');
  const failing = pending.filter((n) => n.attempts > 0);
  const latest = [...failing].sort((a, b) => (b.lastAttemptAt ?? 0) - (a.lastAttemptAt ?? 0))[0];
  return {
    sent: notifications.length - pending.length,
    pending: pending.length,
    failing: failing.length,
    lastError: latest?.lastError ?? null,
    oldestPendingAt: pending.length ? Math.min(...pending.map((n) => n.createdAt)) : null,
  };
}
