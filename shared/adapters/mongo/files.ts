import { type Collection, MongoServerError } from 'mongodb';
import { type FileRecord } from '../../types.js';
import { DUPLICATE_KEY } from './errors.js';

/** A ledger entry; the key is an embedded document, so sorting by _id is (bucket, object, generation). */
export type FileDoc = Omit<FileRecord, 'bucket' | 'object' | 'generation' | 'updatedAt'> & {
  _id: { b: string; o: string; g: string };
  updatedAt: Date;
};

const fileId = (bucket: string, object: string, generation: string) => ({
  b: bucket,
  o: object,
  g: generation,
});

function fromFileDoc(d: FileDoc): FileRecord {
  const { _id, updatedAt, ...rest } = d;
  return {
    bucket: _id.b,
    object: _id.o,
    generation: _id.g,
    ...rest,
    updatedAt: updatedAt.getTime(),
  };
}

/** The files ledger over one collection. */
export function mongoFiles(col: Collection<FileDoc>) {
  return {
    async get(bucket: string, object: string, generation: string) {
      const doc = await col.findOne({ _id: fileId(bucket, object, generation) });
      return doc ? fromFileDoc(doc) : undefined;
    },
    async findDoneBySha(sha256: string) {
      const [doc] = await col
        .find({ sha256, status: 'done' })
        .sort({ updatedAt: -1, _id: -1 })
        .limit(1)
        .toArray();
      return doc ? fromFileDoc(doc) : undefined;
    },
    async put(r: FileRecord) {
      const { bucket, object, generation, updatedAt, ...rest } = r;
      const _id = fileId(bucket, object, generation);
      const doc = { ...rest, updatedAt: new Date(updatedAt) };
      // Two writers upserting a new key at once: one inserts, the other meets a duplicate key
      // and, on its second try, finds the document to replace.
      for (let attempt = 1; ; attempt++) {
        try {
          await col.replaceOne({ _id }, doc, { upsert: true });
          return;
        } catch (error: unknown) {
          const duplicate = error instanceof MongoServerError && error.code === DUPLICATE_KEY;
          if (!duplicate || attempt === 3) throw error;
        }
      }
    },
    async list() {
      return (await col.find().sort({ _id: 1 }).toArray()).map(fromFileDoc);
    },
  };
}
