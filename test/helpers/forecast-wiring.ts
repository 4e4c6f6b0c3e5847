/** Helpers of the forecast wiring test (test/wiring/forecast.test.ts). */
import { DatabaseSync } from 'node:sqlite';
import { MongoClient } from 'mongodb';
import { forecastOriginUtc } from '../../shared/features/origin.js';
import { type Bus, type Store } from '../../shared/ports.js';
import { type Reading, type WeatherRow } from '../../shared/types.js';
import { PUBSUB_PROJECT, pushEndpointFor } from './emulators.js';
import { MARCH_DAY } from './forecast-fixture.js';
import { type ServedFunction } from './serve-function.js';

const ORIGIN = forecastOriginUtc(MARCH_DAY, 'Europe/Madrid');
const DAY = 86_400_000;
/** Only what a forecast of MARCH_DAY reads (FerretDB scans collections: keep them small). */
export const READ_WINDOW = {
  readings: (r: Reading) => r.hourEnd > ORIGIN - 31 * DAY && r.hourEnd <= ORIGIN,
  weather: (w: WeatherRow) =>
    w.kind === 'observed'
      ? w.hourEnd > ORIGIN - 9 * DAY && w.hourEnd <= ORIGIN
      : w.issuedAt > ORIGIN - 3 * DAY && w.issuedAt <= ORIGIN,
};

/** A bus that publishes the functions' fixed topics under this run's own names. */
export function renamingBus(bus: Bus, names: Record<string, string>): Bus {
  return {
    publish: (topic, data, attributes) => bus.publish(names[topic] ?? topic, data, attributes),
  };
}

/** Documents (MongoDB) or rows (SQLite) per stage collection or table, read around the adapter. */
export async function physicalCounts(
  adapter: string,
  store: Store,
): Promise<Record<string, number>> {
  if (adapter === 'sqlite') {
    const path = (store as { path?: string }).path;
    if (path === undefined) throw new Error('SQLite path unknown');
    const db = new DatabaseSync(path, { readOnly: true });
    const count = (t: string) =>
      Number((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
    const out = {
      predictions_prod: count('predictions_prod'),
      predictions_pre: count('predictions_pre'),
    };
    db.close();
    return out;
  }
  const dbName = (store as { dbName?: string }).dbName ?? '';
  const client = new MongoClient(process.env.MCE_TEST_MONGO_URL ?? '');
  const db = client.db(dbName);
  const out = {
    predictions_prod: await db.collection('predictions_prod').countDocuments(),
    predictions_pre: await db.collection('predictions_pre').countDocuments(),
  };
  await client.close();
  return out;
}

/** POSTs a push envelope with a given message id, as Pub/Sub does when it redelivers. */
export async function replayPush(
  to: ServedFunction,
  topic: string,
  messageId: string,
  data: string,
): Promise<number> {
  const response = await fetch(pushEndpointFor(to.url, topic), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      subscription: `projects/${PUBSUB_PROJECT}/subscriptions/${topic}-push`,
      message: { data, attributes: {}, messageId, publishTime: new Date().toISOString() },
    }),
  });
  return response.status;
}
