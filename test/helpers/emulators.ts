/**
 * Helpers for wiring tests against the services `bash test/services.sh start` runs on loopback
 * (source .services/env first): the Pub/Sub emulator (PUBSUB_EMULATOR_HOST=127.0.0.1:8085,
 * PUBSUB_PROJECT_ID=mce-test) and fake-gcs-server (STORAGE_EMULATOR_HOST=http://127.0.0.1:4443,
 * MCE_TEST_GCS=1). Both speak REST, so everything here is plain fetch.
 *
 * What fake-gcs-server (v1.56.1) publishes to topic `meter-files` for every object finalize, checked
 * with a real upload (test/wiring/gcs-notification.test.ts):
 *   attributes: bucketId, objectId, objectGeneration (decimal string), eventType "OBJECT_FINALIZE",
 *     eventTime (RFC 3339, whole seconds), payloadFormat "JSON_API_V1".
 *     Production also sends notificationConfig (and overwroteGeneration on a replace): the emulator
 *     does not, so code must not depend on them.
 *   data: JSON of a subset of the JSON_API_V1 object resource: kind "storage#object",
 *     id "<bucket>/<name>#<generation>" (production: "<bucket>/<name>/<generation>"), name, bucket,
 *     generation, size (decimal strings), contentType, timeCreated, updated, storageClass, md5Hash,
 *     crc32c, metadata (only when set). No metageneration, selfLink or mediaLink.
 *   Identify the object by the attributes bucketId + objectId + objectGeneration: they are the same
 *   in production and here.
 */
import { randomUUID } from 'node:crypto';

export const PUBSUB_PROJECT = process.env.PUBSUB_PROJECT_ID || 'mce-test';
/** The topic fake-gcs-server publishes object-finalize notifications to. */
export const METER_FILES_TOPIC = 'meter-files';

/** Why the Pub/Sub wiring cannot run here, or undefined when the emulator is configured. */
export function pubsubSkipReason(): string | undefined {
  if (process.env.PUBSUB_EMULATOR_HOST) return undefined;
  return 'PUBSUB_EMULATOR_HOST is not set (run `bash test/services.sh start && source .services/env`)';
}

/** Why the GCS wiring cannot run here, or undefined when fake-gcs-server is configured. */
export function gcsSkipReason(): string | undefined {
  if (process.env.MCE_TEST_GCS && process.env.STORAGE_EMULATOR_HOST) return undefined;
  return 'MCE_TEST_GCS / STORAGE_EMULATOR_HOST are not set (run `bash test/services.sh start && source .services/env`)';
}

/** A name no earlier run used, for topics, subscriptions and buckets (lower case, <= 63 chars). */
export function uniqueName(base: string): string {
  return `${base}-${randomUUID().slice(0, 8)}`;
}

function pubsubUrl(path: string): string {
  const host = process.env.PUBSUB_EMULATOR_HOST;
  if (!host) throw new Error('PUBSUB_EMULATOR_HOST is not set');
  return `http://${host}/v1/${path}`;
}

function gcsUrl(path: string): string {
  const host = process.env.STORAGE_EMULATOR_HOST;
  if (!host) throw new Error('STORAGE_EMULATOR_HOST is not set');
  return `${host.replace(/\/$/, '')}${path}`;
}

