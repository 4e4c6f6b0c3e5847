import { afterAll, describe, expect, it } from 'vitest';
import { HOUR, incident, mailMessage, notification, T0 } from '../helpers/alert-factories.js';
import { cleanUpStores, STORE_ADAPTERS } from '../helpers/store-adapters.js';

for (const { name, skip } of STORE_ADAPTERS) {
  if (skip) console.warn(`AlertStore contract over ${name} skipped: ${skip}`);
}

afterAll(cleanUpStores);

describe.each(STORE_ADAPTERS)('AlertStore contract over $name', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('incidents and notifications', () => {
    it('starts empty', async () => {
      const store = await adapter.open();

      expect(await store.listIncidents()).toEqual([]);
      expect(await store.listNotifications()).toEqual([]);
    });

    it('round-trips every field, nested message and null values included', async () => {
      const store = await adapter.open();
      const threaded = notification({
        id: 'b#2',
        kind: 'resolved',
        createdAt: T0 + HOUR,
        message: mailMessage({
          html: '<p>ok</p>',
          inReplyTo: 'root@example.com',
          references: ['root@example.com'],
          headers: { 'X-MCE-Incident': 'b' },
        }),
        status: 'sent',
        attempts: 2,
        lastAttemptAt: T0 + HOUR,
        lastError: 'SMTP connection refused',
        sentAt: T0 + HOUR,
      });

      await store.saveAlerts({
        incidents: [incident()],
        notifications: [notification(), threaded],
      });

      expect(await store.listIncidents()).toEqual([incident()]);
      expect(await store.listNotifications()).toEqual([notification(), threaded]);
    });

    it('upserts by id: saving a record again replaces it', async () => {
      const store = await adapter.open();
      await store.saveAlerts({ incidents: [incident()], notifications: [notification()] });
      const resolved = incident({
        status: 'resolved',
        resolvedAt: T0 + HOUR,
        updatedAt: T0 + HOUR,
      });
      const sent = notification({ status: 'sent', attempts: 1, sentAt: T0 + HOUR });

      await store.saveAlerts({ incidents: [resolved], notifications: [sent] });
      await store.saveAlerts({ notifications: [sent] });

      expect(await store.listIncidents()).toEqual([resolved]);
      expect(await store.listNotifications()).toEqual([sent]);
    });

    it('filters incidents by status and change time, ordered by first firing then id', async () => {
      const store = await adapter.open();
      const a = incident({ id: 'a', firstFiredAt: T0 + 2 * HOUR, updatedAt: T0 + 2 * HOUR });
      const b = incident({ id: 'b', firstFiredAt: T0, updatedAt: T0 + 5 * HOUR });
      const c = incident({ id: 'c', status: 'resolved', firstFiredAt: T0, updatedAt: T0 });
      await store.saveAlerts({ incidents: [a, b, c] });

      expect((await store.listIncidents()).map((i) => i.id)).toEqual(['b', 'c', 'a']);
      expect((await store.listIncidents({ status: 'firing' })).map((i) => i.id)).toEqual([
        'b',
        'a',
      ]);
      expect((await store.listIncidents({ since: T0 + HOUR })).map((i) => i.id)).toEqual([
        'b',
        'a',
      ]);
      expect(await store.listIncidents({ status: 'resolved', since: T0 + HOUR })).toEqual([]);
    });

    it('filters notifications by status, incident and creation time', async () => {
      const store = await adapter.open();
      const n1 = notification({ id: 'x#1', incidentId: 'x', createdAt: T0 });
      const n2 = notification({ id: 'x#2', incidentId: 'x', createdAt: T0 + HOUR, status: 'sent' });
      const n3 = notification({ id: 'y#1', incidentId: 'y', createdAt: T0 + HOUR });
      await store.saveAlerts({ notifications: [n3, n2, n1] });

      expect((await store.listNotifications()).map((n) => n.id)).toEqual(['x#1', 'x#2', 'y#1']);
      expect((await store.listNotifications({ status: 'pending' })).map((n) => n.id)).toEqual([
        'x#1',
        'y#1',
      ]);
      expect((await store.listNotifications({ incidentId: 'x' })).map((n) => n.id)).toEqual([
        'x#1',
        'x#2',
      ]);
      expect(
        (await store.listNotifications({ since: T0 + HOUR, status: 'pending' })).map((n) => n.id),
      ).toEqual(['y#1']);
    });

    // Only the embedded store has a file to open again (not a skip: nothing is missing).
    if (adapter.name === 'sqlite') {
      it('keeps alerts across a reopen', async () => {
        const store = await adapter.open();
        await store.saveAlerts({ incidents: [incident()], notifications: [notification()] });
        await store.close();

        const again = await store.reopen!();

        expect(await again.listIncidents()).toEqual([incident()]);
        expect(await again.listNotifications({ status: 'pending' })).toEqual([notification()]);
        await again.close();
      });
    }
  });
});
