import { type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { InvalidInputError } from '../../errors.js';
import { type UpsertCounts } from '../../ports.js';
import { type Reading, SOURCE_KINDS, type SourceKind } from '../../types.js';
import { precedenceKey, sameContent } from '../precedence.js';
import { duplicateIndexes, mapMongoError, onlyDuplicateKeys } from './errors.js';

/**
 * One reading. `_id` is "<cups>:<hourEnd ms>"; `p` is precedenceKey() (a fixed-width string whose
 * order is the precedence), so "replace only if higher" is the filter {_id, p: {$lt: P}}.
 */
export interface ReadingDoc {
  _id: string;
  c: string;
  h: Date;
  wh: number;
  x: number | null;
  k: SourceKind;
  d: number;
  v: number;
  m: number | null;
  f: boolean | null;
  /** Upload instant of the file generation, UTC ms (absent on documents written before it). */
  u?: number;
  /** Generation date (YYYYMMDD) of the earliest file that carried the hour (absent: use d). */
  n?: number;
  p: string;
}

/** Builds the stored document of a reading. @throws InvalidInputError on a bad hourEnd or rank. */
export function toReadingDoc(r: Reading): ReadingDoc {
  if (!Number.isSafeInteger(r.hourEnd)) {
    throw new InvalidInputError(`Reading hourEnd ${r.hourEnd} is not an integer ms instant`);
  }
  return {
    _id: `${r.cups}:${r.hourEnd}`,
    c: r.cups,
    h: new Date(r.hourEnd),
    wh: r.wh,
    x: r.exportWh,
    k: r.kind,
    d: r.fileDate,
    v: r.version,
    m: r.method,
    f: r.firm,
    u: r.uploadedAt,
    n: r.knownDate ?? r.fileDate,
    p: precedenceKey(r),
  };
}

function fromReadingDoc(d: ReadingDoc): Reading {
  if (!SOURCE_KINDS.includes(d.k)) throw new InvalidInputError(`Stored reading has kind ${d.k}`);
  return {
    cups: d.c,
    hourEnd: d.h.getTime(),
    wh: d.wh,
    exportWh: d.x,
    kind: d.k,
    fileDate: d.d,
    version: d.v,
    method: d.m,
    firm: d.f,
    uploadedAt: d.u ?? 0,
    knownDate: d.n ?? d.d,
  };
}

/** Clamps a ms bound into the range a BSON Date can hold. */
export const dateBound = (ms: number) => new Date(Math.max(-8.64e15, Math.min(8.64e15, ms)));

/** Writes `ops` as unordered bulk writes of at most `chunk` operations; returns modifiedCount. */
export async function bulkModify<T extends object>(
  col: Collection<T>,
  ops: AnyBulkWriteOperation<T>[],
  chunk: number,
): Promise<number> {
  let modified = 0;
  for (let i = 0; i < ops.length; i += chunk) {
    const result = await col.bulkWrite(ops.slice(i, i + chunk), { ordered: false });
    modified += result.modifiedCount;
  }
  return modified;
}

/** A stored document in the comparable shape: its precedence key, what it says, when known. */
type Held = Pick<ReadingDoc, 'p' | 'k' | 'd' | 'v' | 'wh' | 'x' | 'm' | 'f' | 'n'>;

const contentOf = (d: Held) => ({
  kind: d.k,
  fileDate: d.d,
  version: d.v,
  wh: d.wh,
  exportWh: d.x,
  method: d.m,
  firm: d.f,
});

/**
 * Insert-first upsert, FerretDB-safe (no upsert that can hit a duplicate key, whose error aborts
 * a whole update command there): insert each key's best reading unordered; the keys that were
 * already stored fail with E11000, so read them with one $in query and replace only the lower
 * ones, with the conditional filter still guarding against concurrent writers. Counts follow
 * applying the batch in order: the first reading of a new key is inserted, later ones replace
 * only when strictly higher; a higher one with the same content refreshes the provenance and
 * counts as unchanged. The date the hour was first known only ever decreases ($min), whichever
 * file's value is kept.
 */
export async function upsertReadingDocs(
  col: Collection<ReadingDoc>,
  readings: readonly Reading[],
  updateChunk: number,
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, replaced: 0, unchanged: 0 };
  const byId = new Map<string, ReadingDoc[]>();
  for (const r of readings) {
    const doc = toReadingDoc(r);
    const list = byId.get(doc._id);
    if (list) list.push(doc);
    else byId.set(doc._id, [doc]);
  }
  const earliest = (docs: readonly ReadingDoc[]) => Math.min(...docs.map((d) => d.n ?? d.d));
  const best = [...byId.values()].map((docs) => ({
    ...docs.reduce((a, b) => (b.p > a.p ? b : a)),
    n: earliest(docs),
  }));
  const existing = new Set<string>();
  try {
    if (best.length > 0) await col.insertMany(best, { ordered: false });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw mapMongoError(error, 'insert of readings');
    for (const i of duplicateIndexes(error)) existing.add((best[i] as ReadingDoc)._id);
  }
  const stored = new Map<string, Held>();
  if (existing.size > 0) {
    const projection = { p: 1, k: 1, d: 1, v: 1, wh: 1, x: 1, m: 1, f: 1, n: 1 };
    const cursor = col.find({ _id: { $in: [...existing] } }, { projection });
    for await (const d of cursor) stored.set(d._id, d);
  }
  const replaces: AnyBulkWriteOperation<ReadingDoc>[] = [];
  const refreshes: AnyBulkWriteOperation<ReadingDoc>[] = [];
  const earlier: AnyBulkWriteOperation<ReadingDoc>[] = [];
  for (const [id, docs] of byId) {
    const before = existing.has(id) ? stored.get(id) : undefined;
    let current: Held | undefined = before;
    for (const doc of docs) {
      if (current === undefined) counts.inserted++;
      else if (doc.p <= current.p) counts.unchanged++;
      else if (sameContent(contentOf(doc), contentOf(current))) counts.unchanged++;
      else counts.replaced++;
      if (current === undefined || doc.p > current.p) current = doc;
    }
    if (before === undefined || current === undefined) continue;
    if (current.p > before.p) {
      const { _id, n: _known, ...fields } = current as ReadingDoc;
      const op = { updateOne: { filter: { _id, p: { $lt: fields.p } }, update: { $set: fields } } };
      if (sameContent(contentOf(current), contentOf(before))) refreshes.push(op);
      else replaces.push(op);
    }
    // Whichever value is kept (here, or by a concurrent writer), the earlier date holds.
    const known = earliest(docs);
    if (known < (before.n ?? before.d)) {
      earlier.push({ updateOne: { filter: { _id: id }, update: { $min: { n: known } } } });
    }
  }
  try {
    // A conditional update that matched nothing lost to a concurrent higher write.
    const lost = replaces.length - (await bulkModify(col, replaces, updateChunk));
    counts.replaced -= lost;
    counts.unchanged += lost;
    await bulkModify(col, refreshes, updateChunk);
    await bulkModify(col, earlier, updateChunk);
  } catch (error) {
    throw mapMongoError(error, 'update of readings');
  }
  return counts;
}

/** Readings of one supply with fromMs < hourEnd <= toMs, ascending. */
export async function findReadings(
  col: Collection<ReadingDoc>,
  cups: string,
  fromMs: number,
  toMs: number,
): Promise<Reading[]> {
  const docs = await col
    .find({ c: cups, h: { $gt: dateBound(fromMs), $lte: dateBound(toMs) } })
    .sort({ h: 1 })
    .toArray();
  return docs.map(fromReadingDoc);
}

/** Streams every reading with fromMs < hourEnd <= toMs, by cups then hourEnd. */
export async function* streamReadings(
  col: Collection<ReadingDoc>,
  fromMs: number,
  toMs: number,
): AsyncGenerator<Reading> {
  const cursor = col
    .find({ h: { $gt: dateBound(fromMs), $lte: dateBound(toMs) } })
    .sort({ c: 1, h: 1 })
    .batchSize(5000);
  try {
    for await (const doc of cursor) yield fromReadingDoc(doc);
  } finally {
    await cursor.close();
  }
}
