import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { InvalidInputError } from '../../shared/errors.js';
import { type Bus } from '../../shared/ports.js';
import { openBus } from '../../shared/runtime/open-bus.js';
import {
  createPullSubscription,
  createTopic,
  deleteSubscription,
  PUBSUB_PROJECT,
  pubsubSkipReason,
  pullMessages,
  uniqueName,
} from '../helpers/emulators.js';

interface Received {
  id: string;
  data: unknown;
  attributes: Record<string, string>;
}

interface Harness {
  bus: Bus;
  topic: string;
  /** Waits for `count` messages on `topic` and returns them sorted by id. */
  receive(count: number): Promise<Received[]>;
  close(): Promise<void>;
}

interface Adapter {
  name: string;
  skip: string | undefined;
  open(): Promise<Harness>;
}

const byId = (a: Received, b: Received) => a.id.localeCompare(b.id, 'en', { numeric: true });

const ADAPTERS: Adapter[] = [
  {
    name: 'memory',
    skip: undefined,
    async open() {
      const bus = createMemoryBus();
      const got: Received[] = [];
      bus.subscribe('contract', (m) => {
        got.push({ id: m.id, data: m.data, attributes: m.attributes });
      });
      return {
        bus,
        topic: 'contract',
        async receive() {
          await bus.drain();
          return got.splice(0).sort(byId);
        },
        async close() {},
      };
    },
  },
  {
    name: 'pubsub',
    skip: pubsubSkipReason(),
    async open() {
      const topic = uniqueName('contract');
      const subscription = `${topic}-pull`;
      await createTopic(topic);
      await createPullSubscription(subscription, topic);
      return {
        bus: openBus(`pubsub:${PUBSUB_PROJECT}`),
        topic,
        async receive(count) {
          const pulled = await pullMessages(subscription, count);
          return pulled
            .map((m) => ({
              id: m.messageId,
              data: JSON.parse(m.data.toString('utf8')) as unknown,
              attributes: m.attributes,
            }))
            .sort(byId);
        },
        close: () => deleteSubscription(subscription),
      };
    },
  },
];

for (const { name, skip } of ADAPTERS) {
  if (skip) console.warn(`Bus contract over ${name} skipped: ${skip}`);
}

describe.each(ADAPTERS)('Bus contract over $name', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('publish', () => {
    it('delivers the JSON data and the attributes under the id publish returned', async () => {
      const h = await adapter.open();
      const data = {
        bucket: 'raw',
        object: 'F5D_0031_0001_20250101.0',
        generation: '17',
        rows: [1, 2.5, null],
      };

      const id = await h.bus.publish(h.topic, data, { kind: 'F5D', attempt: '1' });
      const got = await h.receive(1);
      await h.close();

      expect(got).toEqual([{ id, data, attributes: { kind: 'F5D', attempt: '1' } }]);
    });

    it('delivers every one of several messages, each under its own id', async () => {
      const h = await adapter.open();

      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await h.bus.publish(h.topic, { batch: i }));
      const got = await h.receive(5);
      await h.close();

      expect(new Set(ids).size).toBe(5);
      expect(got.map((m) => m.id).sort()).toEqual([...ids].sort());
      expect(got.map((m) => (m.data as { batch: number }).batch).sort()).toEqual([0, 1, 2, 3, 4]);
      expect(got.every((m) => Object.keys(m.attributes).length === 0)).toBe(true);
    });

    it('keeps non-ASCII text and nested values intact', async () => {
      const h = await adapter.open();
      const data = { name: 'Peñíscola – ½ kWh ⚡', deep: { list: [{ a: 'ü' }], empty: {} } };

      await h.bus.publish(h.topic, data, { note: 'año' });
      const got = await h.receive(1);
      await h.close();

      expect(got[0]?.data).toEqual(data);
      expect(got[0]?.attributes).toEqual({ note: 'año' });
    });

    it('rejects data that JSON cannot carry', async () => {
      const h = await adapter.open();

      await expect(h.bus.publish(h.topic, undefined)).rejects.toBeInstanceOf(InvalidInputError);
      await h.close();
    });
  });
});
