import { InvalidInputError } from '../errors.js';
import { FEATURE_NAMES } from '../features/feature-specs.js';
import { type IntervalCalibration } from '../models/conformal.js';
import { type Forest, forestFromBytes } from '../models/forest.js';
import { type BlobStore } from '../ports.js';
import { type ModelManifest } from './manifest.js';
import { readVersionFile, showVersion } from './registry.js';
import { readStages, type Stage } from './stages.js';
import { parseStoredJson } from './stored-json.js';

/**
 * segments.json of a version: K-Means centroids and, per segment, its supplies, fallback level
 * and the conformal calibration of its p10/p90.
 */
export interface SegmentsDoc {
  centroids: number[][];
  segments: {
    index: number;
    defaultLevelWh: number;
    cups: string[];
    calibration: IntervalCalibration;
  }[];
}

/** A registered model ready to predict: its manifest, one forest per segment and the segments. */
export interface LoadedModel {
  manifest: ModelManifest;
  forests: Map<number, Forest>;
  segments: SegmentsDoc;
  /** Segment index of each supply the model was trained on. */
  segmentOfCups: Map<string, number>;
  /** Interval calibration of each segment. */
  calibrations: Map<number, IntervalCalibration>;
}

/**
 * Loads a version (or the version a stage points at), verifying every file's checksum and that
 * the model was trained on today's feature list.
 * @throws InvalidInputError for an unknown version, an empty stage, a corrupt file or stale features
 */
export async function loadModel(
  blobs: BlobStore,
  which: { version: string } | { stage: Stage },
): Promise<LoadedModel> {
  let version: string | null;
  if ('version' in which) version = which.version;
  else version = (await readStages(blobs)).doc[which.stage];
  if (version === null)
    throw new InvalidInputError(`No model in stage ${'stage' in which ? which.stage : ''}`);
  const manifest = await showVersion(blobs, version);
  if (
    manifest.featureNames.join(',') !== FEATURE_NAMES.join(',') ||
    manifest.target !== 'log-wh-over-level'
  ) {
    throw new InvalidInputError(
      `Model ${version} was trained on other features than this code builds`,
    );
  }
  const forests = new Map<number, Forest>();
  for (const s of manifest.segments) {
    forests.set(s.index, forestFromBytes(await readVersionFile(blobs, manifest, s.forestFile)));
  }
  const segments = parseStoredJson(
    await readVersionFile(blobs, manifest, manifest.centroidsFile),
    `${version}/${manifest.centroidsFile}`,
  ) as SegmentsDoc;
  const segmentOfCups = new Map<string, number>();
  const calibrations = new Map<number, IntervalCalibration>();
  for (const s of segments.segments) {
    for (const cups of s.cups) segmentOfCups.set(cups, s.index);
    if (s.calibration === undefined) {
      throw new InvalidInputError(`Model ${version} has no interval calibration: retrain it`);
    }
    calibrations.set(s.index, s.calibration);
  }
  return { manifest, forests, segments, segmentOfCups, calibrations };
}
