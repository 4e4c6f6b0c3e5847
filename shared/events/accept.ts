import { AppError } from '../errors.js';
import { type Logger } from '../logging.js';
import {
  decodePubsubEvent,
  isTooOld,
  type PubsubCloudEvent,
  type PubsubMessage,
} from './pubsub.js';

/**
 * Decodes and parses a Pub/Sub CloudEvent for a handler. A malformed event (redelivery cannot fix
 * it) is logged at ERROR and an event older than maxEventAgeMs at WARNING; both return undefined,
 * so the handler acknowledges them.
 */
export function acceptEvent<T>(
  event: PubsubCloudEvent,
  parse: (message: PubsubMessage) => T,
  deps: { logger: Logger; now: () => number; maxEventAgeMs: number },
): T | undefined {
  let message: PubsubMessage;
  let parsed: T;
  try {
    message = decodePubsubEvent(event);
    parsed = parse(message);
  } catch (error: unknown) {
    deps.logger.error('malformed event acknowledged', { eventId: event.id, reason: String(error) });
    return undefined;
  }
  if (isTooOld(message.publishedAt, deps.now(), deps.maxEventAgeMs)) {
    deps.logger.warn('event too old; dropped', {
      eventId: event.id,
      maxEventAgeMs: deps.maxEventAgeMs,
    });
    return undefined;
  }
  return parsed;
}

/**
 * The handlers' error policy: a non-retryable AppError is logged and acknowledged (returns
 * undefined); anything else is rethrown so that Pub/Sub redelivers.
 */
export function acknowledgePermanent(error: unknown, logger: Logger): undefined {
  if (error instanceof AppError && !error.retryable) {
    logger.error('permanent failure acknowledged', { error: error.name, reason: error.message });
    return undefined;
  }
  throw error;
}
