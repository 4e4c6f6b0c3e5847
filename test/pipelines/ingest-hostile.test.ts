/**
 * What a careful, hostile user tries against ingestion, over every store adapter: far conflicts,
 * files edited under the same name, a byte-order mark, implausible values, failures that a retry
 * cures, and concurrent ingesters of the same or identical files.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TransientError } from '../../shared/errors.js';
import { ingestMeterFile, quarantinePath } from '../../shared/pipelines/ingest.js';
import { type BlobStore, type Store } from '../../shared/ports.js';
import { crashingStore, memoryIngest } from '../helpers/ingest-deps.js';
import { meterFileText, testCups } from '../helpers/meter-files.js';
import { all, cleanUpStores, STORE_ADAPTERS } from '../helpers/store-adapters.js';

afterAll(cleanUpStores);

const T0 = Date.UTC(2024, 0, 31, 23);
const NAME = 'F5D_0021_0762_20240301.0';
const line = (supply: number, hour: string, wh: number) =>
  `${testCups(supply)};2024/02/01 ${hour};0;${wh};;;;;;1;1;I;`;
const table = async (store: Store) =>
  (await all(store)).map((r) => `${r.cups}|${r.hourEnd}|${r.wh}|${r.kind}|${r.version}`);

describe.each(STORE_ADAPTERS)('ingestMeterFile over $name: hostile input', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('what the file says', () => {
    it('refuses both sides of a far conflict and stores neither value', async () => {
      const store = await adapter.open();
      const { deps, upload, report } = memoryIngest(store);
      const text = [line(1, '01:00', 100), line(2, '01:00', 5), line(1, '01:00', 200)].join('\n');

      const result = await ingestMeterFile(upload(NAME, text), deps);

      expect(result).toMatchObject({ status: 'ingested', readings: 1, rejected: 2 });
      expect((await all(store)).map((r) => [r.cups, r.wh])).toEqual([[testCups(2), 5]]);
      const lines = (await report(result.quarantine)).lines.map((l: { line: number }) => l.line);
      expect(lines.sort()).toEqual([1, 3]);
    });

    it('reads a file that starts with a UTF-8 byte-order mark', async () => {
      const store = await adapter.open();
      const { deps, upload } = memoryIngest(store);
      const text = `\xEF\xBB\xBF${meterFileText('F5D', [1], T0, 24, () => 5)}`;

      const result = await ingestMeterFile(upload(NAME, text), deps);

      expect(result).toMatchObject({ status: 'ingested', readings: 24, rejected: 0 });
    });

    it('refuses an implausible Wh as implausible, naming file, line and field', async () => {
      const store = await adapter.open();
      const { deps, upload, report } = memoryIngest(store, { maxReadingWh: 1_000_000 });
      const text = [line(1, '01:00', 100), line(1, '02:00', 2_000_000)].join('\n');

      const result = await ingestMeterFile(upload(NAME, text), deps);

      expect(result).toMatchObject({ readings: 1, rejected: 1 });
      expect((await report(result.quarantine)).lines).toEqual([
        {
          file: NAME,
          line: 2,
          field: 'activeImportWh',
          reason: '2000000 Wh in one hour is implausible (more than 1000000 Wh)',
        },
      ]);
    });

    it('lets the later upload of a file edited under its name win, reported as replaced', async () => {
      const store = await adapter.open();
      const { deps, upload } = memoryIngest(store);
      const first = meterFileText('F5D', [1], T0, 24, (_, h) => (h === 3 ? 101 : 7));
      const edited = meterFileText('F5D', [1], T0, 24, (_, h) => (h === 3 ? 51 : 7));

      await ingestMeterFile(upload(NAME, first), deps);
      const again = await ingestMeterFile(upload(NAME, edited), deps);

      expect(again).toMatchObject({ status: 'ingested', replaced: 1, unchanged: 23, inserted: 0 });
      expect((await all(store))[3]?.wh).toBe(51);
    });

    it('says an identical re-upload duplicates the first, with no new reading', async () => {
      const store = await adapter.open();
      const { deps, upload } = memoryIngest(store);
      const text = meterFileText('F5D', [1], T0, 24, () => 5);
      const first = upload(NAME, text);

      await ingestMeterFile(first, deps);
      const again = await ingestMeterFile(upload(NAME, text), deps);

      expect(again).toMatchObject({ status: 'duplicate', inserted: 0, replaced: 0, unchanged: 24 });
      expect(again.message).toBe(`identical to raw/${NAME}#${first.generation}, already ingested`);
    });

    it('keeps one quarantine report per generation of an object', async () => {
      const store = await adapter.open();
      const { deps, upload, report } = memoryIngest(store);
      const a = upload(NAME, [line(1, '01:00', 1), 'bad'].join('\n'));
      const b = upload(NAME, [line(1, '01:00', 1), 'bad', 'worse'].join('\n'));

      const ra = await ingestMeterFile(a, deps);
      const rb = await ingestMeterFile(b, deps);

      expect(ra.quarantine).toBe(quarantinePath(NAME, a.generation));
      expect(rb.quarantine).toBe(quarantinePath(NAME, b.generation));
      expect((await report(ra.quarantine)).rejectedLines).toBe(1);
      expect((await report(rb.quarantine)).rejectedLines).toBe(2);
    });
  });

  describe.skipIf(adapter.skip !== undefined)('failures a retry cures', () => {
    it('stores nothing when the quarantine report cannot be written, and lands on the retry', async () => {
      const store = await adapter.open();
      const { deps, upload, blobs } = memoryIngest(store);
      const failing: BlobStore = {
        ...blobs,
        put: async () => {
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        },
      };
      const file = upload(NAME, [line(1, '01:00', 1), 'bad'].join('\n'));

      await expect(ingestMeterFile(file, { ...deps, blobs: failing })).rejects.toBeInstanceOf(
        TransientError,
      );
      const ledger = await store.getFile(file.bucket, file.object, file.generation);
      const stored = await store.countReadings();
      const retry = await ingestMeterFile(file, deps);

      expect(ledger).toMatchObject({ status: 'failed', error: expect.stringMatching(/EACCES/) });
      expect(stored).toBe(0);
      expect(retry).toMatchObject({ status: 'ingested', readings: 1, inserted: 1 });
    });

    it('leaves the file failed, not processing, when no scratch can be had', async () => {
      const store = await adapter.open();
      const { deps, upload } = memoryIngest(store);
      const file = upload(NAME, line(1, '01:00', 1));
      const noScratch = async () => {
        throw new TransientError('Cannot create a scratch file in /full');
      };

      await expect(ingestMeterFile(file, { ...deps, openScratch: noScratch })).rejects.toThrow(
        /scratch/,
      );

      expect(await store.getFile(file.bucket, file.object, file.generation)).toMatchObject({
        status: 'failed',
      });
    });

    it('ends as a clean run when the store fails midway and the file runs again', async () => {
      const store = await adapter.open();
      const { deps, upload } = memoryIngest(store);
      const file = upload(
        NAME,
        meterFileText('F5D', [1, 2, 3], T0, 24 * 75, (s, h) => s * h),
      );
      const crashing = crashingStore(store, 2, 'connection reset');

      await expect(ingestMeterFile(file, { ...deps, store: crashing })).rejects.toThrow();
      const retry = await ingestMeterFile(file, deps);
      const clean = await adapter.open();
      await ingestMeterFile(file, { ...memoryIngest(clean).deps, objects: deps.objects });

      expect(retry.status).toBe('ingested');
      expect(await table(store)).toEqual(await table(clean));
    });
  });

  describe.skipIf(adapter.skip !== undefined)('concurrent ingesters', () => {
    // Small on purpose: FerretDB (the test server) scans a collection for every update.
    const HOURS = 24 * 5;

    it('never calls a run of one generation a duplicate of itself', async () => {
      const store = await adapter.open();
      const { deps, upload } = memoryIngest(store);
      const file = upload(
        NAME,
        meterFileText('F5D', [1, 2], T0, HOURS, (s, h) => s + h),
      );

      const results = await Promise.all([1, 2, 3].map(() => ingestMeterFile(file, deps)));

      for (const r of results) {
        expect(['ingested', 'already-ingested']).toContain(r.status);
        expect(r.message ?? '').not.toMatch(/identical to/);
      }
      expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(2 * HOURS);
      expect(await store.countReadings()).toBe(2 * HOURS);
    });

    it('never reports new readings for a duplicate of identical generations run at once', async () => {
      const store = await adapter.open();
      const { deps, upload } = memoryIngest(store);
      const text = meterFileText('F5D', [1, 2], T0, HOURS, (s, h) => s + h);
      const files = [upload(NAME, text), upload(NAME, text), upload(NAME, text)];

      const results = await Promise.all(files.map((f) => ingestMeterFile(f, deps)));

      for (const [i, r] of results.entries()) {
        if (r.status === 'duplicate') {
          expect(r.inserted).toBe(0);
          expect(r.message).not.toContain(`#${files[i]?.generation},`);
        }
      }
      expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(2 * HOURS);
    });
  });
});
