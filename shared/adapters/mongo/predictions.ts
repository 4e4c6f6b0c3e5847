import { type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { InvalidInputError } from '../../errors.js';
import {
  FALLBACK_REASONS,
  type FallbackReason,
  type PredictionRow,
  type Stage,
  type SupplyDayPrediction,
} from '../../types.js';
import { duplicateIndexes, mapMongoError, onlyDuplicateKeys } from './errors.js';

/**
 * One supply-day of one stage: `_id` is "<cups>|<day>" and the day's hours are an array inside.
 * MongoDB and FerretDB replace one document atomically without a transaction, so a re-run can
 * never leave a supply-day holding hours of two runs; rows are still keyed by (cups, hourEnd),
 * one document per (cups, local day) holding its 23, 24 or 25 hours.
 */
export interface PredictionDoc {
  _id: string;
  cups: string;
  day: string;
  modelVersion: string;
  runId: string;
  issuedAt: Date;
  hours: { h: Date; wh: number; p10: number; p90: number; fb: FallbackReason | null }[];
}

/** Indexes of a stage collection: one day of the stage, and one supply over days. */
export const PREDICTION_INDEXES = [
  { key: { day: 1, cups: 1 }, name: 'day_1_cups_1' },
  { key: { cups: 1, day: 1 }, name: 'cups_1_day_1' },
] as const;

function toDoc(d: SupplyDayPrediction): PredictionDoc {
  return {
    _id: `${d.cups}|${d.day}`,
    cups: d.cups,
    day: d.day,
    modelVersion: d.modelVersion,
    runId: d.runId,
    issuedAt: new Date(d.issuedAt),
    hours: d.hours.map((h) => ({
      h: new Date(h.hourEnd),
      wh: h.wh,
      p10: h.p10,
      p90: h.p90,
      fb: h.fallback,
    })),
  };
}

function toRows(stage: Stage, d: PredictionDoc): PredictionRow[] {
  return d.hours
    .map((h) => {
      if (h.fb !== null && !FALLBACK_REASONS.includes(h.fb)) {
        throw new InvalidInputError(`Stored prediction has unknown fallback "${String(h.fb)}"`);
      }
      return {
        stage,
        cups: d.cups,
        day: d.day,
        hourEnd: h.h.getTime(),
        wh: h.wh,
        p10: h.p10,
        p90: h.p90,
        modelVersion: d.modelVersion,
        runId: d.runId,
        issuedAt: d.issuedAt.getTime(),
        fallback: h.fb,
      };
    })
    .sort((a, b) => a.hourEnd - b.hourEnd);
}

/**
 * Insert-first, FerretDB-safe (no upsert that can meet a duplicate key): new supply-days are
 * inserted unordered; those already stored are replaced whole, conditionally on not having been
 * issued later, in update commands of at most `updateChunk` operations.
 */
export async function replacePredictionDocs(
  col: Collection<PredictionDoc>,
  days: readonly SupplyDayPrediction[],
  updateChunk: number,
): Promise<{ written: number; keptNewer: number }> {
  const byId = new Map<string, PredictionDoc>();
  for (const d of days) {
    const doc = toDoc(d);
    const held = byId.get(doc._id);
    if (held === undefined || held.issuedAt <= doc.issuedAt) byId.set(doc._id, doc);
  }
  const docs = [...byId.values()];
  const existing: PredictionDoc[] = [];
  try {
    if (docs.length > 0) await col.insertMany(docs, { ordered: false });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw mapMongoError(error, 'insert of predictions');
    for (const i of duplicateIndexes(error)) existing.push(docs[i] as PredictionDoc);
  }
  const ops: AnyBulkWriteOperation<PredictionDoc>[] = existing.map(({ _id, ...replacement }) => ({
    replaceOne: { filter: { _id, issuedAt: { $lte: replacement.issuedAt } }, replacement },
  }));
  let matched = 0;
  try {
    for (let i = 0; i < ops.length; i += updateChunk) {
      const result = await col.bulkWrite(ops.slice(i, i + updateChunk), { ordered: false });
      matched += result.matchedCount;
    }
  } catch (error) {
    throw mapMongoError(error, 'replace of predictions');
  }
  const kept = existing.length - matched;
  return { written: days.length - kept, keptNewer: kept };
}

/** Every row of one day of a stage, by cups then hourEnd. */
export async function* streamDayPredictions(
  col: Collection<PredictionDoc>,
  stage: Stage,
  day: string,
): AsyncGenerator<PredictionRow> {
  const cursor = col.find({ day }).sort({ cups: 1 }).batchSize(1000);
  try {
    for await (const doc of cursor) yield* toRows(stage, doc);
  } catch (error) {
    throw mapMongoError(error, 'read of predictions');
  } finally {
    await cursor.close();
  }
}

/** The rows of one supply over days fromDay..toDay, by hourEnd. */
export async function findSupplyPredictions(
  col: Collection<PredictionDoc>,
  stage: Stage,
  cups: string,
  fromDay: string,
  toDay: string,
): Promise<PredictionRow[]> {
  const docs = await col
    .find({ cups, day: { $gte: fromDay, $lte: toDay } })
    .sort({ day: 1 })
    .toArray();
  return docs.flatMap((d) => toRows(stage, d));
}
