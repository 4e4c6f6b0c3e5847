import { addDays, dayRange, isCalendarDay } from '../calendar/days.js';
import { localDayBoundsUtc, MARKET_ZONE } from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { type FeatureSupply } from '../features/build-features.js';
import { BASELINE_NAMES, baselineForecast } from '../models/baselines.js';
import { segmentFor } from '../models/model-forecast.js';
import {
  createForecastDigest,
  createReadingsDigest,
  sameInputs,
} from '../monitoring/scored-inputs.js';
import { createStageScorer, type ScoredRow, type StageScorer } from '../monitoring/scoring.js';
import { type PredictionStore } from '../ports.js';
import { type ModelSource } from '../registry/model-cache.js';
import {
  type ForecastPrint,
  type ScoredDay,
  type ScoredInputs,
  STAGES,
  type Stage,
} from '../types.js';
import { type MonitorDataDeps, type OriginFeatures, originFeatures } from './monitor-data.js';

export interface MonitorScoreDeps extends MonitorDataDeps {
  store: MonitorDataDeps['store'] & PredictionStore;
  /** Loaded model versions (createModelCache): each stage's segments and the origin features. */
  models: ModelSource;
}

export interface ScoreDaysInput {
  /** Europe/Madrid day of the monitor run, YYYY-MM-DD: forecast days before it are scored. */
  runDay: string;
  /** Forecast days runDay − lookbackDays … runDay − 1 are looked at (a positive integer). */
  lookbackDays: number;
  /** Share of prod forecast supply-hours that need a reading before a day is scored, 0..1. */
  minActualsCoverage: number;
  /**
   * Each forecast day's latest stored scoring: a final day is not scored again, nor a provisional
   * or waiting day whose inputs (ScoredInputs) did not change since.
   */
  previous: ReadonlyMap<string, ScoredDay>;
  /** Supplies whose origin features are read at once (memory per step; default 1000). */
  chunkSupplies?: number;
}

/** One supply-day of one stage's forecast. */
interface SupplyForecastRows {
  modelVersion: string;
  hours: { hourEnd: number; wh: number; p10: number; p90: number }[];
}

/** The stored reading of an hour: its Wh and whether a validated file (F5D, RF5D) carried it. */
interface Actual {
  wh: number;
  validated: boolean;
}

const DEFAULT_CHUNK = 1000;

function checkInput(input: ScoreDaysInput): void {
  const problems: string[] = [];
  if (!isCalendarDay(input.runDay)) problems.push(`runDay ${input.runDay} is not a YYYY-MM-DD day`);
  if (!Number.isInteger(input.lookbackDays) || input.lookbackDays < 1) {
    problems.push(`lookbackDays must be a positive integer, got ${input.lookbackDays}`);
  }
  if (!(input.minActualsCoverage >= 0 && input.minActualsCoverage <= 1)) {
    problems.push(`minActualsCoverage must be within 0..1, got ${input.minActualsCoverage}`);
  }
  const chunk = input.chunkSupplies ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1) {
    problems.push(`chunkSupplies must be a positive integer, got ${chunk}`);
  }
  if (problems.length > 0) throw new InvalidInputError(`Cannot score: ${problems.join('; ')}`);
}

/** One stage's forecast of a day, by supply, streamed from the store, with its fingerprint. */
async function readForecasts(
  store: PredictionStore,
  stage: Stage,
  day: string,
): Promise<{ forecasts: Map<string, SupplyForecastRows>; print: ForecastPrint }> {
  const forecasts = new Map<string, SupplyForecastRows>();
  const digest = createForecastDigest();
  for await (const row of store.predictionsOfDay(stage, day)) {
    let held = forecasts.get(row.cups);
    if (held === undefined) {
      held = { modelVersion: row.modelVersion, hours: [] };
      forecasts.set(row.cups, held);
    }
    held.hours.push({ hourEnd: row.hourEnd, wh: row.wh, p10: row.p10, p90: row.p90 });
    digest.add(row);
  }
  return { forecasts, print: digest.result() };
}

/**
 * Every stored reading of the day's hours, by supply and hour end (one range read), with their
 * part of the day's fingerprint.
 */
async function readActuals(
  store: MonitorDataDeps['store'],
  day: string,
): Promise<{ actuals: Map<string, Map<number, Actual>>; digest: Omit<ScoredInputs, 'forecasts'> }> {
  const [fromMs, toMs] = localDayBoundsUtc(day, MARKET_ZONE);
  const actuals = new Map<string, Map<number, Actual>>();
  const digest = createReadingsDigest();
  for await (const r of store.readingsBetween(fromMs, toMs)) {
    let hours = actuals.get(r.cups);
    if (hours === undefined) {
      hours = new Map();
      actuals.set(r.cups, hours);
    }
    hours.set(r.hourEnd, { wh: r.wh, validated: r.kind !== 'P5D' });
    digest.add(r);
  }
  return { actuals, digest: digest.result() };
}

