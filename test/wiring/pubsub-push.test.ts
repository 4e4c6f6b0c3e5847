/**
 * A CloudEvent function served by the Functions Framework on loopback, fed by a Pub/Sub emulator
 * push subscription, as Cloud Run is fed in production.
 *
 * The emulator POSTs the push envelope {message: {data (base64), attributes, messageId,
 * publishTime}, subscription}; the framework's middleware turns it into this CloudEvent:
 *   id = messageId, time = publishTime, specversion '1.0', datacontenttype 'application/json',
 *   type 'google.cloud.pubsub.topic.v1.messagePublished',
 *   source '//pubsub.googleapis.com/projects/P/topics/T' (taken from the request path: push to
 *     pushEndpointFor(url, topic); with a bare '/' path the topic is lost and the framework warns),
 *   data = {message: {'@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage', data (base64),
 *     attributes ({} when none), messageId, publishTime}}.
 * The envelope's subscription and deliveryAttempt are dropped, and a message with empty data is not
 * converted at all: always publish a non-empty JSON body.
 */
import * as ff from '@google-cloud/functions-framework';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bus } from '../../shared/ports.js';
import { openBus } from '../../shared/runtime/open-bus.js';
import {
  createPullSubscription,
  createPushSubscription,
  createTopic,
  deleteSubscription,
  PUBSUB_PROJECT,
  pubsubSkipReason,
  pullMatching,
  pushEndpointFor,
  uniqueName,
  waitFor,
} from '../helpers/emulators.js';
import {
  type PubSubEventData,
  type ServedFunction,
  serveFunction,
} from '../helpers/serve-function.js';

const skip = pubsubSkipReason();
if (skip) console.warn(`Pub/Sub push wiring skipped: ${skip}`);

interface Probe {
  /** Throw (HTTP 500) on the first delivery of this token only. */
  failFirst?: string;
  /** Throw on every delivery. */
  failAlways?: boolean;
}

const decode = (event: ff.CloudEvent<PubSubEventData> | undefined): unknown =>
  JSON.parse(Buffer.from(event?.data?.message.data ?? '', 'base64').toString('utf8'));

const received: ff.CloudEvent<PubSubEventData>[] = [];
const failedTokens = new Set<string>();

ff.cloudEvent('wiringPushProbe', (event: ff.CloudEvent<PubSubEventData>) => {
  received.push(event);
  const probe = decode(event) as Probe;
  if (probe.failAlways) throw new Error('refused on every delivery');
  if (probe.failFirst !== undefined && !failedTokens.has(probe.failFirst)) {
    failedTokens.add(probe.failFirst);
    throw new Error('refused on the first delivery');
  }
});

const deliveries = (id: string) => received.filter((e) => e.id === id).length;

describe.skipIf(skip !== undefined)(
  'Pub/Sub push subscription to a served CloudEvent function',
  () => {
    let served: ServedFunction;
    let bus: Bus;
    const subscriptions: string[] = [];

    beforeAll(async () => {
      served = await serveFunction('wiringPushProbe');
      bus = openBus(`pubsub:${PUBSUB_PROJECT}`);
    });

    afterAll(async () => {
      await Promise.all(subscriptions.map((s) => deleteSubscription(s)));
      await served?.close();
    });

    async function pushTopic(options: { deadLetterTopic?: string } = {}): Promise<string> {
      const topic = uniqueName('wiring-push');
      await createTopic(topic);
      const subscription = `${topic}-push`;
      await createPushSubscription({
        subscription,
        topic,
        pushEndpoint: pushEndpointFor(served.url, topic),
        ...options,
      });
      subscriptions.push(subscription);
      return topic;
    }

    it('hands the function a messagePublished CloudEvent with the JSON data and attributes', async () => {
      const topic = await pushTopic();
      const data = { bucket: 'raw', object: 'F5D_0031_0001_20250101.0', generation: '42' };

      const id = await bus.publish(topic, data, { kind: 'F5D', origin: 'wiring' });
      await waitFor(() => received.some((e) => e.id === id));

      const event = received.find((e) => e.id === id);
      expect(event?.type).toBe('google.cloud.pubsub.topic.v1.messagePublished');
      expect(event?.source).toBe(
        `//pubsub.googleapis.com/projects/${PUBSUB_PROJECT}/topics/${topic}`,
      );
      expect(event?.specversion).toBe('1.0');
      expect(event?.data?.message.messageId).toBe(id);
      expect(event?.data?.message.attributes).toEqual({ kind: 'F5D', origin: 'wiring' });
      expect(Number.isNaN(Date.parse(event?.time ?? ''))).toBe(false);
      expect(decode(event)).toEqual(data);
    });

    it('redelivers, under the same id, a message whose first delivery threw', async () => {
      const topic = await pushTopic();

      const id = await bus.publish(topic, { failFirst: uniqueName('token') });
      await waitFor(() => deliveries(id) >= 2, 25_000);

      expect(deliveries(id)).toBeGreaterThanOrEqual(2);
    });

    it('moves a message that always fails to the dead-letter topic after maxDeliveryAttempts', async () => {
      const deadLetterTopic = uniqueName('wiring-dead');
      await createTopic(deadLetterTopic);
      const deadSubscription = `${deadLetterTopic}-pull`;
      await createPullSubscription(deadSubscription, deadLetterTopic);
      subscriptions.push(deadSubscription);
      const topic = await pushTopic({ deadLetterTopic });

      const id = await bus.publish(topic, { failAlways: true }, { kind: 'poison' });
      const dead = await pullMatching(
        deadSubscription,
        (m) => m.attributes.kind === 'poison',
        25_000,
      );

      expect(dead).toBeDefined();
      expect(JSON.parse(dead?.data.toString('utf8') ?? 'null')).toEqual({ failAlways: true });
      expect(deliveries(id)).toBeGreaterThanOrEqual(5);
    });
  },
);
