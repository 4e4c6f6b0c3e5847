import { type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { type SupplyPatch } from '../../ports.js';
import { type Supply } from '../../types.js';
import { NEW_SUPPLY_DEFAULTS, OVERWRITTEN_FIELDS } from '../supply-merge.js';
import { DUPLICATE_KEY, mapMongoError } from './errors.js';
import { bulkModify } from './readings.js';

/** A supply; first/last readings are absent (not null) while unknown, so $min/$max can widen. */
export type SupplyDoc = Omit<Supply, 'cups' | 'firstReading' | 'lastReading'> & {
  _id: string;
  firstReading?: Date;
  lastReading?: Date;
};

function fromSupplyDoc(d: SupplyDoc): Supply {
  const { _id, firstReading, lastReading, ...rest } = d;
  return {
    cups: _id,
    ...NEW_SUPPLY_DEFAULTS,
    ...rest,
    firstReading: firstReading ? firstReading.getTime() : null,
    lastReading: lastReading ? lastReading.getTime() : null,
  };
}

/**
 * The rules of mergeSupply (shared/adapters/supply-merge.ts) as one atomic update: $set for the
 * fields given, $min/$max for the reading bounds, $setOnInsert for the defaults of the others.
 */
function patchOp(patch: SupplyPatch): AnyBulkWriteOperation<SupplyDoc> {
  const set: Record<string, unknown> = {};
  const onInsert: Record<string, unknown> = {};
  for (const field of OVERWRITTEN_FIELDS) {
    if (patch[field] !== undefined) set[field] = patch[field];
    else onInsert[field] = NEW_SUPPLY_DEFAULTS[field];
  }
  const update: Record<string, Record<string, unknown>> = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (Object.keys(onInsert).length > 0) update.$setOnInsert = onInsert;
  if (patch.firstReading != null) update.$min = { firstReading: new Date(patch.firstReading) };
  if (patch.lastReading != null) update.$max = { lastReading: new Date(patch.lastReading) };
  return { updateOne: { filter: { _id: patch.cups }, update, upsert: true } };
}

/** Merges supply patches; a concurrent first insert of the same supply is retried once. */
export async function upsertSupplyDocs(
  col: Collection<SupplyDoc>,
  patches: readonly SupplyPatch[],
  updateChunk: number,
): Promise<void> {
  const ops = patches.map(patchOp);
  try {
    await bulkModify(col, ops, updateChunk);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== DUPLICATE_KEY) throw mapMongoError(error, 'upsert of supplies');
    // Every operation is idempotent, so replaying them all after the race is safe.
    await bulkModify(col, ops, updateChunk).catch((e: unknown) => {
      throw mapMongoError(e, 'upsert of supplies');
    });
  }
}

export async function findSupply(
  col: Collection<SupplyDoc>,
  cups: string,
): Promise<Supply | undefined> {
  const doc = await col.findOne({ _id: cups });
  return doc ? fromSupplyDoc(doc) : undefined;
}

export async function listSupplyDocs(col: Collection<SupplyDoc>): Promise<Supply[]> {
  return (await col.find().sort({ _id: 1 }).toArray()).map(fromSupplyDoc);
}