/** Share of the forecast supply-hours that have a reading (0 without forecast hours). */
function actualsCoverage(
  forecasts: ReadonlyMap<string, SupplyForecastRows>,
  actuals: ReadonlyMap<string, ReadonlyMap<number, Actual>>,
): number {
  let hours = 0;
  let read = 0;
  for (const [cups, f] of forecasts) {
    const held = actuals.get(cups);
    hours += f.hours.length;
    if (held !== undefined) for (const h of f.hours) if (held.has(h.hourEnd)) read++;
  }
  return hours === 0 ? 0 : read / hours;
}

/** The model version most of a stage's supply-days came from (ties: the greatest). */
function mainVersion(forecasts: ReadonlyMap<string, SupplyForecastRows>): string | null {
  const counts = new Map<string, number>();
  for (const f of forecasts.values()) {
    counts.set(f.modelVersion, (counts.get(f.modelVersion) ?? 0) + 1);
  }
  let best: string | null = null;
  let top = 0;
  for (const [version, n] of counts) {
    if (n > top || (n === top && best !== null && version > best)) {
      best = version;
      top = n;
    }
  }
  return best;
}

/** Everything one forecast day's scoring reads and adds up, stage by stage. */
interface DayScoring {
  day: string;
  forecasts: Partial<Record<Stage, Map<string, SupplyForecastRows>>>;
  actuals: Map<string, Map<number, Actual>>;
  scorers: Partial<Record<Stage, StageScorer>>;
  /** Whether every scored hour was read from a validated file so far. */
  validated: boolean;
  /** Supply-hours scored so far, all stages. */
  hours: number;
}

/** A supply's segment in the model version its stage forecast came from (segmentFor). */
async function segmentOf(
  deps: MonitorScoreDeps,
  origin: { version: string; segment: number | undefined; supply: FeatureSupply },
  version: string,
  day: string,
): Promise<number> {
  if (version === origin.version && origin.segment !== undefined) return origin.segment;
  const model = await deps.models(version);
  const lastDay = addDays(day, -model.manifest.data.dataLatencyDays);
  return segmentFor(model, origin.supply, lastDay);
}

/**
 * Adds one chunk of supplies to each stage's score: their rows at the hours that have a reading,
 * each with the baselines of the origin features at the same hour.
 */
async function scoreChunk(
  deps: MonitorScoreDeps,
  s: DayScoring,
  origin: OriginFeatures,
  originVersion: string,
): Promise<void> {
  const { set } = origin;
  const baselines = BASELINE_NAMES.map((name) => [name, baselineForecast(set, name)] as const);
  const rowsOf = new Map<number, Map<number, number>>();
  for (const [r, supply] of set.supply.entries()) {
    let hours = rowsOf.get(supply);
    if (hours === undefined) {
      hours = new Map();
      rowsOf.set(supply, hours);
    }
    hours.set(set.hourEnd[r] ?? Number.NaN, r);
  }
  for (const stage of STAGES) {
    const forecasts = s.forecasts[stage];
    const scorer = s.scorers[stage];
    if (forecasts === undefined || scorer === undefined) continue;
    for (const [i, supply] of origin.supplies.entries()) {
      const cups = supply.history.cups;
      const f = forecasts.get(cups);
      const held = s.actuals.get(cups);
      if (f === undefined || held === undefined) continue;
      const segment = await segmentOf(
        deps,
        { version: originVersion, segment: origin.segments[i], supply },
        f.modelVersion,
        s.day,
      );
      const featureRows = rowsOf.get(i);
      const rows: ScoredRow[] = [];
      for (const { hourEnd, wh, p10, p90 } of f.hours) {
        const actual = held.get(hourEnd);
        const r = featureRows?.get(hourEnd);
        if (actual === undefined || r === undefined) continue;
        if (!actual.validated) s.validated = false;
        const values: Record<string, number> = {};
        for (const [name, forecast] of baselines) values[name] = forecast[r] ?? Number.NaN;
        rows.push({ cups, segment, hourEnd, actual: actual.wh, wh, p10, p90, baselines: values });
      }
      scorer.addSupply(rows);
      s.hours += rows.length;
    }
  }
}

/** What scoreForecastDays reads of one forecast day before deciding to score it. */
interface DayRead {
  day: string;
  prod: Map<string, SupplyForecastRows>;
  pre: Map<string, SupplyForecastRows>;
  actuals: Map<string, Map<number, Actual>>;
  /** Share of prod supply-hours with a reading. */
  coverage: number;
  /** Whether the coverage is too low to score (zero, or below minActualsCoverage). */
  waits: boolean;
  inputs: ScoredInputs;
}

