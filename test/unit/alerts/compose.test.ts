import { describe, expect, it } from 'vitest';
import { composeNotice, formatDuration, formatInstant } from '../../../shared/alerts/compose.js';
import { incident, T0 } from '../../helpers/alert-factories.js';

const SETTINGS = {
  from: 'MCE alerts <mce@example.com>',
  to: ['ops@example.com'],
  reportUrl: 'https://mce.example.com/reports/2025-03-10',
  repeatIntervalMs: 24 * 3_600_000,
  timeZone: 'Europe/Madrid',
};

describe('composeNotice', () => {
  it('says what, since when, how bad and where the report is', () => {
    const firing = incident({ severity: 'critical', worstSeverity: 'critical' });

    const message = composeNotice(firing, 'firing', 1, T0 + 26 * 3_600_000, SETTINGS);

    expect(message.subject).toBe('[MCE CRITICAL] fleet: WAPE 31.0 % above 25 % for 3 days');
    expect(message.text).toContain('What:     WAPE 31.0 % above 25 % for 3 days (rule wape-high)');
    expect(message.text).toContain('Since:    2025-03-10 11:00 Europe/Madrid (firing for 1 d 2 h)');
    expect(message.text).toContain('How bad:  critical');
    expect(message.text).toContain('Report:   https://mce.example.com/reports/2025-03-10');
    expect(message.text).toContain('  wapePct   31');
    expect(message.text).toContain('  note      —');
    expect(message).toMatchObject({
      from: SETTINGS.from,
      to: SETTINGS.to,
      messageId: `mce.wape-high.fleet.${T0}.1@example.com`,
      headers: { 'X-MCE-Incident': `wape-high|fleet|${T0}`, 'X-MCE-Rule': 'wape-high' },
      date: T0 + 26 * 3_600_000,
    });
    expect(message.inReplyTo).toBeUndefined();
  });

  it('threads later notices under the first and marks repeats and resolutions', () => {
    const repeat = composeNotice(
      incident({ severity: 'warning', worstSeverity: 'critical' }),
      'repeat',
      2,
      T0,
      SETTINGS,
    );
    const resolved = composeNotice(
      incident({ status: 'resolved', resolvedAt: T0 + 5 * 3_600_000 }),
      'resolved',
      3,
      T0,
      SETTINGS,
    );
    const root = `mce.wape-high.fleet.${T0}.1@example.com`;

    expect(repeat.subject).toBe(
      '[MCE WARNING] (still firing) fleet: WAPE 31.0 % above 25 % for 3 days',
    );
    expect(repeat.text).toContain('How bad:  warning (worst so far: critical)');
    expect(resolved.subject).toBe('[MCE RESOLVED] fleet: WAPE 31.0 % above 25 % for 3 days');
    expect(resolved.text).toContain(
      'When:     from 2025-03-10 11:00 Europe/Madrid to 2025-03-10 16:00 Europe/Madrid (5 h)',
    );
    for (const m of [repeat, resolved]) {
      expect(m.inReplyTo).toBe(root);
      expect(m.references).toEqual([root]);
    }
  });
});

describe('formatting', () => {
  it('writes Madrid wall time across the DST change and short durations', () => {
    expect(formatInstant(Date.UTC(2025, 2, 30, 0, 30), 'Europe/Madrid')).toBe(
      '2025-03-30 01:30 Europe/Madrid',
    );
    expect(formatInstant(Date.UTC(2025, 2, 30, 1, 30), 'Europe/Madrid')).toBe(
      '2025-03-30 03:30 Europe/Madrid',
    );
    expect([
      formatDuration(10_000),
      formatDuration(5 * 3_600_000),
      formatDuration(49 * 3_600_000),
    ]).toEqual(['under 1 h', '5 h', '2 d 1 h']);
  });
});
