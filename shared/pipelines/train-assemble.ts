import { dayRange } from '../calendar/days.js';
import { InvalidInputError, PreconditionFailedError, ValidationGateError } from '../errors.js';
import { FEATURE_NAMES } from '../features/feature-specs.js';
import { type BacktestReport, combineBacktests } from '../models/backtest.js';
import { accuracyChecks, assertGatePassed, type GateCheck } from '../models/gate.js';
import { countDayMix } from '../monitoring/day-mix.js';
import { type ModelManifest } from '../registry/manifest.js';
import { REFERENCE_FILE } from '../registry/reference-samples.js';
import { promote, registerVersion, sha256Hex } from '../registry/registry.js';
import { parseStoredJson } from '../registry/stored-json.js';
import { describeReference, poolReferenceSamples } from './reference.js';
import { type TrainDeps, type TrainPlan } from './train-plan.js';
import {
  type AssembleOutcome,
  outcomePath,
  type SegmentResult,
  segmentForestPath,
  segmentResultPath,
} from './train-run-files.js';

/**
 * Once every segment of the run has a result, gates the combined backtest and registers the
 * version as `pre` (promoting it when the plan says so). Safe to call any number of times and
 * concurrently: version files are create-only, the stage change is recorded once, and the first
 * decided outcome is kept. @throws InvalidInputError when a segment forest fails its checksum
 */
export async function assembleIfComplete(
  plan: TrainPlan,
  deps: TrainDeps,
): Promise<AssembleOutcome> {
  const listed = new Set(await deps.blobs.list(`runs/${plan.runId}/`));
  const done = plan.segments.filter((s) =>
    listed.has(segmentResultPath(plan.runId, s.index)),
  ).length;
  if (done < plan.segments.length) return { outcome: 'waiting', done, total: plan.segments.length };
  const previous = await deps.blobs.get(outcomePath(plan.runId));
  if (previous !== undefined) {
    return parseStoredJson(previous.bytes, outcomePath(plan.runId)) as AssembleOutcome;
  }
  const results: SegmentResult[] = [];
  for (const s of plan.segments) {
    const found = await deps.blobs.get(segmentResultPath(plan.runId, s.index));
    const path = segmentResultPath(plan.runId, s.index);
    if (found !== undefined) results.push(parseStoredJson(found.bytes, path) as SegmentResult);
  }
  const outcome = await decide(plan, results, deps);
  try {
    await deps.blobs.put(
      outcomePath(plan.runId),
      new TextEncoder().encode(JSON.stringify(outcome)),
      { ifGenerationMatch: '0' },
    );
  } catch (error: unknown) {
    if (!(error instanceof PreconditionFailedError)) throw error;
  }
  return outcome;
}

async function decide(
  plan: TrainPlan,
  results: SegmentResult[],
  deps: TrainDeps,
): Promise<AssembleOutcome> {
  const invalid = results.find((r) => r.status !== 'ok');
  if (invalid !== undefined) {
    return {
      outcome: 'rejected',
      reason: `Segment ${invalid.segment}: ${invalid.error ?? 'invalid'}`,
      report: null,
      checks: [],
    };
  }
  const combined = combineBacktests(results.map((r) => r.report));
  const { model, baselines } = combined.overall;
  const checks = [
    ...accuracyChecks(
      {
        modelWape: model.wape,
        baselineWape: Object.fromEntries(
          Object.entries(baselines).map(([name, summary]) => [name, summary.wape]),
        ),
        coverage: model.coverage,
      },
      plan.options,
    ),
    ...results.flatMap((r) =>
      r.validation.map((c) => ({ ...c, name: `segment ${r.segment}: ${c.name}` })),
    ),
  ];
  try {
    assertGatePassed(checks);
  } catch (error: unknown) {
    if (error instanceof ValidationGateError)
      return { outcome: 'rejected', reason: error.message, report: combined.overall, checks };
    throw error;
  }
  const files: Record<string, Uint8Array> = {};
  for (const r of results) {
    const bin = await deps.blobs.get(segmentForestPath(plan.runId, r.segment));
    if (bin === undefined || sha256Hex(bin.bytes) !== r.forestSha256) {
      throw new InvalidInputError(
        `Run ${plan.runId} segment ${r.segment} forest is missing or corrupt`,
      );
    }
    files[r.forestFile] = bin.bytes;
  }
  const segmentsDoc = {
    centroids: plan.centroids,
    segments: results.map((r) => ({
      index: r.segment,
      defaultLevelWh: r.defaultLevelWh,
      cups: plan.segments.find((s) => s.index === r.segment)?.cups ?? [],
      calibration: r.calibration,
    })),
  };
  files['segments.json'] = new TextEncoder().encode(`${JSON.stringify(segmentsDoc)}\n`);
  files[REFERENCE_FILE] = new TextEncoder().encode(
    `${JSON.stringify(rawReferenceOf(plan, results))}\n`,
  );
  await registerVersion(
    deps.blobs,
    buildManifest(plan, results, combined, checks, deps.codeRevision),
    files,
  );
  if (plan.options.promote) await promoteOnce(plan, deps);
  return {
    outcome: 'registered',
    version: plan.version,
    promoted: plan.options.promote,
    report: combined.overall,
    checks,
  };
}

