import { afterAll, describe, expect, it } from 'vitest';
import { batchRecord, runRecord } from '../helpers/forecast-records.js';
import { cleanUpStores, STORE_ADAPTERS } from '../helpers/store-adapters.js';

for (const { name, skip } of STORE_ADAPTERS) {
  if (skip) console.warn(`Runs contract over ${name} skipped: ${skip}`);
}

afterAll(cleanUpStores);

describe.each(STORE_ADAPTERS)('Runs contract over $name', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('run records', () => {
    it('creates a run once: re-planning the same run id returns the stored record', async () => {
      const store = await adapter.open();

      const first = await store.startRun(runRecord());
      const again = await store.startRun(runRecord({ batchesPlanned: 99, plannedAt: 1e13 }));

      expect(first).toEqual({ run: runRecord(), created: true });
      expect(again).toEqual({ run: runRecord(), created: false });
      expect(await store.getRun({ kind: 'forecast', day: '2024-03-31', stage: 'prod' })).toEqual(
        runRecord(),
      );
      expect(await store.getRun({ kind: 'forecast', day: '2024-03-31', stage: 'pre' })).toBe(
        undefined,
      );
    });

    it('lets a later-planned run replace the record and refuses an earlier-planned one', async () => {
      const store = await adapter.open();
      const a = runRecord({ runId: 'a', plannedAt: 1000 });
      const b = runRecord({ runId: 'b', plannedAt: 2000 });
      const stale = runRecord({ runId: 'c', plannedAt: 1500 });
      await store.startRun(a);

      const rerun = await store.startRun(b);
      const late = await store.startRun(stale);

      expect(rerun).toEqual({ run: b, created: true });
      expect(late).toEqual({ run: b, created: false });
      expect((await store.getRun(a))?.runId).toBe('b');
    });

    it('applies a transition once among concurrent callers, and only for its run id', async () => {
      const store = await adapter.open();
      await store.startRun(runRecord());
      const patch = { status: 'complete' as const, batchesDone: 3, completedAt: 77 };

      const results = await Promise.all(
        [1, 2, 3, 4].map(() => store.updateRun(runRecord(), 'run-a', 'running', patch)),
      );
      const otherRun = await store.updateRun(runRecord(), 'run-z', 'complete', { notified: true });
      const notified = await store.updateRun(runRecord(), 'run-a', 'complete', { notified: true });

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(otherRun).toBe(false);
      expect(notified).toBe(true);
      expect(await store.getRun(runRecord())).toEqual(runRecord({ ...patch, notified: true }));
    });

    it('lets exactly one of a close and a failure win, round after round', async () => {
      const store = await adapter.open();
      const winners: string[] = [];
      for (let round = 0; round < 6; round++) {
        const run = runRecord({ day: `2024-04-0${round + 1}` });
        await store.startRun(run);

        const [closed, failed] = await Promise.all([
          store.updateRun(run, 'run-a', 'running', { status: 'complete' }),
          store.updateRun(run, 'run-a', 'running', { status: 'failed', error: 'model missing' }),
        ]);

        expect(Number(closed) + Number(failed)).toBe(1);
        const held = await store.getRun(run);
        expect(held?.status).toBe(closed ? 'complete' : 'failed');
        winners.push(held?.status ?? '');
      }
      expect(winners).toHaveLength(6);
    });

    it('keeps nested fields whole through an update', async () => {
      const store = await adapter.open();
      await store.startRun(runRecord());
      const fallbacks = { 'new-supply': 2, 'weather-climatology': 5 };
      const timings = { planMs: 1, loadMs: 2, modelMs: 3, writeMs: 4, batchMaxMs: 5, wallMs: 6 };

      await store.updateRun(runRecord(), 'run-a', 'running', {
        status: 'failed',
        error: 'No model version "v9"',
        fallbacks,
        timings,
        unforecast: { 'batch dead-lettered': 2 },
      });

      expect(await store.getRun(runRecord())).toEqual(
        runRecord({
          status: 'failed',
          error: 'No model version "v9"',
          fallbacks,
          timings,
          unforecast: { 'batch dead-lettered': 2 },
        }),
      );
    });
  });

  describe.skipIf(adapter.skip !== undefined)('batch records', () => {
    it('records a batch once, lets done replace failed but not the reverse, and counts', async () => {
      const store = await adapter.open();
      const failed = batchRecord({ batch: 1, status: 'failed', error: 'dead-lettered' });

      const results = [
        await store.recordBatch(batchRecord({ batch: 2 })),
        await store.recordBatch(batchRecord({ batch: 2, rows: 1 })),
        await store.recordBatch(failed),
        await store.recordBatch(batchRecord({ batch: 0, status: 'failed' })),
      ];
      const countsBefore = await store.countBatches('run-a');
      const upgraded = await store.recordBatch(batchRecord({ batch: 1 }));
      const downgraded = await store.recordBatch(failed);

      expect(results).toEqual([true, false, true, true]);
      expect(countsBefore).toEqual({ done: 1, failed: 2 });
      expect([upgraded, downgraded]).toEqual([true, false]);
      expect(await store.countBatches('run-a')).toEqual({ done: 2, failed: 1 });
      expect(await store.listBatches('run-a')).toEqual([
        batchRecord({ batch: 0, status: 'failed' }),
        batchRecord({ batch: 1 }),
        batchRecord({ batch: 2 }),
      ]);
      expect(await store.getBatch('run-a', 1)).toEqual(batchRecord({ batch: 1 }));
      expect(await store.getBatch('run-a', 3)).toBeUndefined();
      expect(await store.listBatches('run-b')).toEqual([]);
      expect(await store.countBatches('run-b')).toEqual({ done: 0, failed: 0 });
    });

    it('keeps one record when the same batch is recorded concurrently', async () => {
      const store = await adapter.open();

      const results = await Promise.all(
        [0, 1, 2].map((i) => store.recordBatch(batchRecord({ batch: 4, rows: i }))),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.listBatches('run-a')).toHaveLength(1);
    });
  });
});
