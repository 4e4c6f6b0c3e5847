import * as ff from '@google-cloud/functions-framework';
import { type FunctionNeed } from '../../shared/config-needs.js';
import { acceptEvent, acknowledgePermanent } from '../../shared/events/accept.js';
import { type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import { parseTrainRequest } from '../../shared/events/train.js';
import { planTraining, type TrainDeps, type TrainOptions } from '../../shared/pipelines/train.js';
import { getFunctionDeps } from '../../shared/runtime/function-deps.js';

/** What this function reads from its environment in production (terraform/ sets it). */
export const PRODUCTION_NEEDS: readonly FunctionNeed[] = ['store', 'artifacts', 'bus', 'revision'];

/** `trainDefaults` sit under the request's own options (tests pass small forests). */
export type PlanTrainingDeps = TrainDeps & {
  maxEventAgeMs: number;
  trainDefaults?: Partial<TrainOptions>;
};

/** train-requested -> plan the run and publish one train-segment message per segment. */
export async function handle(
  event: PubsubCloudEvent,
  deps: PlanTrainingDeps,
): Promise<string[] | undefined> {
  const request = acceptEvent(event, parseTrainRequest, deps);
  if (request === undefined) return undefined;
  const { runId, ...options } = request;
  const logger = deps.logger.child({ eventId: event.id, runId });
  try {
    const merged = { ...deps.trainDefaults, ...options };
    const { plan, messageIds } = await planTraining(
      { runId, options: merged },
      { ...deps, logger },
    );
    logger.info('training planned', {
      segments: plan.segments.length,
      windowEnd: plan.windowEnd,
      version: plan.version,
    });
    return messageIds;
  } catch (error: unknown) {
    return acknowledgePermanent(error, logger);
  }
}

ff.cloudEvent('plan-training', async (event: ff.CloudEvent<PubsubCloudEvent['data']>) => {
  const d = await getFunctionDeps();
  const { codeRevision, maxEventAgeMs } = d.config;
  await handle(event, { ...d, blobs: d.artifacts, codeRevision, maxEventAgeMs });
});
