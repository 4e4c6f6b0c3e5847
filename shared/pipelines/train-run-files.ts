import { type BacktestReport } from '../models/backtest.js';
import { type ScenarioResult } from '../models/validation-scenarios.js';
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
  fingerprint: string;
  report: BacktestReport;
  validation: ScenarioResult[];
  reference: ReferenceSample;
  durationMs: number;
}

/** What the assembly step concluded; persisted as runs/<runId>/outcome.json once decided. */
export type AssembleOutcome =
  | { outcome: 'waiting'; done: number; total: number }
  | { outcome: 'registered'; version: string; promoted: boolean; report: BacktestReport['overall'] }
  | { outcome: 'rejected'; reason: string; report: BacktestReport['overall'] | null };
