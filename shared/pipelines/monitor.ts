/**
 * The daily monitor (functions/monitor on monitor-tick; `mce monitor`; the demo's 09:00 step):
 *   1. scores every forecast day whose actuals are in, and re-scores a provisional day when its
 *      readings or forecasts changed since it was last scored (the report lists the days this
 *      run scored; an unchanged day's earlier scoring stands);
 *   2. tests the recent window's inputs for drift against the prod version's reference sample;
 *   3. evaluates the alert rules and mails the incidents (pending ones are retried);
 *   4. asks for a retrain (train-requested) when a rule says so, within cooldown and cap;
 *   5. promotes pre when it won on enough scored days (or recommends it), and recommends a
 *      rollback when a new prod does worse than the version it replaced;
 *   6. stores the run's report (one per run day; a re-run replaces it).
 * Idempotent under redelivery: a re-run of a day scores the same rows, finds its incidents open
 * (no second e-mail within the repeat interval), publishes the same train run id (plan-training
 * is create-only) and finds the promotion done.
 */
import { type Firing, type RuleEvaluation } from '../alerts/firing.js';
import { type IncidentPolicy } from '../alerts/incidents.js';
import {
  evaluateSkillRule,
  evaluateWapeRule,
  type ScoredSeries,
} from '../alerts/rules/accuracy.js';
import { evaluateDriftRule } from '../alerts/rules/drift.js';
import {
  type DistributorArrivals,
  evaluateForecastRunRule,
  evaluateMeteringRule,
  type ForecastRunStatus,
  type MeteringArrival,
} from '../alerts/rules/operations.js';
import { addDays, dayOfDateNumber, dayRange, dayString } from '../calendar/days.js';
import { localDayBoundsUtc, MARKET_ZONE } from '../calendar/zone.js';
import { type AlertConfig } from '../config-alerts.js';
import { type MonitorConfig } from '../config-monitor.js';
import { parseMeterFileName } from '../f5d/file-name.js';
import { type FeatureSet } from '../features/build-features.js';
import { concatRows } from '../features/feature-rows.js';
import { type Logger } from '../logging.js';
import {
  DRIFT_DEFAULTS,
  type DriftEvaluation,
  type DriftOptions,
  evaluateDrift,
} from '../monitoring/drift.js';
import { driftInputs } from '../monitoring/drift-inputs.js';
import { decidePromotion, decideRollback } from '../monitoring/promotion.js';
import { latestScoredDays } from '../monitoring/report-days.js';
import { decideRetrain } from '../monitoring/retrain.js';
import { type BlobStore, type Bus, type Clock, type Mailer, type Store } from '../ports.js';
import { type ModelSource } from '../registry/model-cache.js';
import { readReferenceSamples } from '../registry/reference-samples.js';
import { promote } from '../registry/registry.js';
import { readStages, type StageEvent } from '../registry/stages.js';
import {
  type FileRecord,
  type MonitorReport,
  type PromotionDecision,
  type RunRecord,
  type ScoredDay,
  STAGES,
  type StoredFeatureDrift,
} from '../types.js';
import { raiseAlerts } from './alerts.js';
import { originFeatures } from './monitor-data.js';
import { scoreForecastDays } from './monitor-score.js';

export const TRAIN_REQUESTED_TOPIC = 'train-requested';
/** The rule a rollback recommendation fires (mailed like any other incident). */
export const ROLLBACK_RULE = 'rollback';
/** Supplies a day whose inputs the drift window rebuilds (a spread over the fleet, by CUPS). */
export const MAX_DRIFT_SUPPLIES = 1000;

/** What the monitor is told by configuration (see monitorSettings). */
export interface MonitorSettings {
  alerts: AlertConfig;
  /** The e-mail policy but the report's link, which is per run day. */
  notices: Omit<IncidentPolicy, 'reportUrl'>;
  reportLink: (day: string) => string;
  drift: Partial<DriftOptions>;
  monitor: MonitorConfig;
}

export interface MonitorDeps {
  store: Store;
  /** The model registry (artifacts bucket). */
  blobs: BlobStore;
  bus: Bus;
  mailer: Mailer;
  logger: Logger;
  now: Clock;
  /** Loaded model versions (segments and forests), shared across runs of one instance. */
  models: ModelSource;
  settings: MonitorSettings;
}

