/**
 * Scoring of one stage's forecast day against the actuals that have arrived: WAPE, MAPE, bias and
 * p10–p90 coverage fleet-wide, per segment and per band of consumption, with each baseline's WAPE
 * on the same supply-hours. The error definitions are training's (shared/models/error-sums.ts),
 * so a day scored here reads like a day of the training backtest.
 */
import { InvalidInputError } from '../errors.js';
import { BAND_EDGES_WH } from '../models/backtest.js';
import {
  accumulate,
  addSums,
  type ErrorSums,
  emptySums,
  mapeFloorWh,
  summarise,
} from '../models/error-sums.js';
import { type AccuracyScore, type BandScore, type StageDayScore } from '../types.js';

/** One forecast supply-hour that has an actual, Wh. */
export interface ScoredRow {
  cups: string;
  /** The supply's segment in the stage's model version. */
  segment: number;
  hourEnd: number;
  actual: number;
  wh: number;
  p10: number;
  p90: number;
  /** Each baseline's forecast of the hour, by name (the same names on every row). */
  baselines: Readonly<Record<string, number>>;
}

/** What scoring gives a stage's day score; the caller adds the stage and model version. */
export type StageScoreParts = Omit<StageDayScore, 'stage' | 'modelVersion'>;

interface Sums {
  model: ErrorSums;
  baselines: Map<string, ErrorSums>;
}

/** Adds rows of one supply-day at a time; reads the score at the end. */
export interface StageScorer {
  /**
   * Adds every scored hour of one supply (its MAPE floor is 10 % of the mean of these actuals).
   * @throws InvalidInputError on a non-finite or negative value, or baselines other than the first
   *   row's (the message names the field and hour, never the CUPS)
   */
  addSupply(rows: readonly ScoredRow[]): void;
  /** The score, or undefined when no hour was added or the actuals sum to 0 (no WAPE). */
  result(): StageScoreParts | undefined;
}

function emptyGroup(names: readonly string[]): Sums {
  return { model: emptySums(), baselines: new Map(names.map((n) => [n, emptySums()])) };
}

function addGroup(into: Sums, from: Sums): void {
  addSums(into.model, from.model);
  for (const [name, sums] of from.baselines) addSums(into.baselines.get(name)!, sums);
}

/** The accuracy read off sums; undefined when nothing weighs the errors (Σ actual is 0). */
function accuracyOf(sums: Sums): AccuracyScore | undefined {
  const s = summarise(sums.model);
  if (s.n === 0 || sums.model.actual === 0) return undefined;
  const baselines: Record<string, number> = {};
  for (const [name, b] of sums.baselines) baselines[name] = summarise(b).wape;
  return {
    hours: s.n,
    wape: s.wape,
    mape: sums.model.apeN === 0 ? null : s.mape,
    bias: s.bias,
    coverage: s.coverage,
    belowP10: s.belowP10,
    aboveP90: s.aboveP90,
    baselines,
  };
}

/** Index of the band (BAND_EDGES_WH) holding `actual`: fromWh ≤ actual < toWh. */
function bandOf(actual: number): number {
  let band = 0;
  while (band < BAND_EDGES_WH.length - 2 && actual >= BAND_EDGES_WH[band + 1]!) band++;
  return band;
}

function checkRow(row: ScoredRow, names: readonly string[]): void {
  const at = new Date(row.hourEnd).toISOString();
  for (const field of ['actual', 'wh', 'p10', 'p90'] as const) {
    const v = row[field];
    if (!Number.isFinite(v) || v < 0) {
      throw new InvalidInputError(`Scored hour ending ${at}: ${field} is ${v}`);
    }
  }
  const given = Object.keys(row.baselines);
  if (given.length !== names.length || names.some((n) => !Number.isFinite(row.baselines[n]))) {
    throw new InvalidInputError(
      `Scored hour ending ${at}: baselines ${given.join(', ')} differ from ${names.join(', ')} or are not finite`,
    );
  }
}

/** A scorer for one stage's forecast day (see StageScorer). */
export function createStageScorer(): StageScorer {
  let names: string[] | null = null;
  let fleet: Sums | null = null;
  const segments = new Map<number, Sums>();
  const bands = BAND_EDGES_WH.slice(1).map(() => emptySums());
  return {
    addSupply(rows) {
      if (rows.length === 0) return;
      names ??= Object.keys(rows[0]!.baselines);
      for (const row of rows) checkRow(row, names);
      const floor = mapeFloorWh(rows.map((r) => r.actual));
      const own = new Map<number, Sums>();
      for (const r of rows) {
        let group = own.get(r.segment);
        if (group === undefined) {
          group = emptyGroup(names);
          own.set(r.segment, group);
        }
        accumulate(group.model, r.actual, r.wh, floor, r.p10, r.p90);
        for (const [name, sums] of group.baselines) {
          accumulate(sums, r.actual, r.baselines[name]!, floor);
        }
        accumulate(bands[bandOf(r.actual)]!, r.actual, r.wh, floor);
      }
      fleet ??= emptyGroup(names);
      for (const [segment, group] of own) {
        addGroup(fleet, group);
        let held = segments.get(segment);
        if (held === undefined) {
          held = emptyGroup(names);
          segments.set(segment, held);
        }
        addGroup(held, group);
      }
    },
    result() {
      const overall = fleet === null ? undefined : accuracyOf(fleet);
      if (overall === undefined) return undefined;
      const bySegment = [...segments.entries()]
        .sort(([a], [b]) => a - b)
        .flatMap(([segment, sums]) => {
          const score = accuracyOf(sums);
          return score === undefined ? [] : [{ ...score, segment }];
        });
      const byBand: BandScore[] = bands.map((sums, i) => {
        const s = summarise(sums);
        const top = BAND_EDGES_WH[i + 1]!;
        return {
          fromWh: BAND_EDGES_WH[i]!,
          toWh: Number.isFinite(top) ? top : null,
          hours: s.n,
          wape: sums.actual === 0 ? null : s.wape,
          mape: sums.apeN === 0 ? null : s.mape,
        };
      });
      return { ...overall, bySegment, byBand };
    },
  };
}

/**
 * Scores the hours of one stage's forecast day (any order): rows grouped by supply, each supply's
 * MAPE floor 10 % of the mean of its scored actuals (as training scores it), a segment whose
 * actuals sum to 0 left out of bySegment. Undefined when there is no row or Σ actual is 0.
 * @throws InvalidInputError on a non-finite or negative value, or inconsistent baselines
 * @example scoreStageRows([{ cups: 'A', segment: 0, hourEnd: 0, actual: 100, wh: 80, p10: 70,
 *   p90: 90, baselines: { median28: 110 } }])?.wape // 0.2
 */
export function scoreStageRows(rows: readonly ScoredRow[]): StageScoreParts | undefined {
  const bySupply = new Map<string, ScoredRow[]>();
  for (const row of rows) {
    const list = bySupply.get(row.cups);
    if (list === undefined) bySupply.set(row.cups, [row]);
    else list.push(row);
  }
  const scorer = createStageScorer();
  for (const list of bySupply.values()) scorer.addSupply(list);
  return scorer.result();
}
