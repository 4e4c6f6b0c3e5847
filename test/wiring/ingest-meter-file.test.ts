/**
 * The production path on loopback: a file uploaded to the GCS emulator produces an object-finalize
 * notification on topic meter-files, which the Pub/Sub emulator pushes to ingest-meter-file served
 * by the Functions Framework; the function reads the object from the emulator and stores the
 * readings (MongoDB wire server when one runs, else SQLite).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { type Store } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { latin1 } from '../helpers/compress.js';
import {
  createBucket,
  createPushSubscription,
  deleteSubscription,
  gcsSkipReason,
  METER_FILES_TOPIC,
  pubsubSkipReason,
  pushEndpointFor,
  uniqueName,
  uploadObject,
} from '../helpers/emulators.js';
import { meterFileText } from '../helpers/meter-files.js';
import { type ServedFunction, serveFunction } from '../helpers/serve-function.js';

const skip = gcsSkipReason() ?? pubsubSkipReason();
if (skip) console.warn(`ingest-meter-file wiring skipped: ${skip}`);

async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skip !== undefined)(
  'ingest-meter-file wiring (GCS emulator -> Pub/Sub push -> function)',
  () => {
    const subscription = uniqueName('ingest-wiring');
    const bucket = uniqueName('raw');
    let served: ServedFunction;
    let store: Store;

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mce-wiring-'));
      const mongo = process.env.MCE_TEST_MONGO_URL;
      process.env.MCE_STORE = mongo ?? `sqlite:${join(dir, 'mce.db')}`;
      process.env.MONGO_DB = uniqueName('wiring').replace(/-/g, '_');
      process.env.MCE_BLOBS = `file:${join(dir, 'blobs')}`;
      await import('../../functions/ingest-meter-file/index.js');
      served = await serveFunction('ingest-meter-file');
      store = await openStore(loadConfig());
      await createBucket(bucket);
      await createPushSubscription({
        subscription,
        topic: METER_FILES_TOPIC,
        pushEndpoint: pushEndpointFor(served.url, METER_FILES_TOPIC),
      });
    });

    afterAll(async () => {
      await deleteSubscription(subscription);
      await served?.close();
      await store?.close();
    });

    const name = 'inbox/F5D_0021_0762_20240301.0';
    const text = meterFileText('F5D', [1, 2], Date.UTC(2024, 1, 1), 24, (s, h) => s * 100 + h);

    it('stores the readings of an uploaded file', async () => {
      const uploaded = await uploadObject(bucket, name, latin1(text));

      const record = await until(async () => {
        const r = await store.getFile(bucket, name, uploaded.generation);
        return r?.status === 'done' ? r : undefined;
      });

      expect(record).toMatchObject({ status: 'done', rowsOk: 48, kind: 'F5D' });
      expect(await store.countReadings()).toBe(48);
    });

    it('changes nothing when the same notification is delivered twice more', async () => {
      const [record] = (await store.listFiles()).filter((f) => f.bucket === bucket);
      const envelope = {
        subscription: `projects/mce-test/subscriptions/${subscription}`,
        message: {
          attributes: {
            bucketId: bucket,
            objectId: name,
            objectGeneration: record!.generation,
            eventType: 'OBJECT_FINALIZE',
          },
          data: Buffer.from('{}').toString('base64'),
          messageId: 'redelivery-1',
          publishTime: new Date().toISOString(),
        },
      };
      for (let i = 0; i < 2; i++) {
        const response = await fetch(pushEndpointFor(served.url, METER_FILES_TOPIC), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
        });
        expect(response.status).toBeLessThan(300);
      }

      expect(await store.countReadings()).toBe(48);
      expect(await store.getFile(bucket, name, record!.generation)).toEqual(record);
    });

    it('recognises an identical re-upload and changes nothing', async () => {
      const again = await uploadObject(bucket, name, latin1(text));

      const record = await until(async () => {
        const r = await store.getFile(bucket, name, again.generation);
        return r?.status === 'done' ? r : undefined;
      });

      expect(record?.error).toMatch(/^identical to /);
      expect(await store.countReadings()).toBe(48);
    });
  },
);
