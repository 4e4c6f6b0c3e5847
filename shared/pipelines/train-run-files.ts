import { type BacktestOverall, type BacktestReport } from '../models/backtest.js';
import { type IntervalCalibration } from '../models/conformal.js';
import { type GateCheck } from '../models/gate.js';
import { type ReferenceSample } from './reference.js';

/**
 * The files a training run leaves in the artifacts bucket under `runs/<runId>/`, and the
 * documents they hold: the plan (train-plan.ts), one result and one forest per segment
 * (train-segment.ts) and the outcome the assembly decided (train-assemble.ts).
 */

export const planPath = (runId: string) => `runs/${runId}/plan.json`;
export const segmentResultPath = (runId: string, i: number) => `runs/${runId}/segment-${i}.json`;
export const segmentForestPath = (runId: string, i: number) => `runs/${runId}/segment-${i}.bin`;
export const outcomePath = (runId: string) => `runs/${runId}/outcome.json`;

/** What one segment's training leaves in runs/<runId>/segment-<i>.json. */
export interface SegmentResult {
  runId: string;
  segment: number;
  status: 'ok' | 'invalid';
  error: string | null;
  supplies: number;
  trainRows: number;
  forestFile: string;
  forestSha256: string;
  /** Prediction fallback level (Wh/h) for a supply without recent readings: the segment median. */
  defaultLevelWh: number;
  /** The conformal calibration of the registered forest's p10/p90 (null when invalid). */
  calibration: IntervalCalibration | null;
  fingerprint: string;
  report: BacktestReport;
  /** The prod model scored on the same backtest rows, or why it was not. */
  champion: { version: string | null; reason: string | null };
  /** The scenario checks of the registration gate. */
  validation: GateCheck[];
  reference: ReferenceSample;
  /**
   * The raw reference rows of the watched columns, this segment's quota of the version's bounded
   * sample (absent in results written before raw samples were kept).
   */
  rawReference?: ReferenceSample;
  durationMs: number;
}

/** What the assembly step concluded; persisted as runs/<runId>/outcome.json once decided. */
export type AssembleOutcome =
  | { outcome: 'waiting'; done: number; total: number }
  | {
      outcome: 'registered';
      version: string;
      promoted: boolean;
      report: BacktestOverall;
      checks: GateCheck[];
    }
  | {
      outcome: 'rejected';
      reason: string;
      report: BacktestOverall | null;
      checks: GateCheck[];
    };
