import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxMailer } from '../../shared/adapters/outbox/mailer.js';
import { createSmtpMailer } from '../../shared/adapters/smtp/mailer.js';
import { summariseDelivery } from '../../shared/alerts/delivery.js';
import { type Firing, type RuleEvaluation } from '../../shared/alerts/firing.js';
import { createLogger } from '../../shared/logging.js';
import { raiseAlerts } from '../../shared/pipelines/alerts.js';
import { type Mailer, type Store } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { HOUR, POLICY, T0 } from '../helpers/alert-factories.js';
import { parseEml } from '../helpers/eml.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function store(): Promise<Store> {
  const dir = await mkdtemp(join(tmpdir(), 'mce-alerts-'));
  const s = await openStore({
    storeUrl: `sqlite:${join(dir, 'mce.db')}`,
    mongoDb: '',
    mongoPredCol: 'p',
    mongoMeteoCol: 'w',
  });
  cleanups.push(async () => {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  });
  return s;
}

async function smtp(port = 0): Promise<TestSmtpServer> {
  const s = await startSmtpServer(port ? { port } : {});
  cleanups.push(() => s.close());
  return s;
}

function firing(subject: string): Firing {
  return {
    ruleId: 'drift',
    subject,
    severity: 'warning',
    summary: `drift in ${subject}`,
    details: '',
    values: { effect: 0.4 },
  };
}

const drifting = (...subjects: string[]): RuleEvaluation[] => [
  { ruleId: 'drift', firings: subjects.map(firing) },
];

function deps(alerts: Store, mailer: Mailer, at: number) {
  return {
    alerts,
    mailer,
    now: () => at,
    logger: createLogger({ minSeverity: 'ERROR', write: () => undefined }),
  };
}

describe('raiseAlerts', () => {
  it('keeps notices pending while SMTP is down, then sends each once when it is back', async () => {
    const alerts = await store();
    const server = await smtp();
    const port = server.port;
    await server.close();
    const mailer = createSmtpMailer({
      host: '127.0.0.1',
      port,
      security: 'none',
      timeoutsMs: { connection: 2000, greeting: 2000, socket: 5000 },
    });

    const down = await raiseAlerts(
      drifting('feature a', 'feature b'),
      POLICY,
      deps(alerts, mailer, T0),
    );

    expect(down).toMatchObject({ opened: 2, planned: 2, sent: 0, pending: 2 });
    expect(down.lastError).toMatch(/^SMTP delivery through 127\.0\.0\.1:\d+ failed/);
    const pending = await alerts.listNotifications({ status: 'pending' });
    expect(pending.map((n) => n.attempts)).toEqual([1, 0]);
    expect(summariseDelivery(pending)).toMatchObject({
      sent: 0,
      pending: 2,
      failing: 1,
      oldestPendingAt: T0,
    });

    const back = await smtp(port);
    const up = await raiseAlerts(
      drifting('feature a', 'feature b'),
      POLICY,
      deps(alerts, mailer, T0 + HOUR),
    );
    const again = await raiseAlerts(
      drifting('feature a', 'feature b'),
      POLICY,
      deps(alerts, mailer, T0 + 2 * HOUR),
    );

    expect(up).toMatchObject({
      opened: 0,
      updated: 2,
      planned: 0,
      sent: 2,
      pending: 0,
      lastError: null,
    });
    expect(again).toMatchObject({ sent: 0, pending: 0 });
    expect(back.received.map((m) => parseEml(m.raw).headers.get('subject')?.[0])).toEqual([
      '[MCE WARNING] feature a: drift in feature a',
      '[MCE WARNING] feature b: drift in feature b',
    ]);
    expect(
      (await alerts.listNotifications()).map((n) => [n.status, n.attempts, n.sentAt, n.lastError]),
    ).toEqual([
      ['sent', 2, T0 + HOUR, null],
      ['sent', 1, T0 + HOUR, null],
    ]);
  });

  it('writes the first notice, the repeat and the resolved notice of an incident to the outbox', async () => {
    const alerts = await store();
    const dir = await mkdtemp(join(tmpdir(), 'mce-outbox-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const outbox = createOutboxMailer(dir);

    await raiseAlerts(drifting('feature a'), POLICY, deps(alerts, outbox, T0));
    await raiseAlerts(drifting('feature a'), POLICY, deps(alerts, outbox, T0 + 12 * HOUR));
    await raiseAlerts(drifting('feature a'), POLICY, deps(alerts, outbox, T0 + 24 * HOUR));
    const resolved = await raiseAlerts(drifting(), POLICY, deps(alerts, outbox, T0 + 30 * HOUR));

    expect(resolved).toMatchObject({ resolved: 1, planned: 1, sent: 1 });
    expect((await readdir(dir)).sort()).toEqual([
      `20250310T100000Z-mce.drift.feature-a.${T0}.1@example.com.eml`,
      `20250311T100000Z-mce.drift.feature-a.${T0}.2@example.com.eml`,
      `20250311T160000Z-mce.drift.feature-a.${T0}.3@example.com.eml`,
    ]);
    expect((await alerts.listIncidents()).map((i) => [i.status, i.notificationCount])).toEqual([
      ['resolved', 3],
    ]);
  });

  it('tries every notice when the server refuses them for good, and keeps them pending', async () => {
    const alerts = await store();
    const server = await startSmtpServer({ refuseRecipients: 550 });
    cleanups.push(() => server.close());
    const mailer = createSmtpMailer({ host: '127.0.0.1', port: server.port, security: 'none' });

    const result = await raiseAlerts(
      drifting('feature a', 'feature b'),
      POLICY,
      deps(alerts, mailer, T0),
    );

    expect(result).toMatchObject({ sent: 0, pending: 2 });
    expect((await alerts.listNotifications({ status: 'pending' })).map((n) => n.attempts)).toEqual([
      1, 1,
    ]);
  });
});
