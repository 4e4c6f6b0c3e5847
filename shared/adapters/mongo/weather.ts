import { type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { type UpsertCounts } from '../../ports.js';
import { type WeatherKind, type WeatherRow } from '../../types.js';
import { duplicateIndexes, mapMongoError, onlyDuplicateKeys } from './errors.js';
import { bulkModify, dateBound } from './readings.js';

/** One weather hour; `_id` is "<location>|<kind>|<hourEnd ms>|<issuedAt ms>". */
export type WeatherDoc = Omit<WeatherRow, 'hourEnd' | 'issuedAt'> & {
  _id: string;
  hourEnd: Date;
  issuedAt: Date;
};

function toWeatherDoc(w: WeatherRow): WeatherDoc {
  return {
    ...w,
    _id: `${w.location}|${w.kind}|${w.hourEnd}|${w.issuedAt}`,
    hourEnd: new Date(w.hourEnd),
    issuedAt: new Date(w.issuedAt),
  };
}

function fromWeatherDoc(d: WeatherDoc): WeatherRow {
  return {
    location: d.location,
    hourEnd: d.hourEnd.getTime(),
    kind: d.kind,
    issuedAt: d.issuedAt.getTime(),
    temperatureC: d.temperatureC,
    humidityPct: d.humidityPct,
    cloudPct: d.cloudPct,
    windMs: d.windMs,
    radiationWm2: d.radiationWm2,
    source: d.source,
  };
}

const VALUE_FIELDS = [
  'temperatureC',
  'humidityPct',
  'cloudPct',
  'windMs',
  'radiationWm2',
  'source',
] as const;

const sameValues = (a: WeatherDoc, b: WeatherDoc) => VALUE_FIELDS.every((f) => a[f] === b[f]);

/**
 * Upserts by key, insert-first like the readings: new keys are inserted unordered, the stored
 * ones (E11000) are read back and replaced only when a value differs, so an identical row counts
 * as unchanged. (FerretDB 1.24 reports an identical replaceOne as modified, hence the compare.)
 */
export async function upsertWeatherDocs(
  col: Collection<WeatherDoc>,
  rows: readonly WeatherRow[],
  updateChunk: number,
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, replaced: 0, unchanged: 0 };
  const byId = new Map<string, WeatherDoc>();
  for (const w of rows) {
    const doc = toWeatherDoc(w);
    // A key repeated in the batch counts against its previous row; the last row wins.
    const previous = byId.get(doc._id);
    if (previous) counts[sameValues(previous, doc) ? 'unchanged' : 'replaced']++;
    byId.set(doc._id, doc);
  }
  const docs = [...byId.values()];
  const existing = new Set<string>();
  try {
    if (docs.length > 0) await col.insertMany(docs, { ordered: false });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw mapMongoError(error, 'upsert of weather');
    for (const i of duplicateIndexes(error)) existing.add((docs[i] as WeatherDoc)._id);
  }
  counts.inserted = docs.length - existing.size;
  const ops: AnyBulkWriteOperation<WeatherDoc>[] = [];
  if (existing.size > 0) {
    for await (const stored of col.find({ _id: { $in: [...existing] } })) {
      const doc = byId.get(stored._id) as WeatherDoc;
      if (sameValues(stored, doc)) continue;
      const { _id, ...replacement } = doc;
      ops.push({ replaceOne: { filter: { _id }, replacement } });
    }
  }
  counts.replaced += ops.length;
  counts.unchanged += existing.size - ops.length;
  await bulkModify(col, ops, updateChunk);
  return counts;
}

export async function findWeather(
  col: Collection<WeatherDoc>,
  location: string,
  kind: WeatherKind,
  fromMs: number,
  toMs: number,
): Promise<WeatherRow[]> {
  const docs = await col
    .find({ location, kind, hourEnd: { $gt: dateBound(fromMs), $lte: dateBound(toMs) } })
    .sort({ hourEnd: 1, issuedAt: 1 })
    .toArray();
  return docs.map(fromWeatherDoc);
}