/** The fleet's scored series of one stage, as the accuracy rules read it (percent). */
function stageSeries(days: Iterable<ScoredDay>, stage: 'prod' | 'pre'): ScoredSeries {
  const scored = [...days].flatMap((d) => {
    const s = d.stages[stage];
    if (d.status === 'waiting' || s === undefined) return [];
    const baselineWapePct = Object.fromEntries(
      Object.entries(s.baselines).map(([name, w]) => [name, w * 100]),
    );
    return [{ date: d.date, wapePct: s.wape * 100, baselineWapePct }];
  });
  return { subject: `fleet ${stage}`, days: scored };
}

/** A forecast run as the forecast-run rule reads it (a partial run finished with supplies missing). */
function forecastRunStatus(r: RunRecord): ForecastRunStatus {
  return {
    runId: r.runId,
    stage: r.stage,
    targetDay: r.day,
    startedAt: r.plannedAt,
    status: r.status === 'running' ? 'running' : r.status === 'failed' ? 'failed' : 'done',
    batchesPlanned: r.batchesPlanned,
    batchesDone: r.batchesDone,
    batchesFailed: r.batchesFailed,
    error: r.error,
  };
}

/** A rollback recommendation as an alert rule's outcome: an incident while it holds. */
function rollbackEvaluation(decision: PromotionDecision): RuleEvaluation {
  const firings: Firing[] =
    decision.action === 'rollback-recommended'
      ? [
          {
            ruleId: ROLLBACK_RULE,
            subject: `prod ${decision.prod}`,
            severity: 'critical',
            summary: `rollback recommended: ${decision.reason}`,
            details: `WAPE by day (prod / replaced version): ${decision.evidence.map((d) => `${d.date} ${(d.prodWape * 100).toFixed(1)} % / ${(d.preWape * 100).toFixed(1)} %`).join(', ')}\nRoll back with: mce models rollback`,
            values: { prod: decision.prod, replaced: decision.pre, days: decision.evidence.length },
          },
        ]
      : [];
  return { ruleId: ROLLBACK_RULE, firings };
}

/** The reason a monitor run of `date` gives the promotion it records in stages.json. */
const promotionNote = (date: string, reason: string) => `monitor ${date}: ${reason}`;

/**
 * The promotion an earlier run of the same day made, while it is still the latest change of prod:
 * a redelivered tick finds the stages already swapped and reports that promotion again, rather
 * than "nothing to promote".
 */
function promotedEarlierToday(
  date: string,
  history: readonly StageEvent[],
): PromotionDecision | undefined {
  const last = history.filter((e) => e.stage === 'prod').at(-1);
  const prefix = promotionNote(date, '');
  if (last?.action !== 'promote' || !last.reason?.startsWith(prefix)) return undefined;
  return {
    action: 'promoted',
    reason: last.reason.slice(prefix.length),
    prod: last.previous,
    pre: last.version,
    evidence: last.evidence ?? [],
  };
}

/** Arrivals of metering files per distributor and kind, from the file ledger. */
export function meteringArrivals(files: readonly FileRecord[]): DistributorArrivals[] {
  const byDistributor = new Map<string, MeteringArrival[]>();
  for (const f of files) {
    if (f.status !== 'done' || f.kind === null) continue;
    let name: ReturnType<typeof parseMeterFileName>;
    try {
      name = parseMeterFileName(f.object);
    } catch {
      continue; // not a metering file name: nothing to learn a delay from
    }
    const key = `${name.distributor} ${name.kind}`;
    const generated = dayString(dayOfDateNumber(name.generationDate));
    const [dataEnd] = localDayBoundsUtc(generated, MARKET_ZONE);
    const list = byDistributor.get(key) ?? [];
    list.push({ dataEnd, arrivedAt: f.updatedAt });
    byDistributor.set(key, list);
  }
  return [...byDistributor].map(([distributor, arrivals]) => ({ distributor, arrivals }));
}

/** The stored form of a drift evaluation. */
function storedDrift(evaluation: DriftEvaluation): StoredFeatureDrift[] {
  return evaluation.features.map((f) => ({
    feature: f.feature,
    kind: f.kind,
    test: f.test,
    statistic: f.statistic,
    pValue: f.pValue,
    adjustedPValue: f.adjustedPValue,
    effectName: f.effectName,
    effect: f.effect,
    minEffect: f.minEffect,
    alarm: f.alarm,
    referenceSize: f.referenceSize,
    recentSize: f.recentSize,
  }));
}

