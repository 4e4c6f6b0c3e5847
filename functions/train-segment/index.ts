import * as ff from '@google-cloud/functions-framework';
import { type FunctionNeed } from '../../shared/config-needs.js';
import { acceptEvent, acknowledgePermanent } from '../../shared/events/accept.js';
import { type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import { parseTrainSegment } from '../../shared/events/train.js';
import {
  type AssembleOutcome,
  type TrainDeps,
  trainSegment,
} from '../../shared/pipelines/train.js';
import { getFunctionDeps } from '../../shared/runtime/function-deps.js';

/** What this function reads from its environment in production (terraform/ sets it). */
export const PRODUCTION_NEEDS: readonly FunctionNeed[] = ['store', 'artifacts', 'revision'];

export type TrainSegmentDeps = TrainDeps & { maxEventAgeMs: number };

/** train-segment -> fit one segment's forest; the last one to finish registers the version as pre. */
export async function handle(
  event: PubsubCloudEvent,
  deps: TrainSegmentDeps,
): Promise<AssembleOutcome | undefined> {
  const input = acceptEvent(event, parseTrainSegment, deps);
  if (input === undefined) return undefined;
  const logger = deps.logger.child({ eventId: event.id, ...input });
  try {
    const { trained, result, assembly } = await trainSegment(input, { ...deps, logger });
    const wape = result?.report.overall.model.wape;
    logger.info('segment done', {
      trained,
      status: result?.status,
      wape,
      outcome: assembly.outcome,
    });
    return assembly;
  } catch (error: unknown) {
    return acknowledgePermanent(error, logger);
  }
}

ff.cloudEvent('train-segment', async (event: ff.CloudEvent<PubsubCloudEvent['data']>) => {
  const d = await getFunctionDeps();
  const { codeRevision, maxEventAgeMs } = d.config;
  await handle(event, { ...d, blobs: d.artifacts, codeRevision, maxEventAgeMs });
});
