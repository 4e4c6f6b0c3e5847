import { InvalidInputError } from '../errors.js';
import { type BlobStore } from '../ports.js';
import { readVersionFile, showVersion } from './registry.js';

/** Name of the raw reference sample file inside a version folder. */
export const REFERENCE_FILE = 'reference.json';

/** The day categories whose mix is compared: Monday–Friday working days (bridges included), Saturdays, Sundays and public holidays. */
export const DAY_MIX = ['working', 'saturday', 'sunday-holiday'] as const;
export type DayMix = (typeof DAY_MIX)[number];

/**
 * The raw inputs a model version was trained on, kept so that monitoring can test a recent window
 * against them with two-sample tests (deciles alone cannot give a KS statistic). Bounded in size:
 * at most `maxPerColumn` values per continuous column, a seeded sample of the training rows pooled
 * over segments in proportion to their supplies.
 */
export interface ReferenceSamples {
  schemaVersion: 1;
  version: string;
  /** The seed the rows were drawn with (the training seed; each segment adds its index). */
  seed: number;
  maxPerColumn: number;
  /** Raw finite values of each watched continuous input (feature column or levelWh). */
  continuous: Record<string, number[]>;
  /** Days of the training window per day category (national holidays). */
  dayMix: Record<DayMix, number>;
  /** Supplies per segment at training, keyed by segment index. */
  segments: Record<string, number>;
  /** First and last local day of the training window. */
  window: { first: string; last: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isCounts = (v: unknown): v is Record<string, number> =>
  isRecord(v) && Object.values(v).every((c) => typeof c === 'number' && c >= 0);

/**
 * Checks the shape of a parsed reference.json.
 * @throws InvalidInputError naming what is wrong
 */
export function parseReferenceSamples(value: unknown, what: string): ReferenceSamples {
  const problems: string[] = [];
  const v = isRecord(value) ? value : {};
  if (!isRecord(value)) problems.push('not an object');
  else if (v.schemaVersion !== 1)
    problems.push(`unknown schema version ${String(v.schemaVersion)}`);
  else {
    if (typeof v.version !== 'string') problems.push('version is not a string');
    if (!isRecord(v.continuous)) problems.push('continuous is not an object');
    else {
      for (const [name, values] of Object.entries(v.continuous)) {
        if (!Array.isArray(values) || !values.every((x) => typeof x === 'number')) {
          problems.push(`continuous.${name} is not an array of numbers`);
        }
      }
    }
    if (!isCounts(v.dayMix) || !DAY_MIX.every((d) => d in (v.dayMix as object))) {
      problems.push(`dayMix must count ${DAY_MIX.join(', ')}`);
    }
    if (!isCounts(v.segments)) problems.push('segments must be counts per segment');
    if (!isRecord(v.window)) problems.push('window is missing');
  }
  if (problems.length > 0) {
    throw new InvalidInputError(`${what} is not a reference sample: ${problems.join('; ')}`);
  }
  return value as unknown as ReferenceSamples;
}

/**
 * The raw reference samples stored with a version, or undefined for a version registered before
 * they were kept (its manifest lists no reference.json).
 * @throws InvalidInputError for an unknown version, a file failing its checksum or a bad shape
 */
export async function readReferenceSamples(
  blobs: BlobStore,
  version: string,
): Promise<ReferenceSamples | undefined> {
  const manifest = await showVersion(blobs, version);
  if (!manifest.files.some((f) => f.name === REFERENCE_FILE)) return undefined;
  const bytes = await readVersionFile(blobs, manifest, REFERENCE_FILE);
  const what = `Model ${version} ${REFERENCE_FILE}`;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error: unknown) {
    throw new InvalidInputError(`${what} is not JSON`, { cause: error });
  }
  return parseReferenceSamples(value, what);
}