/** Prediction hours of a stage over days, by fallback reason ('none' for the model's own). */
async function fallbackCounts(
  store: Store,
  days: readonly string[],
): Promise<{ counts: Record<string, number>; cupsByDay: Map<string, string[]> }> {
  const counts: Record<string, number> = {};
  const cupsByDay = new Map<string, string[]>();
  for (const day of days) {
    const cups = new Set<string>();
    for await (const row of store.predictionsOfDay('prod', day)) {
      const reason = row.fallback ?? 'none';
      counts[reason] = (counts[reason] ?? 0) + 1;
      cups.add(row.cups);
    }
    cupsByDay.set(day, [...cups].sort());
  }
  return { counts, cupsByDay };
}

/**
 * Every `step`-th of a sorted list, so that at most `max` remain (deterministic).
 * @example spread(['a', 'b', 'c', 'd'], 2) // ['a', 'c']
 */
export function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
}

/**
 * Drift of the recent window (the last forecast days with prod predictions) against the prod
 * version's reference sample. The recent inputs are rebuilt as the forecast built them, for a
 * spread of at most MAX_DRIFT_SUPPLIES supplies a day.
 */
async function testDrift(
  date: string,
  prod: string | null,
  deps: MonitorDeps,
): Promise<{ report: MonitorReport['drift']; evaluation?: DriftEvaluation }> {
  const { monitor, drift } = deps.settings;
  const options = { ...DRIFT_DEFAULTS, ...drift };
  const from = addDays(date, -monitor.driftWindowDays);
  const to = addDays(date, -1);
  const empty = (skipped: string) => ({
    report: {
      from,
      to,
      modelVersion: prod,
      correction: options.correction,
      alpha: options.alpha,
      features: [],
      skipped,
    },
  });
  if (prod === null) return empty('no prod version');
  const reference = await readReferenceSamples(deps.blobs, prod);
  if (reference === undefined)
    return empty(`prod ${prod} has no reference samples (registered before they were kept)`);
  const window = dayRange(from, to);
  const recent = await fallbackCounts(deps.store, window);
  const days = window.filter((d) => (recent.cupsByDay.get(d)?.length ?? 0) > 0);
  // A window of one or two days is a handful of weather situations and weekdays: wait for half.
  const needed = Math.ceil(monitor.driftWindowDays / 2);
  if (days.length < needed)
    return empty(
      `prod forecasts on ${days.length} of the ${monitor.driftWindowDays} days ${from}..${to}, fewer than ${needed}`,
    );
  const previous = await fallbackCounts(
    deps.store,
    dayRange(addDays(from, -monitor.driftWindowDays), addDays(from, -1)),
  );
  const model = await deps.models(prod);
  const sets: FeatureSet[] = [];
  const segments: Record<string, number> = {};
  for (const day of days) {
    const cups = spread(recent.cupsByDay.get(day) ?? [], MAX_DRIFT_SUPPLIES);
    const rows = await originFeatures({ store: deps.store }, { day, cups, model });
    sets.push(rows.set);
    if (day === days.at(-1))
      for (const s of rows.segments) segments[String(s)] = (segments[String(s)] ?? 0) + 1;
  }
  const hadPrevious = Object.keys(previous.counts).length > 0;
  const features = driftInputs(reference, {
    features: concatRows(sets, model.manifest.featureNames),
    days: dayRange(addDays(date, -monitor.lookbackDays), to),
    segments,
    fallbacks: recent.counts,
    ...(hadPrevious ? { previousFallbacks: previous.counts } : {}),
  });
  const evaluation = evaluateDrift(features, options);
  const report = {
    from: days[0] ?? from,
    to: days.at(-1) ?? to,
    modelVersion: prod,
    correction: evaluation.correction,
    alpha: evaluation.alpha,
    features: storedDrift(evaluation),
    skipped: null,
  };
  return { report, evaluation };
}

/**
 * One monitor run for the Europe/Madrid day `date`: scores forecast days up to the day before,
 * tests drift, alerts, retrains and promotes, and stores the report.
 */
