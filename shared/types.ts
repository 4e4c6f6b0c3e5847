import { type Zone } from './calendar/zone.js';
/**
 * Domain types shared by every layer. Instants are UTC milliseconds (numbers) inside the core
 * and ISO-8601 strings at the edges (JSON output, logs).
 */

/** Metering file kinds, lowest precedence first. */
export const SOURCE_KINDS = ['P5D', 'F5D', 'RF5D'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Precedence rank of a source kind: P5D 0 < F5D 1 < RF5D 2. */
export function kindRank(kind: SourceKind): number {
  return SOURCE_KINDS.indexOf(kind);
}

/** One hourly reading of one supply. */
export interface Reading {
  /** First 20 characters of the CUPS. */
  cups: string;
  /** End of the hour, UTC ms. */
  hourEnd: number;
  /** Active import, Wh. */
  wh: number;
  /** Active export, Wh, or null when the file leaves it empty. */
  exportWh: number | null;
  kind: SourceKind;
  /** Generation date of the file, YYYYMMDD as a number (e.g. 20211008). */
  fileDate: number;
  /** File version (the number after the name's dot). */
  version: number;
  /**
   * When the file generation that carried this reading was uploaded, UTC ms (0 when unknown):
   * between files of equal kind, date and version, the later upload wins.
   */
  uploadedAt: number;
  /** Method of obtaining, 1..6, or null (P5D). */
  method: number | null;
  /** Firm (true) or provisional (false), or null (P5D). */
  firm: boolean | null;
  /**
   * Generation date (YYYYMMDD) of the earliest file that carried this hour, whatever file's value
   * is stored: when the hour first became known. Stores always return it; a reading on its way in
   * may leave it out (it is then its own fileDate).
   */
  knownDate?: number;
}

/** A supply point as the store knows it. */
export interface Supply {
  cups: string;
  zone: Zone;
  firstReading: number | null;
  lastReading: number | null;
  /** Location key for weather (e.g. "40.42,-3.70"), when known. */
  location: string | null;
  latitude: number | null;
  longitude: number | null;
  province: string | null;
  tariff: string | null;
  segment: number | null;
  active: boolean;
}

/** An ingested file's ledger entry, keyed by (bucket, object, generation). */
export interface FileRecord {
  bucket: string;
  object: string;
  generation: string;
  sha256: string;
  kind: SourceKind | null;
  status: 'processing' | 'done' | 'failed';
  rowsOk: number;
  rowsRejected: number;
  /** UTC ms when the status was last set. */
  updatedAt: number;
  error: string | null;
}

export type WeatherKind = 'observed' | 'forecast';

/** One hour of weather at one location, normalised units. */
export interface WeatherRow {
  location: string;
  /** End of the hour, UTC ms (the same convention as readings). */
  hourEnd: number;
  kind: WeatherKind;
  /** When the forecast was issued, UTC ms; equal to hourEnd for observations. */
  issuedAt: number;
  temperatureC: number | null;
  humidityPct: number | null;
  cloudPct: number | null;
  windMs: number | null;
  radiationWm2: number | null;
  source: string;
}

/** An e-mail as the domain composes it; the Mailer adapters encode it (RFC 5322, MIME). */
export interface MailMessage {
  /** `Name <address>` or a bare address. */
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
  /** Stable Message-ID without angle brackets (`left@right`): a resend is the same message. */
  messageId: string;
  /** Message-ID this one answers (threads an incident's notices), without angle brackets. */
  inReplyTo?: string;
  references?: readonly string[];
  /** Further headers, e.g. X-MCE-Incident. */
  headers?: Readonly<Record<string, string>>;
  /** The Date header, UTC ms. */
  date: number;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertValue = number | string | boolean | null;

/** One occurrence of a rule firing for one subject, from first firing to resolution. */
export interface Incident {
  /** `ruleId|subject|firstFiredAt`: unique per occurrence. */
  id: string;
  ruleId: string;
  /** What the rule fired for: `fleet`, `segment 3`, `feature temperatureC`, `distributor 0031`… */
  subject: string;
  status: 'firing' | 'resolved';
  severity: AlertSeverity;
  worstSeverity: AlertSeverity;
  summary: string;
  details: string;
  values: Readonly<Record<string, AlertValue>>;
  firstFiredAt: number;
  lastFiredAt: number;
  resolvedAt: number | null;
  /** Notifications created so far; theirs are numbered 1..n. */
  notificationCount: number;
  /** When the last firing or repeat notice was created, and at which severity. */
  lastNoticeAt: number | null;
  lastNoticeSeverity: AlertSeverity | null;
  /** The last instant this record changed (for listing a day's incidents). */
  updatedAt: number;
}

/** An e-mail owed for an incident and its delivery state. */
export interface AlertNotification {
  /** `incidentId#n`: the same notification whatever the number of runs that plan it. */
  id: string;
  incidentId: string;
  kind: 'firing' | 'repeat' | 'resolved';
  createdAt: number;
  message: MailMessage;
  status: 'pending' | 'sent';
  attempts: number;
  lastAttemptAt: number | null;
  /** The last delivery error, without secrets. */
  lastError: string | null;
  sentAt: number | null;
}

/** The model stages forecasts are made for: production and the shadow model beside it. */
export const STAGES = ['prod', 'pre'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Why a forecast hour did not come from the model with its usual inputs, most severe first (a row
 * carries the first that applies). Stable strings: stored on every row and counted in runs.
 */
export const FALLBACK_REASONS = [
  'new-supply',
  'flat-readings',
  'short-history',
  'weather-climatology',
  'weather-earlier-forecast',
] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** One forecast hour of one supply. Wh over the hour ending at hourEnd, p10 <= wh <= p90. */
export interface PredictionHour {
  /** End of the hour, UTC ms. */
  hourEnd: number;
  wh: number;
  p10: number;
  p90: number;
  fallback: FallbackReason | null;
}

/** Every hour (23, 24 or 25) of one supply's local day from one run: the unit a write replaces. */
export interface SupplyDayPrediction {
  cups: string;
  /** Local (Europe/Madrid) day, YYYY-MM-DD. */
  day: string;
  modelVersion: string;
  runId: string;
  /** When the run was planned, UTC ms: a supply-day is never replaced by an earlier-issued run. */
  issuedAt: number;
  hours: PredictionHour[];
}

/** One stored prediction row, keyed by (stage, cups, hourEnd). */
export interface PredictionRow extends PredictionHour {
  stage: Stage;
  cups: string;
  day: string;
  modelVersion: string;
  runId: string;
  issuedAt: number;
}

/** Fan-out work tracked in the runs record. */
export type RunKind = 'forecast';
/** running → complete (every batch done) | partial (some batch failed) | failed (nothing usable). */
export type RunStatus = 'running' | 'complete' | 'partial' | 'failed';

/** A run is identified by what it is for: one kind, local day and stage. */
export interface RunKey {
  kind: RunKind;
  day: string;
  stage: Stage;
}

/** Supplies of a run that did not get every hour of the day, by reason. */
export interface UnforecastSupply {
  cups: string;
  reason: string;
}

/** The progress and outcome of one run of (kind, day, stage); counts are filled in at the end. */
export interface RunRecord extends RunKey {
  runId: string;
  status: RunStatus;
  modelVersion: string | null;
  /** UTC ms the run was planned (the issuedAt of its rows). */
  plannedAt: number;
  batchesPlanned: number;
  batchesDone: number;
  batchesFailed: number;
  suppliesPlanned: number;
  suppliesForecast: number;
  rows: number;
  /** Supplies per fallback reason (a supply counts once per reason found on its rows). */
  fallbacks: Partial<Record<FallbackReason, number>>;
  /** Supplies without every hour, per reason; the supplies are listed in the batch records. */
  unforecast: Record<string, number>;
  error: string | null;
  completedAt: number | null;
  /** True once forecast-completed was published for the run. */
  notified: boolean;
  timings: RunTimings;
}

/** Milliseconds spent: planning, then summed and worst over the batches, and first plan to last batch. */
export interface RunTimings {
  planMs: number;
  loadMs: number;
  modelMs: number;
  writeMs: number;
  batchMaxMs: number;
  wallMs: number | null;
}

/** What one batch of a run left: done (its rows are stored) or failed (none of them are). */
export interface BatchRecord {
  runId: string;
  batch: number;
  status: 'done' | 'failed';
  supplies: number;
  suppliesForecast: number;
  rows: number;
  fallbacks: Partial<Record<FallbackReason, number>>;
  unforecast: UnforecastSupply[];
  error: string | null;
  loadMs: number;
  modelMs: number;
  writeMs: number;
  finishedAt: number;
}

/** A refused line of an input file: where it is, which field is wrong and why. */
export interface LineRefusal {
  file: string;
  /** 1-based line number. */
  line: number;
  field: string;
  reason: string;
}

/** Errors of the hours whose actual falls in one band of consumption: fromWh ≤ actual < toWh. */
export interface BandScore {
  fromWh: number;
  /** null: open top. */
  toWh: number | null;
  hours: number;
  /** Fractions (0.156 = 15.6 %); null when the band has no hour (or no hour for MAPE). */
  wape: number | null;
  mape: number | null;
}

/** Accuracy of a set of supply-hours (fleet or one segment). Rates are fractions, not percents. */
export interface AccuracyScore {
  /** Supply-hours scored: forecast and actual both present. */
  hours: number;
  wape: number;
  /** Over hours above 10 % of the supply's mean, as training scores it; null without such hours. */
  mape: number | null;
  /** Σ(forecast − actual) / Σ actual. */
  bias: number;
  /** Share of actuals within [p10, p90], and below / above. */
  coverage: number;
  belowP10: number;
  aboveP90: number;
  /** WAPE of each baseline (seasonalNaive, mean7, median28) on the same supply-hours. */
  baselines: Record<string, number>;
}

/** One stage's score of one forecast day. */
export interface StageDayScore extends AccuracyScore {
  stage: Stage;
  modelVersion: string | null;
  bySegment: (AccuracyScore & { segment: number })[];
  byBand: BandScore[];
}

/**
 * One forecast day as a monitor run saw it: waiting (actuals below the coverage threshold),
 * provisional (scored while some hour's actual is still a P5D reading) or final (every scored
 * hour read from an F5D or RF5D file).
 */
export interface ScoredDay {
  /** The Europe/Madrid day forecast, YYYY-MM-DD. */
  date: string;
  status: 'waiting' | 'provisional' | 'final';
  /** Share of forecast supply-hours (prod) that have an actual reading. */
  actualsCoverage: number;
  stages: Partial<Record<Stage, StageDayScore>>;
  /**
   * What the day was scored on (see shared/monitoring/scored-inputs.ts): a later run re-scores a
   * provisional or waiting day only when these changed. Reports stored before it was kept lack
   * it, and their days are scored again.
   */
  inputs?: ScoredInputs;
}

/**
 * A compact fingerprint of what a forecast day's scoring read of that day: its readings (every
 * supply's hours of the day) and each stage's forecast rows.
 */
export interface ScoredInputs {
  /** Readings of the day's hours. */
  readings: number;
  /** Those readings per source kind (kinds with none left out). */
  kinds: Partial<Record<SourceKind, number>>;
  /** Newest upload among them, UTC ms (0 without readings, or when unknown). */
  newestUploadedAt: number;
  /**
   * SHA-256 (first 16 hex digits) over each reading's CUPS, hour, Wh, kind, file date, version
   * and upload, in store order: any reading added or replaced changes it.
   */
  digest: string;
  /** Each stage's forecast of the day (stages without rows left out). */
  forecasts: Partial<Record<Stage, ForecastPrint>>;
}

/** A stage's forecast of one day as a ScoredInputs holds it. */
export interface ForecastPrint {
  /** Prediction rows (supply-hours). */
  rows: number;
  /** Forecast runs the rows came from, sorted: a re-forecast changes them. */
  runIds: string[];
  /**
   * SHA-256 (first 16 hex digits) over each row's CUPS, model version, run, issue, hour, Wh, p10
   * and p90, in store order.
   */
  digest: string;
}

/** One drift test of one monitor run, as stored (see shared/monitoring/drift.ts). */
export interface StoredFeatureDrift {
  feature: string;
  kind: 'continuous' | 'categorical';
  test: 'ks' | 'chi-squared';
  statistic: number;
  pValue: number;
  adjustedPValue: number;
  effectName: string;
  effect: number;
  minEffect: number;
  alarm: boolean;
  referenceSize: number;
  recentSize: number;
}

/** What a monitor run decided about promotion, with the evidence it read. */
export interface PromotionDecision {
  action: 'promoted' | 'recommend-promotion' | 'rollback-recommended' | 'none';
  reason: string;
  prod: string | null;
  pre: string | null;
  /** The scored days compared: date, WAPE of each side on the same hours. */
  evidence: { date: string; prodWape: number; preWape: number }[];
}

/** What a monitor run decided about retraining. */
export interface RetrainDecision {
  requested: boolean;
  reason: string;
  /** The train run id published to train-requested, when requested. */
  runId: string | null;
}

/**
 * The report of one daily monitor run (keyed by the run's Europe/Madrid day): the forecast days
 * it scored or re-scored (and those found waiting; a day whose inputs did not change since an
 * earlier run scored it is left out: that scoring stands), the drift tests of the recent window
 * against the prod model's reference sample, and what it did about alerts, retraining and
 * promotion.
 */
export interface MonitorReport {
  /** Europe/Madrid day of the run, YYYY-MM-DD. */
  date: string;
  /** UTC ms of the run that wrote this report (a re-run replaces it). */
  ranAt: number;
  days: ScoredDay[];
  drift: {
    /** Forecast days the recent window covers. */
    from: string;
    to: string;
    modelVersion: string | null;
    correction: string;
    alpha: number;
    features: StoredFeatureDrift[];
    /** Why drift was not tested, when it was not. */
    skipped: string | null;
  };
  alerts: {
    firing: { ruleId: string; subject: string; severity: AlertSeverity; summary: string }[];
    opened: number;
    resolved: number;
    sent: number;
    pending: number;
    lastError: string | null;
  };
  retrain: RetrainDecision;
  promotion: PromotionDecision;
}
