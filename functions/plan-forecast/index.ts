import * as ff from '@google-cloud/functions-framework';
import { type FunctionNeed } from '../../shared/config-needs.js';
import { acceptEvent, acknowledgePermanent } from '../../shared/events/accept.js';
import { parseForecastTick } from '../../shared/events/forecast.js';
import { type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import {
  type ForecastDeps,
  type PlannedStage,
  planForecast,
} from '../../shared/pipelines/forecast.js';
import { getFunctionDeps } from '../../shared/runtime/function-deps.js';

/** What this function reads from its environment in production (terraform/ sets it). */
export const PRODUCTION_NEEDS: readonly FunctionNeed[] = ['store', 'artifacts', 'bus'];

export type PlanForecastDeps = ForecastDeps & { maxEventAgeMs: number; batchSize: number };

/** forecast-tick -> plan the day's runs (prod, and pre when staged), one forecast-batch message per batch. */
export async function handle(
  event: PubsubCloudEvent,
  deps: PlanForecastDeps,
): Promise<PlannedStage[] | undefined> {
  const tick = acceptEvent(event, (m) => ({ ...parseForecastTick(m.json), tickId: m.id }), deps);
  if (tick === undefined) return undefined;
  const logger = deps.logger.child({ eventId: event.id });
  try {
    const { day, stages } = await planForecast(
      { ...tick, batchSize: deps.batchSize },
      { ...deps, logger },
    );
    for (const s of stages) {
      const fields = {
        day,
        ...s,
        plan: 'plan' in s ? { runId: s.plan.runId, batches: s.plan.batches.length } : undefined,
      };
      // A failed stage is permanent (recorded in its run): logged and acknowledged.
      if (s.outcome === 'failed') logger.error('forecast not planned', fields);
      else logger.info('forecast planned', fields);
    }
    return stages;
  } catch (error: unknown) {
    return acknowledgePermanent(error, logger);
  }
}

ff.cloudEvent('plan-forecast', async (event: ff.CloudEvent<PubsubCloudEvent['data']>) => {
  const d = await getFunctionDeps();
  const { maxEventAgeMs, forecastBatchSize } = d.config;
  await handle(event, { ...d, blobs: d.artifacts, maxEventAgeMs, batchSize: forecastBatchSize });
});
