import { type Collection } from 'mongodb';
import { type RunPatch } from '../../ports.js';
import { type BatchRecord, type RunKey, type RunRecord, type RunStatus } from '../../types.js';
import { DUPLICATE_KEY, mapMongoError } from './errors.js';

/** A run record; `_id` is "<kind>|<day>|<stage>". */
export type RunDoc = RunRecord & { _id: string };
/** A batch record; `_id` is "<runId>|<batch>". */
export type BatchDoc = BatchRecord & { _id: string };

export const RUN_BATCH_INDEXES = [
  { key: { runId: 1, batch: 1 }, name: 'runId_1_batch_1' },
] as const;

const runId = (key: RunKey) => `${key.kind}|${key.day}|${key.stage}`;

function isDuplicate(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error
    ? (error as { code: unknown }).code === DUPLICATE_KEY
    : false;
}

function strip<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id, ...rest } = doc;
  return rest;
}

/** Claims of run status transitions: `_id` is "<run key>|<runId>|<status left>". */
export type ClaimDoc = { _id: string };

/** Runs and batch records; a status transition is won by inserting its claim (see update). */
export function mongoRuns(
  runs: Collection<RunDoc>,
  batches: Collection<BatchDoc>,
  claims: Collection<ClaimDoc>,
) {
  return {
    /** Insert-first, then replace only an earlier-planned run of another id (see RunStore). */
    async start(run: RunRecord): Promise<{ run: RunRecord; created: boolean }> {
      const _id = runId(run);
      try {
        await runs.insertOne({ _id, ...run });
        return { run, created: true };
      } catch (error) {
        if (!isDuplicate(error)) throw mapMongoError(error, 'insert of runs');
      }
      const replaced = await runs.replaceOne(
        { _id, runId: { $ne: run.runId }, plannedAt: { $lt: run.plannedAt } },
        run,
      );
      if (replaced.matchedCount === 1) return { run, created: true };
      const held = await runs.findOne({ _id });
      return { run: held === null ? run : strip(held), created: held === null };
    },
    async get(key: RunKey): Promise<RunRecord | undefined> {
      const held = await runs.findOne({ _id: runId(key) });
      return held === null ? undefined : strip(held);
    },
    /**
     * A status change first claims "leaving `from`" for this run id by inserting a claim document
     * (its _id unique): FerretDB 1.x does not make a filtered updateOne atomic under concurrency
     * (two callers both matched in the contract test), while a duplicate-key insert is refused
     * everywhere. Updates that keep the status need no claim.
     */
    async update(key: RunKey, id: string, from: RunStatus, patch: RunPatch): Promise<boolean> {
      const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      if (patch.status !== undefined && patch.status !== from) {
        try {
          await claims.insertOne({ _id: `${runId(key)}|${id}|${from}` });
        } catch (error) {
          if (isDuplicate(error)) return false;
          throw mapMongoError(error, 'claim of a run transition');
        }
      }
      const result = await runs.updateOne(
        { _id: runId(key), runId: id, status: from },
        { $set: set },
      );
      return result.matchedCount === 1;
    },
    /** Insert-first; a done record then replaces a failed one, and nothing else. */
    async recordBatch(record: BatchRecord): Promise<boolean> {
      const _id = `${record.runId}|${record.batch}`;
      try {
        await batches.insertOne({ _id, ...record });
        return true;
      } catch (error) {
        if (!isDuplicate(error)) throw mapMongoError(error, 'insert of run batches');
      }
      if (record.status !== 'done') return false;
      const result = await batches.replaceOne({ _id, status: 'failed' }, record);
      return result.matchedCount === 1;
    },
    async getBatch(id: string, batch: number): Promise<BatchRecord | undefined> {
      const held = await batches.findOne({ _id: `${id}|${batch}` });
      return held === null ? undefined : strip(held);
    },
    async countBatches(id: string): Promise<{ done: number; failed: number }> {
      const [done, failed] = await Promise.all([
        batches.countDocuments({ runId: id, status: 'done' }),
        batches.countDocuments({ runId: id, status: 'failed' }),
      ]);
      return { done, failed };
    },
    async listBatches(id: string): Promise<BatchRecord[]> {
      const docs = await batches.find({ runId: id }).sort({ batch: 1 }).toArray();
      return docs.map(strip);
    },
  };
}
