/**
 * A file is stored whole or not at all: truncated or corrupt compression and the inflate limit
 * show up late in the stream, and must leave no reading stored; the complete re-upload then lands
 * in full. Over every store adapter.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestMeterFile } from '../../shared/pipelines/ingest.js';
import { bzip2, gzip, latin1, zip } from '../helpers/compress.js';
import { memoryIngest } from '../helpers/ingest-deps.js';
import { meterFileText } from '../helpers/meter-files.js';
import { HOUSEHOLD_FIXTURES } from '../helpers/parse.js';
import { cleanUpStores, STORE_ADAPTERS } from '../helpers/store-adapters.js';

afterAll(cleanUpStores);

const NAME = 'F5D_0021_0762_20240401.0';
// 12 supplies × 31 days: more than one batch of the store (5,000), cut well after the first.
const SUPPLIES = Array.from({ length: 12 }, (_, i) => i + 1);
const TEXT = meterFileText(
  'F5D',
  SUPPLIES,
  Date.UTC(2024, 2, 1),
  744,
  (s, h) => (s * 31 + h) % 997,
);
const LINES = SUPPLIES.length * 744;

const cut = (bytes: Uint8Array, fraction: number) =>
  bytes.subarray(0, Math.floor(bytes.length * fraction));
/** Flips bytes in the middle of the compressed data. */
function corrupt(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const middle = Math.floor(out.length / 2);
  for (let i = middle; i < middle + 64; i++) out[i] = (out[i] ?? 0) ^ 0x5a;
  return out;
}

const FORMATS = [
  ['gz', () => gzip(latin1(TEXT))],
  ['bz2', () => bzip2(latin1(TEXT))],
  ['zip', () => zip({ [NAME]: latin1(TEXT) })],
] as const;

const HOUSEHOLDS = fileURLToPath(HOUSEHOLD_FIXTURES);
const haveHouseholds = existsSync(HOUSEHOLDS);
if (!haveHouseholds) console.warn(`skipping the real six-months case: ${HOUSEHOLDS} is absent`);

/** Six consecutive monthly F5D files of the ten real households, as one text. */
function sixMonths(): string {
  const months = readdirSync(HOUSEHOLDS)
    .filter((n) => n.startsWith('F5D_') && n.endsWith('.gz'))
    .sort()
    .slice(6, 12);
  return months
    .map((n) => gunzipSync(readFileSync(`${HOUSEHOLDS}/${n}`)).toString('latin1'))
    .join('');
}

describe.each(STORE_ADAPTERS)('ingestMeterFile over $name: whole or not at all', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('compressed files', () => {
    it.each(
      FORMATS.flatMap(([ext, make]) => [
        [`a ${ext} cut at three quarters`, ext, () => cut(make(), 0.75)],
        [`a ${ext} corrupt in the middle`, ext, () => corrupt(make())],
      ]),
    )('stores nothing from %s, then the complete re-upload in full', async (_, ext, make) => {
      const store = await adapter.open();
      const { deps, upload, report } = memoryIngest(store);
      const name = `${NAME}.${ext}`;

      const bad = await ingestMeterFile(upload(name, make()), deps);
      const stored = await store.countReadings();
      const whole = await ingestMeterFile(
        upload(name, FORMATS.find(([e]) => e === ext)![1]()),
        deps,
      );

      expect(bad.status).toBe('rejected');
      expect(bad.message).toMatch(/corrupt|unexpected end|no valid line/i);
      expect(stored).toBe(0);
      expect((await report(bad.quarantine)).readingsStored).toBe(0);
      expect(whole).toMatchObject({
        status: 'ingested',
        readings: LINES,
        inserted: LINES,
        rejected: 0,
      });
      expect(await store.countReadings()).toBe(LINES);
    });

    it('stores nothing of a file over the inflate limit, and all of it once the limit is raised', async () => {
      const store = await adapter.open();
      const { deps, upload } = memoryIngest(store);
      const file = upload(`${NAME}.gz`, gzip(latin1(TEXT)));

      const refused = await ingestMeterFile(file, { ...deps, maxInflateBytes: TEXT.length / 2 });
      const stored = await store.countReadings();
      const again = await ingestMeterFile(file, deps); // the same generation: a failed one is retried

      expect(refused).toMatchObject({ status: 'rejected', readings: 0 });
      expect(refused.message).toMatch(/refusing to inflate beyond/);
      expect(stored).toBe(0);
      expect(again).toMatchObject({ status: 'ingested', readings: LINES, inserted: LINES });
      expect(await store.getFile(file.bucket, file.object, file.generation)).toMatchObject({
        status: 'done',
        rowsOk: LINES,
      });
    });
  });

  describe.skipIf(adapter.skip !== undefined || !haveHouseholds)(
    'six months of real readings',
    () => {
      it('stores nothing from the .gz cut at three quarters, or over the limit; all of the complete one', async () => {
        const text = sixMonths();
        const lines = text.split('\n').filter((l) => l.trim() !== '').length;
        const bytes = gzip(latin1(text));
        const store = await adapter.open();
        const { deps, upload } = memoryIngest(store);
        const name = 'F5D_0031_0762_20130707.0.gz';

        const truncated = await ingestMeterFile(upload(name, cut(bytes, 0.75)), deps);
        const limited = await ingestMeterFile(upload(name, bytes), {
          ...deps,
          maxInflateBytes: text.length - 1000,
        });
        const afterBoth = await store.countReadings();
        const complete = await ingestMeterFile(upload(name, bytes), deps);

        expect([truncated.status, limited.status]).toEqual(['rejected', 'rejected']);
        expect(afterBoth).toBe(0);
        expect(complete).toMatchObject({ status: 'ingested', readings: lines, rejected: 0 });
        expect(await store.countReadings()).toBe(lines);
      }, 60_000);
    },
  );
});
