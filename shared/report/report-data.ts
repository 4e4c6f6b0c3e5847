/**
 * The report document: everything `mce report` draws, as plain JSON (no NaN, no Infinity, no
 * Date), versioned so that a reader can refuse a shape it does not know. Instants are UTC ms;
 * days are Europe/Madrid calendar days (YYYY-MM-DD); ratios are fractions (0.12 = 12 %); energy
 * is Wh over the hour ending at `hourEnd`. The page is the retailer's own, so CUPS appear in it.
 */
import { InvalidInputError } from '../errors.js';
import { type Stage } from '../registry/stages.js';

export const REPORT_KIND = 'mce-report';
export const REPORT_SCHEMA_VERSION = 1;
/** Stages in the order the report shows them. */
export const REPORT_STAGES: readonly Stage[] = ['prod', 'pre'];
/** The p10–p90 interval should hold this share of actuals. */
export const NOMINAL_COVERAGE = 0.8;

/** One stage's forecast over the hours of a series, aligned with its `hourEnd`. */
export interface StageHours {
  wh: (number | null)[];
  p10: (number | null)[];
  p90: (number | null)[];
  /** Actual Wh over the same supplies and hours; null where not (yet) known. */
  actualWh: (number | null)[];
}

/** Hourly forecasts and actuals of one supply or of the fleet. */
export interface HourlySeries {
  /** Hour-ending instants, UTC ms, ascending (a 23- or 25-hour day has 23 or 25 of them). */
  hourEnd: number[];
  stages: Partial<Record<Stage, StageHours>>;
}

export interface SupplySeries extends HourlySeries {
  cups: string;
  /** Σ|actual − forecast| of prod over the period, Wh (how the default selection ranks). */
  prodAbsErrorWh: number | null;
}

export interface ForecastSection {
  /**
   * Sum over the supplies each stage forecast. Its p10 and p90 are sums of the supplies' own
   * quantiles: wider than the fleet's 80 % interval, since supply errors partly cancel.
   */
  fleet: HourlySeries & { supplies: Partial<Record<Stage, number>> };
  supplies: SupplySeries[];
  /** `requested` (--supply) or the supplies with the largest prod absolute error. */
  selection: 'requested' | 'largest-error';
}

/** One scored day as the daily monitoring scored it. */
export interface DailyScore {
  date: string;
  /** Provisional while scored on P5D readings only; final once F5D/RF5D cover the day. */
  status: 'provisional' | 'final';
  stages: Partial<
    Record<Stage, { wape: number; coverage: number | null; modelVersion: string | null }>
  >;
  /** WAPE of each baseline on the same rows, by name (seasonalNaive, mean7, median28…). */
  baselines: Record<string, number>;
}

export interface ScoreSection {
  days: DailyScore[];
  /** Baseline names in the order drawn. */
  baselineNames: string[];
  nominalCoverage: number;
}

/** Errors of one band of actual consumption: fromWh ≤ actual < toWh (null = open top). */
export interface BandError {
  fromWh: number;
  toWh: number | null;
  /** Hours scored in the band. */
  n: number;
  wape: number | null;
  mape: number | null;
}

export interface BandSection {
  stages: Partial<Record<Stage, BandError[]>>;
}

export interface DriftFeatureResult {
  feature: string;
  test: 'ks' | 'chi-squared';
  pValue: number;
  /** After the multiple-testing correction of the day. */
  adjustedPValue: number;
  effectName: string;
  effect: number;
  /** The effect an alarm needed. */
  minEffect: number;
  alarm: boolean;
}

export interface DriftDay {
  date: string;
  modelVersion: string | null;
  correction: string;
  /** An alarm needs an adjusted p-value below this. */
  alpha: number;
  features: DriftFeatureResult[];
}

export interface DriftSection {
  days: DriftDay[];
}

export interface LineageVersion {
  version: string;
  /** UTC ms. */
  createdAt: number;
  runId: string;
  codeRevision: string;
  windowStart: string;
  windowEnd: string;
  supplies: number;
  /** Backtest WAPE of the model and of each baseline on the same rows; coverage when known. */
  backtest: { wape: number | null; baselines: Record<string, number>; coverage: number | null };
}

export interface StageChange {
  /** UTC ms. */
  at: number;
  action: 'register' | 'promote' | 'rollback';
  stage: Stage;
  version: string | null;
  previous: string | null;
  /** What the change rested on, in words. */
  evidence: string;
}

export interface LineageSection {
  prod: string | null;
  pre: string | null;
  versions: LineageVersion[];
  /** Every stage change, oldest first. */
  changes: StageChange[];
}

/** One alert e-mail and its delivery state. */
export interface AlertEntry {
  notificationId: string;
  incidentId: string;
  ruleId: string;
  /** What the rule fired for (fleet, feature temperatureC…). */
  subject: string;
  /** The incident's worst severity so far. */
  worstSeverity: 'info' | 'warning' | 'critical';
  kind: 'firing' | 'repeat' | 'resolved';
  /** UTC ms the notice was created. */
  createdAt: number;
  emailSubject: string;
  to: string[];
  status: 'pending' | 'sent';
  sentAt: number | null;
  attempts: number;
  lastError: string | null;
}

export interface AlertSection {
  notices: AlertEntry[];
}

/** The report of one period: what `mce report` gathers and the page draws. */
export interface ReportData {
  kind: typeof REPORT_KIND;
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** UTC ms. */
  generatedAt: number;
  timeZone: 'Europe/Madrid';
  /** First and last local day covered, inclusive. */
  from: string;
  to: string;
  forecasts: ForecastSection;
  scores: ScoreSection;
  bands: BandSection;
  drift: DriftSection;
  lineage: LineageSection;
  alerts: AlertSection;
}

/** The value of `key` in `map`, created by `make` on first use. */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
}

/** Rounds to `digits` decimals; NaN and ±Infinity become null (JSON has neither). */
export function finiteOrNull(value: number | null | undefined, digits = 6): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Parses a report document, refusing another kind or schema version.
 * @throws InvalidInputError when the text is not JSON or not a version 1 report
 */
export function parseReportData(text: string): ReportData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new InvalidInputError('Report data is not JSON', { cause: error });
  }
  const doc = value as Partial<ReportData> | null;
  if (doc === null || typeof doc !== 'object' || doc.kind !== REPORT_KIND) {
    throw new InvalidInputError(`Not an MCE report: kind ${String(doc?.kind)}`);
  }
  if (doc.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new InvalidInputError(`Unknown report schema version ${String(doc.schemaVersion)}`);
  }
  return doc as ReportData;
}
