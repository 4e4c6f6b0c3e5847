import { createMemoryBus } from '../adapters/bus/memory-bus.js';
import { type ForecastBatchMessage, parseForecastBatch } from '../events/forecast.js';
import {
  type BatchOutcome,
  FORECAST_BATCH_TOPIC,
  type ForecastBatchDeps,
  forecastBatch,
  type PlanForecastInput,
  type PlannedStage,
  planForecast,
} from '../pipelines/forecast.js';

export interface InProcessForecast {
  day: string;
  stages: PlannedStage[];
  /** Every batch outcome, in delivery order. */
  batches: { message: ForecastBatchMessage; outcome: BatchOutcome }[];
}

/**
 * Runs a forecast in this process exactly as production does, over the in-process bus: the
 * planner publishes forecast-batch messages and the batch pipeline handles each one (parsed as
 * the function parses it). `onBatch` hears each outcome (progress). Messages the run publishes
 * (forecast-completed) go to the bus `deps.bus` replaces.
 * @throws AggregateError of the batch errors (a transient failure here is not retried)
 */
export async function runForecastInProcess(
  input: PlanForecastInput,
  deps: Omit<ForecastBatchDeps, 'bus'>,
  onBatch: (message: ForecastBatchMessage, outcome: BatchOutcome) => void = () => {},
): Promise<
  InProcessForecast & { published: ReturnType<ReturnType<typeof createMemoryBus>['published']> }
> {
  const bus = createMemoryBus();
  const batches: InProcessForecast['batches'] = [];
  bus.subscribe(FORECAST_BATCH_TOPIC, async (m) => {
    const { batch } = parseForecastBatch({
      id: m.id,
      publishedAt: 0,
      attributes: m.attributes,
      json: m.data,
    });
    const outcome = await forecastBatch(batch, { ...deps, bus });
    batches.push({ message: batch, outcome });
    onBatch(batch, outcome);
  });
  const planned = await planForecast(input, { ...deps, bus });
  await bus.drain();
  return { ...planned, batches, published: bus.published() };
}
