import { InvalidInputError } from '../errors.js';

/**
 * The CloudEvent the Functions Framework hands a function fed by a Pub/Sub push subscription:
 * type `google.cloud.pubsub.topic.v1.messagePublished`, id = message id, time = publish time,
 * data.message = { data (base64), attributes, messageId, publishTime }.
 */
export interface PubsubCloudEvent {
  id?: string;
  time?: string;
  type?: string;
  data?: {
    message?: {
      data?: string;
      attributes?: Record<string, string>;
      messageId?: string;
      publishTime?: string;
    };
  };
}

/** A decoded Pub/Sub message. */
export interface PubsubMessage {
  id: string;
  /** Publish time, UTC ms. */
  publishedAt: number;
  attributes: Record<string, string>;
  /** The message body parsed as JSON, or null when it is empty. */
  json: unknown;
}

/**
 * Decodes the Pub/Sub message of a CloudEvent.
 * @throws InvalidInputError when the event is not a Pub/Sub message or its body is not JSON
 */
export function decodePubsubEvent(event: PubsubCloudEvent): PubsubMessage {
  const message = event.data?.message;
  if (!message) throw new InvalidInputError('Event carries no Pub/Sub message');
  const id = message.messageId ?? event.id ?? '';
  const publishedAt = Date.parse(message.publishTime ?? event.time ?? '');
  if (Number.isNaN(publishedAt)) throw new InvalidInputError(`Message ${id} has no publish time`);
  const text = Buffer.from(message.data ?? '', 'base64').toString('utf8');
  let json: unknown = null;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch (error: unknown) {
      throw new InvalidInputError(`Message ${id} body is not JSON`, { cause: error });
    }
  }
  return { id, publishedAt, attributes: message.attributes ?? {}, json };
}

/** True when an event published at `publishedAt` is older than `maxAgeMs` at `now`. */
export function isTooOld(publishedAt: number, now: number, maxAgeMs: number): boolean {
  return now - publishedAt > maxAgeMs;
}
