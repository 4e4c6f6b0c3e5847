import * as ff from '@google-cloud/functions-framework';
import { type FunctionNeed } from '../../shared/config-needs.js';
import { acceptEvent, acknowledgePermanent } from '../../shared/events/accept.js';
import { type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import { parseStorageNotification } from '../../shared/events/storage-notification.js';
import {
  type IngestDeps,
  type IngestResult,
  ingestMeterFile,
} from '../../shared/pipelines/ingest.js';
import { getFunctionDeps } from '../../shared/runtime/function-deps.js';

/** What this function reads from its environment in production (terraform/ sets it). */
export const PRODUCTION_NEEDS: readonly FunctionNeed[] = ['store', 'blobs'];

export type IngestHandlerDeps = Omit<IngestDeps, 'onProgress'> & { maxEventAgeMs: number };

/** GCS object-finalize notification -> ingest that object generation once. */
export async function handle(
  event: PubsubCloudEvent,
  deps: IngestHandlerDeps,
): Promise<IngestResult | undefined> {
  const ref = acceptEvent(event, parseStorageNotification, deps);
  if (ref === undefined) return undefined;
  const logger = deps.logger.child({ eventId: event.id, bucket: ref.bucket, object: ref.object });
  if (ref.eventType !== '' && ref.eventType !== 'OBJECT_FINALIZE') {
    logger.info('not an object finalize; ignored', { eventType: ref.eventType });
    return undefined;
  }
  try {
    return await ingestMeterFile(ref, { ...deps, logger });
  } catch (error: unknown) {
    return acknowledgePermanent(error, logger);
  }
}

ff.cloudEvent('ingest-meter-file', async (event: ff.CloudEvent<PubsubCloudEvent['data']>) => {
  const d = await getFunctionDeps();
  const { config } = d;
  await handle(event, {
    ...d,
    zoneOverrides: config.zoneOverrides,
    maxInflateBytes: config.maxInflateBytes,
    maxReadingWh: config.maxReadingWh,
    maxEventAgeMs: config.maxEventAgeMs,
  });
});
