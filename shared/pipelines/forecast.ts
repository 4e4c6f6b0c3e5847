/**
 * The forecast use case. In production it is split for the fan-out: plan-forecast calls
 * planForecast (one forecast-batch message per batch of supplies and stage) and each
 * forecast-batch call runs forecastBatch; the last batch to finish closes the run and publishes
 * forecast-completed. Locally, shared/runtime/forecast-in-process.ts runs the same two steps
 * over the in-process bus.
 */
export {
  type BatchOutcome,
  batchLogFields,
  type ForecastBatchDeps,
  forecastBatch,
  recordDeadBatch,
} from './forecast-batch.js';
export {
  type CompletionOutcome,
  completeIfDone,
  FORECAST_COMPLETED_TOPIC,
  type ForecastCompleted,
  failRun,
} from './forecast-complete.js';
export { forecastWindow, loadBatchData } from './forecast-data.js';
export {
  type PlanForecastInput,
  type PlannedStage,
  planForecast,
} from './forecast-plan.js';
export {
  FORECAST_BATCH_TOPIC,
  type ForecastDeps,
  type ForecastPlan,
  forecastRunId,
  newRun,
} from './forecast-run.js';
