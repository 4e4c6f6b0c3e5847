import * as ff from '@google-cloud/functions-framework';
import { AppError } from '../../shared/errors.js';
import { decodePubsubEvent, isTooOld, type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import { parseStorageNotification } from '../../shared/events/storage-notification.js';
import {
  type IngestDeps,
  type IngestResult,
  ingestMeterFile,
} from '../../shared/pipelines/ingest.js';
import { getFunctionDeps } from '../../shared/runtime/function-deps.js';

export type IngestHandlerDeps = Omit<IngestDeps, 'onProgress'> & { maxEventAgeMs: number };

/** GCS object-finalize notification -> ingest that object generation once. */
export async function handle(
  event: PubsubCloudEvent,
  deps: IngestHandlerDeps,
): Promise<IngestResult | undefined> {
  let ref: ReturnType<typeof parseStorageNotification>;
  let publishedAt: number;
  try {
    const message = decodePubsubEvent(event);
    ref = parseStorageNotification(message);
    publishedAt = message.publishedAt;
  } catch (error: unknown) {
    deps.logger.error('malformed event acknowledged', { eventId: event.id, reason: String(error) });
    return undefined;
  }
  const logger = deps.logger.child({ eventId: event.id, bucket: ref.bucket, object: ref.object });
  if (isTooOld(publishedAt, deps.now(), deps.maxEventAgeMs)) {
    logger.warn('event too old; dropped', { maxEventAgeMs: deps.maxEventAgeMs });
    return undefined;
  }
  if (ref.eventType !== '' && ref.eventType !== 'OBJECT_FINALIZE') {
    logger.info('not an object finalize; ignored', { eventType: ref.eventType });
    return undefined;
  }
  try {
    return await ingestMeterFile(ref, { ...deps, logger });
  } catch (error: unknown) {
    if (error instanceof AppError && !error.retryable) {
      logger.error('permanent failure acknowledged', { reason: error.message });
      return undefined;
    }
    throw error;
  }
}

ff.cloudEvent('ingest-meter-file', async (event: ff.CloudEvent<PubsubCloudEvent['data']>) => {
  const d = await getFunctionDeps();
  const { config } = d;
  await handle(event, {
    ...d,
    zoneOverrides: config.zoneOverrides,
    maxInflateBytes: config.maxInflateBytes,
    maxEventAgeMs: config.maxEventAgeMs,
  });
});
