import { InvalidInputError } from '../errors.js';
import { type PubsubMessage } from './pubsub.js';

/** The object a GCS notification names. */
export interface StorageObjectRef {
  bucket: string;
  object: string;
  generation: string;
  eventType: string;
}

/**
 * Reads a GCS Pub/Sub notification (JSON_API_V1): attributes bucketId, objectId, objectGeneration
 * and eventType identify the object, in production and in the emulator alike.
 * @throws InvalidInputError when an attribute is missing
 */
export function parseStorageNotification(message: PubsubMessage): StorageObjectRef {
  const { bucketId, objectId, objectGeneration, eventType } = message.attributes;
  if (!bucketId || !objectId || !objectGeneration || !/^\d+$/.test(objectGeneration)) {
    throw new InvalidInputError(
      `Message ${message.id} is not a GCS notification (bucketId, objectId, objectGeneration)`,
    );
  }
  return {
    bucket: bucketId,
    object: objectId,
    generation: objectGeneration,
    eventType: eventType ?? '',
  };
}