/** Reads one forecast day's prod and pre forecasts and readings; undefined without prod rows. */
async function readDay(
  deps: MonitorScoreDeps,
  day: string,
  input: ScoreDaysInput,
): Promise<DayRead | undefined> {
  const prod = await readForecasts(deps.store, 'prod', day);
  if (prod.forecasts.size === 0) return undefined;
  const pre = await readForecasts(deps.store, 'pre', day);
  const { actuals, digest } = await readActuals(deps.store, day);
  const coverage = actualsCoverage(prod.forecasts, actuals);
  const forecasts: ScoredInputs['forecasts'] = { prod: prod.print };
  if (pre.forecasts.size > 0) forecasts.pre = pre.print;
  return {
    day,
    prod: prod.forecasts,
    pre: pre.forecasts,
    actuals,
    coverage,
    waits: coverage === 0 || coverage < input.minActualsCoverage,
    inputs: { ...digest, forecasts },
  };
}

/**
 * Whether a day's earlier scoring stands: it was final, or it was made on the same inputs and
 * either scored the day (provisional) or found it waiting and it still waits (a waiting day
 * whose threshold was lowered since is looked at again).
 */
function earlierStands(earlier: ScoredDay | undefined, read: DayRead): boolean {
  if (earlier === undefined || !sameInputs(earlier.inputs, read.inputs)) return false;
  return earlier.status !== 'waiting' || read.waits;
}

/** Scores one forecast day that has prod predictions (see scoreForecastDays). */
async function scoreDay(
  deps: MonitorScoreDeps,
  read: DayRead,
  input: ScoreDaysInput,
): Promise<ScoredDay> {
  const { day, prod, pre, actuals, coverage, inputs } = read;
  const waiting: ScoredDay = {
    date: day,
    status: 'waiting',
    actualsCoverage: coverage,
    stages: {},
    inputs,
  };
  if (read.waits) return waiting;
  const forecasts: DayScoring['forecasts'] = pre.size === 0 ? { prod } : { prod, pre };
  const scoring: DayScoring = { day, forecasts, actuals, scorers: {}, validated: true, hours: 0 };
  for (const stage of STAGES) {
    if (forecasts[stage] !== undefined) scoring.scorers[stage] = createStageScorer();
  }
  const originVersion = mainVersion(prod) ?? '';
  const model = await deps.models(originVersion);
  const cups = [...new Set([...prod.keys(), ...pre.keys()])].sort();
  const chunk = input.chunkSupplies ?? DEFAULT_CHUNK;
  for (let i = 0; i < cups.length; i += chunk) {
    const origin = await originFeatures(deps, { day, cups: cups.slice(i, i + chunk), model });
    await scoreChunk(deps, scoring, origin, originVersion);
  }
  const stages: ScoredDay['stages'] = {};
  for (const stage of STAGES) {
    const f = forecasts[stage];
    const parts = scoring.scorers[stage]?.result();
    if (f !== undefined && parts !== undefined) {
      stages[stage] = { stage, modelVersion: mainVersion(f), ...parts };
    }
  }
  // No hour scored: the supplies read are unknown to the store now; nothing to say yet.
  if (scoring.hours === 0) return waiting;
  const status = scoring.validated ? 'final' : 'provisional';
  return { date: day, status, actualsCoverage: coverage, stages, inputs };
}

/**
 * Scores, with the actuals stored now, each forecast day in [runDay − lookbackDays, runDay − 1]
 * that has prod predictions, in date order, unless its latest scoring in `previous` stands: it
 * is final, or it was made on the same inputs (ScoredInputs: the day's readings, each stage's
 * forecast rows and runs), so a provisional day is scored again only when better data lands (or
 * the day is forecast again) and a waiting day is left out while nothing changes. A day whose
 * share of prod supply-hours with a reading is below `minActualsCoverage` (or zero) waits,
 * unscored. Else each stage (prod; pre when it has predictions) is scored on its hours that have
 * a reading, the baselines on the same hours from the origin features (originFeatures with the
 * prod model version), each supply in its segment of the stage's version: 'final' when every
 * scored hour was read from an F5D or RF5D file, else 'provisional'. Each day returned records
 * its inputs. Memory follows `chunkSupplies`, not the fleet; readings and predictions are range
 * reads, and a day whose scoring stands costs only them.
 * @throws InvalidInputError on bad input, or a model version that cannot be loaded for good
 */
export async function scoreForecastDays(
  deps: MonitorScoreDeps,
  input: ScoreDaysInput,
): Promise<ScoredDay[]> {
  checkInput(input);
  const days = dayRange(addDays(input.runDay, -input.lookbackDays), addDays(input.runDay, -1));
  const out: ScoredDay[] = [];
  for (const day of days) {
    const earlier = input.previous.get(day);
    if (earlier?.status === 'final') continue;
    const read = await readDay(deps, day, input);
    if (read === undefined || earlierStands(earlier, read)) continue;
    out.push(await scoreDay(deps, read, input));
  }
  return out;
}
