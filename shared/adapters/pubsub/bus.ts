/**
 * Bus over Google Pub/Sub: data is published as JSON bytes with string attributes. The PubSub
 * client is injected (the runtime builds one per project; it honours PUBSUB_EMULATOR_HOST by
 * itself) and Topic objects are cached, so their publish batchers are reused on warm starts.
 */
import { type PubSub, type Topic } from '@google-cloud/pubsub';
import { TransientError } from '../../errors.js';
import { type Bus } from '../../ports.js';
import { encodeBusMessage } from '../bus-message.js';

/**
 * gRPC status codes worth a retry: CANCELLED 1, UNKNOWN 2, DEADLINE_EXCEEDED 4,
 * RESOURCE_EXHAUSTED 8, ABORTED 10, INTERNAL 13, UNAVAILABLE 14 (Pub/Sub publish retry settings).
 */
const RETRYABLE_GRPC = new Set([1, 2, 4, 8, 10, 13, 14]);
const RETRYABLE_SOCKET = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Maps a publish failure to TransientError when a retry may help; returns it unchanged otherwise. */
export function mapPubSubError(error: unknown, topic: string): unknown {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const retryable =
    (typeof code === 'number' && RETRYABLE_GRPC.has(code)) ||
    (typeof code === 'string' && RETRYABLE_SOCKET.has(code));
  if (!retryable) return error;
  return new TransientError(`Publishing to topic ${topic} failed`, {
    cause: error,
    details: { topic, code },
  });
}

/** Creates a Bus that publishes to the topics of `pubsub`'s project. */
export function createPubSubBus(pubsub: PubSub): Bus {
  const topics = new Map<string, Topic>();

  return {
    async publish(topic, data, attributes = {}) {
      const json = encodeBusMessage(topic, data);
      let handle = topics.get(topic);
      if (handle === undefined) {
        handle = pubsub.topic(topic);
        topics.set(topic, handle);
      }
      try {
        return await handle.publishMessage({ data: Buffer.from(json), attributes });
      } catch (error) {
        throw mapPubSubError(error, topic);
      }
    },
  };
}
