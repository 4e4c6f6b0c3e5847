/** Public API of alerting: rule evaluators, the incident engine and delivery bookkeeping. */
export { composeNotice, formatDuration, formatInstant, type NoticeSettings } from './compose.js';
export { type DeliverySummary, recordAttempt, summariseDelivery } from './delivery.js';
export { type Firing, isWorse, type RuleEvaluation, worse } from './firing.js';
export { type IncidentPlan, type IncidentPolicy, planIncidents } from './incidents.js';
export {
  type DailyScore,
  evaluateSkillRule,
  evaluateWapeRule,
  type ScoredSeries,
  SKILL_RULE,
  skillOf,
  WAPE_RULE,
} from './rules/accuracy.js';
export { DRIFT_RULE, driftOptions, evaluateDriftRule } from './rules/drift.js';
export {
  type DistributorArrivals,
  evaluateForecastRunRule,
  evaluateMeteringRule,
  FORECAST_RUN_RULE,
  type ForecastRunStatus,
  METERING_RULE,
  type MeteringArrival,
} from './rules/operations.js';
