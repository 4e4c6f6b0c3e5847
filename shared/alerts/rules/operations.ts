/**
 * Operational rules: a forecast run failed, incomplete or missing; metering files of a
 * distributor later than its usual delay.
 */
import { DAY_MS } from '../../calendar/days.js';
import { quantileSorted } from '../../models/quantile.js';
import { type AlertSeverity, type AlertValue } from '../../types.js';
import { type Firing, type RuleEvaluation } from '../firing.js';
import { show } from './days.js';

export const FORECAST_RUN_RULE = 'forecast-run';
export const METERING_RULE = 'metering-late';

const MINUTE_MS = 60_000;

/** What the monitor knows of one forecast run (from the runs store). */
export interface ForecastRunStatus {
  runId: string;
  stage: 'prod' | 'pre';
  /** The Europe/Madrid day forecast, YYYY-MM-DD. */
  targetDay: string;
  startedAt: number;
  status: 'running' | 'done' | 'failed';
  batchesPlanned: number;
  batchesDone: number;
  batchesFailed: number;
  error?: string | null;
}

function fire(
  ruleId: string,
  subject: string,
  severity: AlertSeverity,
  summary: string,
  details: string,
  values: Record<string, AlertValue>,
): Firing {
  return { ruleId, subject, severity, summary, details, values };
}

/**
 * Fires per (stage, target day) for the latest run of each given run and each expected one:
 * no run at all (critical), failed (critical), finished with batches missing (critical), or
 * still running `graceMs` after it started (warning).
 */
export function evaluateForecastRunRule(
  runs: readonly ForecastRunStatus[],
  expected: readonly { stage: 'prod' | 'pre'; targetDay: string }[],
  now: number,
  graceMs: number,
): RuleEvaluation {
  const latest = new Map<string, ForecastRunStatus>();
  for (const run of runs) {
    const key = `${run.stage} ${run.targetDay}`;
    const seen = latest.get(key);
    if (!seen || run.startedAt > seen.startedAt) latest.set(key, run);
  }
  const firings: Firing[] = [];
  for (const e of expected) {
    const key = `${e.stage} ${e.targetDay}`;
    if (latest.has(key)) continue;
    firings.push(
      fire(
        FORECAST_RUN_RULE,
        `forecast ${key}`,
        'critical',
        `no ${e.stage} forecast run for ${e.targetDay}`,
        'No run was started for this day and stage.',
        { stage: e.stage, targetDay: e.targetDay },
      ),
    );
  }
  for (const [key, r] of latest) {
    const done = `${r.batchesDone} of ${r.batchesPlanned} batches done, ${r.batchesFailed} failed`;
    const values = {
      runId: r.runId,
      stage: r.stage,
      targetDay: r.targetDay,
      batchesPlanned: r.batchesPlanned,
      batchesDone: r.batchesDone,
      batchesFailed: r.batchesFailed,
    };
    const subject = `forecast ${key}`;
    const error = r.error ? `\nError: ${r.error}` : '';
    if (r.status === 'failed') {
      firings.push(
        fire(
          FORECAST_RUN_RULE,
          subject,
          'critical',
          `${r.stage} forecast run for ${r.targetDay} failed (${done})`,
          `Run ${r.runId}.${error}`,
          values,
        ),
      );
    } else if (r.status === 'done' && r.batchesDone < r.batchesPlanned) {
      firings.push(
        fire(
          FORECAST_RUN_RULE,
          subject,
          'critical',
          `${r.stage} forecast run for ${r.targetDay} incomplete: ${done}`,
          `Run ${r.runId} finished without every batch.${error}`,
          values,
        ),
      );
    } else if (r.status === 'running' && now - r.startedAt > graceMs) {
      const minutes = Math.round((now - r.startedAt) / MINUTE_MS);
      firings.push(
        fire(
          FORECAST_RUN_RULE,
          subject,
          'warning',
          `${r.stage} forecast run for ${r.targetDay} still running after ${minutes} min (${done})`,
          `Run ${r.runId} started ${minutes} min ago; the limit is ${Math.round(graceMs / MINUTE_MS)} min.`,
          { ...values, minutes },
        ),
      );
    }
  }
  return { ruleId: FORECAST_RUN_RULE, firings };
}

/** One file delivery: the end of the data it covered and when it arrived, UTC ms. */
export interface MeteringArrival {
  dataEnd: number;
  arrivedAt: number;
}

export interface DistributorArrivals {
  /** `0031`, or `0031 P5D` to judge one kind of file apart. */
  distributor: string;
  arrivals: readonly MeteringArrival[];
}

/**
 * Fires for a distributor whose newest data ends longer ago than its usual delay (the
 * `quantile` of its past delays, arrivedAt − dataEnd) plus `slackDays`. A distributor with fewer
 * than `minHistory` arrivals has no usual delay yet and is not judged. Severity critical past
 * twice the allowance, else warning.
 */
export function evaluateMeteringRule(
  distributors: readonly DistributorArrivals[],
  now: number,
  limits: { meteringQuantile: number; meteringSlackDays: number; meteringMinHistory: number },
): RuleEvaluation {
  const firings: Firing[] = [];
  for (const { distributor, arrivals } of distributors) {
    if (arrivals.length < limits.meteringMinHistory) continue;
    const delays = Float64Array.from(arrivals, (a) => (a.arrivedAt - a.dataEnd) / DAY_MS).sort();
    const usualDays = Math.max(0, quantileSorted(delays, limits.meteringQuantile));
    const allowanceDays = usualDays + limits.meteringSlackDays;
    const newest = Math.max(...arrivals.map((a) => a.dataEnd));
    const waitingDays = (now - newest) / DAY_MS;
    if (waitingDays <= allowanceDays) continue;
    const since = new Date(newest).toISOString().slice(0, 16).replace('T', ' ');
    firings.push(
      fire(
        METERING_RULE,
        `distributor ${distributor}`,
        waitingDays > 2 * allowanceDays ? 'critical' : 'warning',
        `no metering data from distributor ${distributor} after ${since} UTC: ${show(waitingDays)} days, usually ${show(usualDays)}`,
        `Usual delay: the ${Math.round(limits.meteringQuantile * 100)}th percentile of ${arrivals.length} past arrivals, ${show(usualDays)} days, plus ${show(limits.meteringSlackDays)} days of slack.`,
        {
          distributor,
          newestDataEnd: new Date(newest).toISOString(),
          waitingDays,
          usualDelayDays: usualDays,
          slackDays: limits.meteringSlackDays,
          history: arrivals.length,
        },
      ),
    );
  }
  return { ruleId: METERING_RULE, firings };
}
