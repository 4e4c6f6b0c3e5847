import { describe, expect, it } from 'vitest';
import { buildAlertLog } from '../../../shared/report/alert-log.js';
import { HOUR, incident, mailMessage, notification, T0 } from '../../helpers/alert-factories.js';

describe('buildAlertLog', () => {
  it('lists the notices of the period, oldest first, with their incident and delivery state', () => {
    const firing = incident({ worstSeverity: 'critical' });
    const sent = notification({
      status: 'sent',
      sentAt: T0 + 60_000,
      attempts: 1,
      message: mailMessage({ subject: '[MCE CRITICAL] fleet: WAPE 61 %' }),
    });
    const repeat = notification({
      id: `${firing.id}#2`,
      kind: 'repeat',
      createdAt: T0 + 24 * HOUR,
      attempts: 2,
      lastError: 'SMTP down (421)',
    });
    const before = notification({ id: `${firing.id}#0`, createdAt: T0 - HOUR });

    const log = buildAlertLog([firing], [repeat, sent, before], T0, T0 + 48 * HOUR);

    expect(log.notices.map((n) => n.notificationId)).toEqual([sent.id, repeat.id]);
    expect(log.notices[0]).toMatchObject({
      ruleId: 'wape-high',
      subject: 'fleet',
      worstSeverity: 'critical',
      kind: 'firing',
      emailSubject: '[MCE CRITICAL] fleet: WAPE 61 %',
      to: ['ops@example.com'],
      status: 'sent',
      sentAt: T0 + 60_000,
    });
    expect(log.notices[1]).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastError: 'SMTP down (421)',
    });
  });

  it('reads rule and subject off the incident id when the incident is missing', () => {
    const log = buildAlertLog(
      [],
      [notification({ incidentId: `drift|feature temperatureC|${T0}` })],
      T0,
      T0 + 1,
    );

    expect(log.notices[0]).toMatchObject({
      ruleId: 'drift',
      subject: 'feature temperatureC',
      worstSeverity: 'warning',
    });
  });
});
