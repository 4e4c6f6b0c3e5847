/**
 * fake-gcs-server publishes an OBJECT_FINALIZE notification to topic meter-files of the Pub/Sub
 * emulator for every upload (test/services/gcs.sh); the format is documented in
 * test/helpers/emulators.ts. These tests pin what the ingest wiring relies on.
 */
import * as ff from '@google-cloud/functions-framework';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createBucket,
  createPullSubscription,
  createPushSubscription,
  deleteSubscription,
  gcsSkipReason,
  METER_FILES_TOPIC,
  PUBSUB_PROJECT,
  pubsubSkipReason,
  pullMatching,
  pushEndpointFor,
  uniqueName,
  uploadObject,
  waitFor,
} from '../helpers/emulators.js';
import { type PubSubEventData, serveFunction } from '../helpers/serve-function.js';

const skip = gcsSkipReason() ?? pubsubSkipReason();
if (skip) console.warn(`GCS notification wiring skipped: ${skip}`);

const received: ff.CloudEvent<PubSubEventData>[] = [];
ff.cloudEvent('wiringMeterFilesProbe', (event: ff.CloudEvent<PubSubEventData>) => {
  received.push(event);
});

describe.skipIf(skip !== undefined)('fake-gcs-server object notifications', () => {
  const subscriptions: string[] = [];

  afterAll(async () => {
    await Promise.all(subscriptions.map((s) => deleteSubscription(s)));
  });

  it('publishes to meter-files attributes and a JSON_API_V1 payload naming bucket, object and generation', async () => {
    const subscription = uniqueName('wiring-meter-files');
    await createPullSubscription(subscription, METER_FILES_TOPIC);
    subscriptions.push(subscription);
    const bucket = uniqueName('raw');
    await createBucket(bucket);
    const name = 'inbox/F5D_0031_0001_20250102.0.bz2';

    const uploaded = await uploadObject(bucket, name, new Uint8Array([66, 90, 104, 57]));
    const message = await pullMatching(subscription, (m) => m.attributes.bucketId === bucket);

    expect(message?.attributes).toMatchObject({
      bucketId: bucket,
      objectId: name,
      objectGeneration: uploaded.generation,
      eventType: 'OBJECT_FINALIZE',
      payloadFormat: 'JSON_API_V1',
    });
    const payload = JSON.parse(message?.data.toString('utf8') ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({
      kind: 'storage#object',
      bucket,
      name,
      generation: uploaded.generation,
      size: '4',
    });
  });

  it('reaches a served CloudEvent function through a push subscription on meter-files', async () => {
    const served = await serveFunction('wiringMeterFilesProbe');
    const subscription = uniqueName('wiring-meter-files-push');
    await createPushSubscription({
      subscription,
      topic: METER_FILES_TOPIC,
      pushEndpoint: pushEndpointFor(served.url, METER_FILES_TOPIC),
    });
    subscriptions.push(subscription);
    const bucket = uniqueName('raw');
    await createBucket(bucket);

    const uploaded = await uploadObject(bucket, 'P5D_0031_0001_20250103.0', new Uint8Array([1]));
    const mine = () => received.find((e) => e.data?.message.attributes.bucketId === bucket);
    await waitFor(() => mine() !== undefined);
    await served.close();

    const event = mine();
    expect(event?.source).toBe(
      `//pubsub.googleapis.com/projects/${PUBSUB_PROJECT}/topics/${METER_FILES_TOPIC}`,
    );
    expect(event?.data?.message.attributes).toMatchObject({
      objectId: 'P5D_0031_0001_20250103.0',
      objectGeneration: uploaded.generation,
    });
  });
});
