import { type BusMessage, createMemoryBus } from '../adapters/bus/memory-bus.js';
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
  /** Everything the run published (forecast-batch and forecast-completed messages). */
  published: readonly BusMessage[];
}

export interface InProcessHooks {
  /** Planning is done: every stage's outcome (no batch has run yet). */
  onPlanned?: (stages: readonly PlannedStage[]) => void;
  /** One batch was handled. */
  onBatch?: (message: ForecastBatchMessage, outcome: BatchOutcome) => void;
}

/**
 * Runs a forecast in this process exactly as production does, over the in-process bus: the
 * planner publishes forecast-batch messages and, once it is done, the batch pipeline handles each
 * one, parsed as the function parses it.
 * @throws AggregateError of the batch errors (a transient failure is not retried here)
 */
export async function runForecastInProcess(
  input: PlanForecastInput,
  deps: Omit<ForecastBatchDeps, 'bus'>,
  hooks: InProcessHooks = {},
): Promise<InProcessForecast> {
  const bus = createMemoryBus();
  const batches: InProcessForecast['batches'] = [];
  let release: () => void = () => {};
  const planning = new Promise<void>((resolve) => {
    release = resolve;
  });
  bus.subscribe(FORECAST_BATCH_TOPIC, async (m) => {
    await planning;
    const { batch } = parseForecastBatch({
      id: m.id,
      publishedAt: 0,
      attributes: m.attributes,
      json: m.data,
    });
    const outcome = await forecastBatch(batch, { ...deps, bus });
    batches.push({ message: batch, outcome });
    hooks.onBatch?.(batch, outcome);
  });
  let planned: Awaited<ReturnType<typeof planForecast>>;
  try {
    planned = await planForecast(input, { ...deps, bus });
    hooks.onPlanned?.(planned.stages);
  } finally {
    release();
  }
  await bus.drain();
  return { ...planned, batches, published: bus.published() };
}