export async function runMonitor(
  input: { date: string },
  deps: MonitorDeps,
): Promise<MonitorReport> {
  const { monitor, alerts } = deps.settings;
  const { date } = input;
  const ranAt = deps.now();
  // This day's own report, when the tick is redelivered, counts for the retrain decision (the
  // same request again), not for the scores: they are recomputed as the first run did.
  const stored = await deps.store.listMonitorReports(
    addDays(date, -(monitor.lookbackDays + 1)),
    date,
  );
  const earlier = stored.filter((r) => r.date < date);
  const known = latestScoredDays(earlier);
  const days = await scoreForecastDays(
    { store: deps.store, models: deps.models },
    {
      runDay: date,
      lookbackDays: monitor.lookbackDays,
      minActualsCoverage: monitor.minActualsCoverage,
      previous: known,
    },
  );
  for (const d of days) known.set(d.date, d);
  const history = [...known.values()].sort((a, b) => a.date.localeCompare(b.date));
  const { doc: stages } = await readStages(deps.blobs);
  const { report: drift, evaluation } = await testDrift(date, stages.prod, deps);

  const rollback = decideRollback({
    prod: stages.prod,
    pre: stages.pre,
    history: stages.history,
    days: history,
    now: ranAt,
    policy: { rollbackDays: monitor.rollbackDays, windowDays: monitor.lookbackDays },
  });
  const promotion =
    rollback.action === 'rollback-recommended'
      ? rollback
      : (promotedEarlierToday(date, stages.history) ??
        decidePromotion({
          prod: stages.prod,
          pre: stages.pre,
          days: history,
          policy: {
            auto: monitor.promoteAuto,
            minDays: monitor.promoteMinDays,
            marginPct: monitor.promoteMarginPct,
          },
        }));

  const prodSeries = [stageSeries(history, 'prod')];
  const runs = await Promise.all(
    STAGES.map((stage) => deps.store.getRun({ kind: 'forecast', day: date, stage })),
  );
  const evaluations: RuleEvaluation[] = [
    evaluateWapeRule(prodSeries, alerts),
    evaluateSkillRule(prodSeries, alerts),
    ...(evaluation === undefined || stages.prod === null
      ? []
      : [evaluateDriftRule(evaluation, stages.prod)]),
    evaluateForecastRunRule(
      runs.flatMap((r) => (r === undefined ? [] : [forecastRunStatus(r)])),
      stages.prod === null ? [] : [{ stage: 'prod', targetDay: date }],
      ranAt,
      alerts.runGraceMs,
    ),
    evaluateMeteringRule(meteringArrivals(await deps.store.listFiles()), ranAt, alerts),
    rollbackEvaluation(rollback),
  ];
  const firing = evaluations.flatMap((e) => e.firings);
  const sent = await raiseAlerts(
    evaluations,
    { ...deps.settings.notices, reportUrl: deps.settings.reportLink(date) },
    { alerts: deps.store, mailer: deps.mailer, now: deps.now, logger: deps.logger },
  );

  const retrain = decideRetrain({
    firing,
    pastRequests: stored.filter((r) => r.retrain.requested).map((r) => r.ranAt),
    now: ranAt,
    runDay: date,
    policy: {
      onRules: monitor.retrainOn,
      cooldownMs: monitor.retrainCooldownMs,
      maxRequests: monitor.retrainMaxRequests,
      capWindowMs: monitor.retrainCapWindowMs,
    },
  });
  if (retrain.requested && retrain.runId !== null)
    await deps.bus.publish(TRAIN_REQUESTED_TOPIC, { runId: retrain.runId });
  if (promotion.action === 'promoted' && promotion.pre !== null)
    await promote(deps.blobs, new Date(ranAt).toISOString(), promotion.pre, {
      reason: promotionNote(date, promotion.reason),
      evidence: promotion.evidence,
    });

  const report: MonitorReport = {
    date,
    ranAt,
    days,
    drift,
    alerts: {
      firing: firing.map((f) => ({
        ruleId: f.ruleId,
        subject: f.subject,
        severity: f.severity,
        summary: f.summary,
      })),
      opened: sent.opened,
      resolved: sent.resolved,
      sent: sent.sent,
      pending: sent.pending,
      lastError: sent.lastError,
    },
    retrain,
    promotion,
  };
  await deps.store.putMonitorReport(report);
  return report;
}
