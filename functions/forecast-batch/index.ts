import * as ff from '@google-cloud/functions-framework';
import { type FunctionNeed } from '../../shared/config-needs.js';
import { acceptEvent, acknowledgePermanent } from '../../shared/events/accept.js';
import { parseForecastBatch } from '../../shared/events/forecast.js';
import { type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import {
  type BatchOutcome,
  batchLogFields,
  type ForecastBatchDeps,
  forecastBatch,
  recordDeadBatch,
} from '../../shared/pipelines/forecast.js';
import { createModelCache, type ModelSource } from '../../shared/registry/model-cache.js';
import { getFunctionDeps } from '../../shared/runtime/function-deps.js';

/** What this function reads from its environment in production (terraform/ sets it). */
export const PRODUCTION_NEEDS: readonly FunctionNeed[] = ['store', 'artifacts', 'bus'];

export type ForecastBatchHandlerDeps = ForecastBatchDeps & { maxEventAgeMs: number };

/**
 * forecast-batch -> forecast one batch of supplies; the last batch closes the run and publishes
 * forecast-completed. The same function takes the batches Pub/Sub dead-lettered (the dead-letter
 * topic's subscription pushes here) and records them failed.
 */
export async function handle(
  event: PubsubCloudEvent,
  deps: ForecastBatchHandlerDeps,
): Promise<BatchOutcome | undefined> {
  const input = acceptEvent(event, parseForecastBatch, deps);
  if (input === undefined) return undefined;
  const { batch, deadLetterAttempts } = input;
  const logger = deps.logger.child({ eventId: event.id, runId: batch.runId, batch: batch.batch });
  try {
    const outcome =
      deadLetterAttempts === undefined
        ? await forecastBatch(batch, { ...deps, logger })
        : await recordDeadBatch(batch, deadLetterAttempts, { ...deps, logger });
    logger.info('forecast batch handled', batchLogFields(outcome));
    return outcome;
  } catch (error: unknown) {
    return acknowledgePermanent(error, logger);
  }
}

/** Model versions loaded by this instance, reused on warm starts. */
let models: ModelSource | undefined;

ff.cloudEvent('forecast-batch', async (event: ff.CloudEvent<PubsubCloudEvent['data']>) => {
  const d = await getFunctionDeps();
  models ??= createModelCache(d.artifacts);
  await handle(event, { ...d, blobs: d.artifacts, models, maxEventAgeMs: d.config.maxEventAgeMs });
});
