/**
 * The fingerprint of what a forecast day's scoring read of that day (ScoredInputs): its readings
 * and each stage's forecast rows. The monitor scores a provisional or waiting day again only when
 * it changed: a reading added, a reading replaced by one of higher precedence (P5D by F5D, a later
 * file or version), or the day forecast again. One pass over rows the monitor reads anyway.
 */
import { createHash } from 'node:crypto';
import {
  type ForecastPrint,
  kindRank,
  type PredictionRow,
  type Reading,
  type ScoredInputs,
  SOURCE_KINDS,
  type SourceKind,
  STAGES,
} from '../types.js';

/** Numbers hashed at once. */
const BATCH = 16_384;
/** Hex digits of the SHA-256 kept (64 bits: a change detector, not a signature). */
const DIGEST_HEX = 16;

/** A SHA-256 over keyed runs of numbers: `key` starts a run (when it differs from the last). */
function createNumberHash() {
  const hash = createHash('sha256');
  const values = new Float64Array(BATCH);
  let held = 0;
  let last: string | undefined;
  const flush = () => {
    if (held === 0) return;
    hash.update(new Uint8Array(values.buffer, 0, held * Float64Array.BYTES_PER_ELEMENT));
    held = 0;
  };
  return {
    key(key: string): void {
      if (key === last) return;
      flush();
      hash.update(`${key}\n`);
      last = key;
    },
    push(value: number): void {
      values[held++] = value;
      if (held === BATCH) flush();
    },
    digest(): string {
      flush();
      return hash.copy().digest('hex').slice(0, DIGEST_HEX);
    },
  };
}

/** The readings part of a day's fingerprint, fed reading by reading. */
export interface ReadingsDigest {
  /** Adds one reading of the day, in store order (by CUPS, then hour end). */
  add(r: Reading): void;
  /** The readings' part of ScoredInputs (every reading added so far). */
  result(): Omit<ScoredInputs, 'forecasts'>;
}

/**
 * A digest of a day's readings: counts per kind, the newest upload and a SHA-256 over each
 * reading's CUPS, hour end, Wh, kind, file date, version and upload (the same readings in the same
 * order give the same digest; a replaced value or provenance, or an added reading, changes it).
 * @example
 *   const d = createReadingsDigest();
 *   for await (const r of store.readingsBetween(from, to)) d.add(r);
 *   d.result(); // { readings: 24, kinds: { P5D: 24 }, newestUploadedAt, digest: '3f9c…' }
 */
export function createReadingsDigest(): ReadingsDigest {
  const hash = createNumberHash();
  let readings = 0;
  let newestUploadedAt = 0;
  const kinds: Partial<Record<SourceKind, number>> = {};
  return {
    add(r) {
      hash.key(r.cups);
      hash.push(r.hourEnd);
      hash.push(r.wh);
      hash.push(kindRank(r.kind));
      hash.push(r.fileDate);
      hash.push(r.version);
      hash.push(r.uploadedAt);
      readings++;
      kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      if (r.uploadedAt > newestUploadedAt) newestUploadedAt = r.uploadedAt;
    },
    result() {
      return { readings, kinds: { ...kinds }, newestUploadedAt, digest: hash.digest() };
    },
  };
}

/** One stage's forecast of a day as its fingerprint, fed row by row. */
export interface ForecastDigest {
  /** Adds one prediction row of the day, in store order (by CUPS, then hour end). */
  add(row: PredictionRow): void;
  result(): ForecastPrint;
}

/**
 * A digest of one stage's forecast of a day: its rows, the runs they came from and a SHA-256
 * over each row's CUPS, model version, run, issue, hour end, Wh, p10 and p90.
 */
export function createForecastDigest(): ForecastDigest {
  const hash = createNumberHash();
  const runIds = new Set<string>();
  let rows = 0;
  return {
    add(row) {
      hash.key(`${row.cups} ${row.modelVersion} ${row.runId} ${row.issuedAt}`);
      hash.push(row.hourEnd);
      hash.push(row.wh);
      hash.push(row.p10);
      hash.push(row.p90);
      runIds.add(row.runId);
      rows++;
    },
    result() {
      return { rows, runIds: [...runIds].sort(), digest: hash.digest() };
    },
  };
}

/**
 * Whether a day's inputs are those an earlier scoring recorded: the same readings (count per
 * kind, newest upload, digest) and, per stage, the same forecast rows, runs and digest. False
 * without an earlier fingerprint (a report stored before fingerprints were kept).
 */
export function sameInputs(earlier: ScoredInputs | undefined, now: ScoredInputs): boolean {
  if (earlier === undefined) return false;
  if (
    earlier.readings !== now.readings ||
    earlier.newestUploadedAt !== now.newestUploadedAt ||
    earlier.digest !== now.digest
  ) {
    return false;
  }
  for (const kind of SOURCE_KINDS) {
    if ((earlier.kinds[kind] ?? 0) !== (now.kinds[kind] ?? 0)) return false;
  }
  for (const stage of STAGES) {
    const a = earlier.forecasts[stage];
    const b = now.forecasts[stage];
    if (a === undefined || b === undefined) {
      if (a !== b) return false;
    } else if (
      a.rows !== b.rows ||
      a.digest !== b.digest ||
      a.runIds.join('\n') !== b.runIds.join('\n')
    ) {
      return false;
    }
  }
  return true;
}