function buildManifest(
  plan: TrainPlan,
  results: SegmentResult[],
  combined: BacktestReport,
  checks: GateCheck[],
  codeRevision: string,
): Omit<ModelManifest, 'files'> {
  // Each segment fits with its own seed (options.seed × 1000 + segment), not the forest default's.
  const {
    forest: { seed: _unusedSeed, ...forest },
    ...rest
  } = plan.options;
  return {
    kind: 'mce-segmented-forest',
    schemaVersion: 1,
    version: plan.version,
    runId: plan.runId,
    createdAt: plan.createdAt,
    codeRevision,
    data: {
      windowStart: plan.windowStart,
      windowEnd: plan.windowEnd,
      fingerprint: sha256Hex(new TextEncoder().encode(results.map((r) => r.fingerprint).join('|'))),
      supplies: results.reduce((n, r) => n + r.supplies, 0),
      trainRows: results.reduce((n, r) => n + r.trainRows, 0),
      dataLatencyDays: plan.options.dataLatencyDays,
      weather:
        'training rows: the forecast issued by the origin when stored, else the observation; calibration, backtest and production: the latest forecast issued by the origin, else climatology',
      visibility:
        'readings of days up to the target − dataLatencyDays whose earliest file was generated by the origin day',
    },
    featureNames: [...FEATURE_NAMES],
    target: 'log-wh-over-level',
    hyperParameters: {
      forest,
      rowsPerFit: plan.rowsPerFit,
      segmentation: { k: plan.centroids.length, silhouette: plan.silhouette },
      ...rest,
    },
    segments: results.map((r) => ({
      index: r.segment,
      supplies: r.supplies,
      trainRows: r.trainRows,
      forestFile: r.forestFile,
    })),
    centroidsFile: 'segments.json',
    metrics: {
      backtest: combined.overall,
      champion: {
        version: results[0]?.champion.version ?? null,
        reason: results.find((r) => r.champion.reason !== null)?.champion.reason ?? null,
        backtest: combined.overall.champion,
      },
      perSegment: results.map((r) => ({ segment: r.segment, ...r.report.overall })),
      perSupply: combined.perSupply,
      gate: checks,
    },
    reference: describeReference(results.map((r) => r.reference)),
  };
}

/** The version's raw reference samples (reference.json): pooled segment samples, day mix, segment sizes. */
function rawReferenceOf(plan: TrainPlan, results: readonly SegmentResult[]) {
  return poolReferenceSamples({
    version: plan.version,
    seed: plan.options.seed,
    segments: results.map((r) => ({
      segment: r.segment,
      supplies: r.supplies,
      sample: r.rawReference ?? { columns: [], rows: [] },
    })),
    dayMix: countDayMix(dayRange(plan.windowStart, plan.windowEnd)),
    window: { first: plan.windowStart, last: plan.windowEnd },
  });
}

const PROMOTED_AT_TRAINING = { reason: 'promoted at registration: the run was asked to promote' };

async function promoteOnce(plan: TrainPlan, deps: TrainDeps): Promise<void> {
  try {
    await promote(deps.blobs, plan.createdAt, plan.version, PROMOTED_AT_TRAINING);
  } catch (error: unknown) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    // Lost a race: re-read and retry once.
    await promote(deps.blobs, plan.createdAt, plan.version, PROMOTED_AT_TRAINING);
  }
}