async function call(url: string, method: string, body?: unknown, okStatuses = [200]) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!okStatuses.includes(response.status)) {
    throw new Error(`${method} ${url} -> HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** `projects/<project>/topics/<topic>`. */
export function topicPath(topic: string): string {
  return `projects/${PUBSUB_PROJECT}/topics/${topic}`;
}

/** `projects/<project>/subscriptions/<subscription>`. */
export function subscriptionPath(subscription: string): string {
  return `projects/${PUBSUB_PROJECT}/subscriptions/${subscription}`;
}

/** Creates a topic on the emulator (an existing one is fine); returns its full path. */
export async function createTopic(topic: string): Promise<string> {
  await call(pubsubUrl(topicPath(topic)), 'PUT', {}, [200, 409]);
  return topicPath(topic);
}

/**
 * The push endpoint to give a subscription for a function served at `baseUrl`: the Functions
 * Framework takes the CloudEvent `source` topic from a `projects/P/topics/T` request path (and
 * warns on the console without it), so push to `<baseUrl>projects/<project>/topics/<topic>`.
 */
export function pushEndpointFor(baseUrl: string, topic: string): string {
  return `${baseUrl.replace(/\/$/, '')}/${topicPath(topic)}`;
}

export interface PushSubscriptionOptions {
  subscription: string;
  topic: string;
  /** Where the emulator POSTs the push envelope, e.g. pushEndpointFor(served.url, topic). */
  pushEndpoint: string;
  /** Topic (short name) that receives messages after maxDeliveryAttempts failed pushes. */
  deadLetterTopic?: string;
  /** 5..100, Pub/Sub's bounds; default 5 when deadLetterTopic is set. */
  maxDeliveryAttempts?: number;
  ackDeadlineSeconds?: number;
}

/**
 * Creates a push subscription on the emulator, with an optional dead-letter policy. Measured on
 * the emulator (0.8.20, test/wiring/pubsub-push.test.ts): a push answered 2xx is acked; a non-2xx
 * (the framework answers 500 when the handler throws) is pushed again about 1 s later under the
 * same message id; after maxDeliveryAttempts (5) failed pushes the message goes to the dead-letter
 * topic (about 5 s in all).
 */
export async function createPushSubscription(options: PushSubscriptionOptions): Promise<void> {
  const body: Record<string, unknown> = {
    topic: topicPath(options.topic),
    pushConfig: { pushEndpoint: options.pushEndpoint },
    ackDeadlineSeconds: options.ackDeadlineSeconds ?? 10,
  };
  if (options.deadLetterTopic !== undefined) {
    body.deadLetterPolicy = {
      deadLetterTopic: topicPath(options.deadLetterTopic),
      maxDeliveryAttempts: options.maxDeliveryAttempts ?? 5,
    };
  }
  await call(pubsubUrl(subscriptionPath(options.subscription)), 'PUT', body);
}

/** Creates a pull subscription (to read what a topic receives). */
export async function createPullSubscription(subscription: string, topic: string): Promise<void> {
  await call(pubsubUrl(subscriptionPath(subscription)), 'PUT', { topic: topicPath(topic) });
}

/** Deletes a subscription (a missing one is fine), so the emulator stops pushing. */
export async function deleteSubscription(subscription: string): Promise<void> {
  await call(pubsubUrl(subscriptionPath(subscription)), 'DELETE', undefined, [200, 404]);
}

/** Publishes one message through the emulator's REST API; returns its message id. */
export async function publishRaw(
  topic: string,
  data: Uint8Array,
  attributes: Record<string, string> = {},
): Promise<string> {
  const message = { data: Buffer.from(data).toString('base64'), attributes };
  const out = await call(pubsubUrl(`${topicPath(topic)}:publish`), 'POST', { messages: [message] });
  const ids = out.messageIds as string[];
  return ids[0] as string;
}

export interface PulledMessage {
  messageId: string;
  data: Buffer;
  attributes: Record<string, string>;
  publishTime: string;
}

/**
 * Pulls (and acknowledges) messages until `count` arrived or `timeoutMs` passed; returns what came.
 */
export async function pullMessages(
  subscription: string,
  count = 1,
  timeoutMs = 10_000,
): Promise<PulledMessage[]> {
  const got: PulledMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count && Date.now() < deadline) {
    const url = pubsubUrl(`${subscriptionPath(subscription)}:pull`);
    const out = await call(url, 'POST', { maxMessages: 100, returnImmediately: true });
    const received = (out.receivedMessages ?? []) as {
      ackId: string;
      message: {
        messageId: string;
        data?: string;
        attributes?: Record<string, string>;
        publishTime: string;
      };
    }[];
    if (received.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    for (const { message } of received) {
      got.push({
        messageId: message.messageId,
        data: Buffer.from(message.data ?? '', 'base64'),
        attributes: message.attributes ?? {},
        publishTime: message.publishTime,
      });
    }
    const ackIds = received.map((r) => r.ackId);
    await call(pubsubUrl(`${subscriptionPath(subscription)}:acknowledge`), 'POST', { ackIds });
  }
  return got;
}

/**
 * Pulls (and acknowledges) until a message satisfies `match` (others on the subscription are
 * dropped: shared topics such as meter-files also carry other tests' notifications).
 */
export async function pullMatching(
  subscription: string,
  match: (message: PulledMessage) => boolean,
  timeoutMs = 10_000,
): Promise<PulledMessage | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const batch = await pullMessages(subscription, 1, Math.max(0, deadline - Date.now()));
    const found = batch.find(match);
    if (found) return found;
  }
  return undefined;
}

/** Creates a bucket in fake-gcs-server (an existing one is fine). */
export async function createBucket(bucket: string): Promise<void> {
  await call(
    gcsUrl(`/storage/v1/b?project=${PUBSUB_PROJECT}`),
    'POST',
    { name: bucket },
    [200, 409],
  );
}

export interface UploadedObject {
  bucket: string;
  name: string;
  /** GCS generation, a decimal string. */
  generation: string;
  /** The JSON_API_V1 object resource the server answered with. */
  resource: Record<string, unknown>;
}

/** Uploads one object to fake-gcs-server (a simple media upload, as gsutil does for small files). */
export async function uploadObject(
  bucket: string,
  name: string,
  bytes: Uint8Array,
  contentType = 'application/octet-stream',
): Promise<UploadedObject> {
  const url = gcsUrl(
    `/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=media&name=${encodeURIComponent(name)}`,
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: bytes,
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`Upload of ${bucket}/${name} -> HTTP ${response.status}: ${text}`);
  const resource = JSON.parse(text) as Record<string, unknown>;
  return { bucket, name, generation: String(resource.generation), resource };
}

/** Polls `check` every 50 ms until it returns true or `timeoutMs` passes; returns the last result. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
