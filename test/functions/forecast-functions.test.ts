import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle as batchHandle } from '../../functions/forecast-batch/index.js';
import { handle as planHandle } from '../../functions/plan-forecast/index.js';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { TransientError } from '../../shared/errors.js';
import { DEAD_LETTER_COUNT_ATTRIBUTE } from '../../shared/events/forecast.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { FORECAST_BATCH_TOPIC, FORECAST_COMPLETED_TOPIC } from '../../shared/pipelines/forecast.js';
import { type BlobStore, type Store } from '../../shared/ports.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { type PredictionRow } from '../../shared/types.js';
import {
  buildForecastFixture,
  type ForecastFixture,
  fillStore,
  MARCH_DAY,
} from '../helpers/forecast-fixture.js';
import { STORE_ADAPTERS } from '../helpers/store-adapters.js';

const FIXTURE = readFileSync(
  new URL('../fixtures/events/forecast-tick-push.json', import.meta.url),
  'utf8',
);
const PUBLISHED = Date.parse('2024-03-30T09:00:00.000Z'); // 10:00 in Madrid: tomorrow is MARCH_DAY
const sqlite = STORE_ADAPTERS.find((a) => a.name === 'sqlite')!;
let fixture: ForecastFixture;

beforeAll(async () => {
  fixture = await buildForecastFixture();
}, 60_000);
afterAll(() => fixture?.cleanUp());

function pushEvent(id: string, body: unknown, attributes: Record<string, string> = {}) {
  const e = JSON.parse(FIXTURE);
  e.id = id;
  e.data.message.messageId = id;
  e.data.message.attributes = attributes;
  e.data.message.data = Buffer.from(JSON.stringify(body)).toString('base64');
  return e;
}

async function setUp(overrides: { blobs?: BlobStore; store?: (s: Store) => Store } = {}) {
  const base = await sqlite.open();
  await fillStore(base, fixture, { day: MARCH_DAY });
  const store = overrides.store ? overrides.store(base) : base;
  const captured = createCapturingLogger();
  const bus = createMemoryBus();
  const blobs = overrides.blobs ?? fixture.blobs;
  const deps = {
    store,
    blobs,
    bus,
    logger: captured.logger,
    now: () => PUBLISHED + 60_000,
    maxEventAgeMs: 3_600_000,
    batchSize: 5,
    models: createModelCache(blobs),
  };
  return { deps, bus, captured, store: base };
}

let ticks = 0;
const tickId = () => `4455667788${++ticks}`;

async function dayRows(store: Store, stage: 'prod' | 'pre'): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for await (const r of store.predictionsOfDay(stage, MARCH_DAY)) rows.push(r);
  return rows;
}

describe('plan-forecast and forecast-batch handlers', () => {
  it('a tick and every batch delivered twice forecast tomorrow once, announced once per stage', async () => {
    // Prepare
    const { deps, bus, store } = await setUp();
    const id = tickId();
    // Act
    const first = await planHandle(pushEvent(id, {}), deps);
    const second = await planHandle(pushEvent(id, {}), deps);
    const messages = bus.published(FORECAST_BATCH_TOPIC);
    for (const m of [...messages, ...messages]) await batchHandle(pushEvent(m.id, m.data), deps);
    // Assess
    expect(first?.map((s) => s.outcome)).toEqual(['planned', 'planned']);
    expect(second?.map((s) => s.outcome)).toEqual(['replanned', 'replanned']);
    expect(messages).toHaveLength(2 * 2 * 3); // published twice: 2 stages × 3 batches of ≤ 5
    expect(new Set(messages.map((m) => m.attributes.dedupId)).size).toBe(6);
    const completed = bus.published(FORECAST_COMPLETED_TOPIC).map((m) => m.data);
    expect(completed).toEqual([
      expect.objectContaining({ stage: 'prod', status: 'complete', rows: 12 * 23 }),
      expect.objectContaining({ stage: 'pre', status: 'complete', rows: 12 * 23 }),
    ]);
    expect(await dayRows(store, 'prod')).toHaveLength(12 * 23);
    expect(await dayRows(store, 'pre')).toHaveLength(12 * 23);
  });

  it('announces the run once when every batch is handled twice at the same time', async () => {
    const { deps, bus, store } = await setUp();
    await planHandle(pushEvent(tickId(), { date: MARCH_DAY, stages: ['prod'] }), deps);
    const messages = bus.published(FORECAST_BATCH_TOPIC);

    await Promise.all(
      [...messages, ...messages].map((m) => batchHandle(pushEvent(m.id, m.data), deps)),
    );

    expect(bus.published(FORECAST_COMPLETED_TOPIC)).toHaveLength(1);
    expect(await dayRows(store, 'prod')).toHaveLength(12 * 23);
    expect(await store.getRun({ kind: 'forecast', day: MARCH_DAY, stage: 'prod' })).toMatchObject({
      status: 'complete',
      batchesDone: 3,
      notified: true,
    });
  });

  it('records a dead-lettered batch as failed and closes the run as partial', async () => {
    const { deps, bus, store } = await setUp();
    await planHandle(pushEvent(tickId(), { date: MARCH_DAY, stages: ['prod'] }), deps);
    const [dead, ...rest] = bus.published(FORECAST_BATCH_TOPIC);

    for (const m of rest) await batchHandle(pushEvent(m.id, m.data), deps);
    const outcome = await batchHandle(
      pushEvent('dl-1', dead!.data, { [DEAD_LETTER_COUNT_ATTRIBUTE]: '5' }),
      deps,
    );

    expect(outcome).toMatchObject({
      outcome: 'done',
      record: { status: 'failed', error: 'batch dead-lettered after 5 delivery attempts' },
      completion: { outcome: 'finished', status: 'partial', published: true },
    });
    const run = await store.getRun({ kind: 'forecast', day: MARCH_DAY, stage: 'prod' });
    expect(run).toMatchObject({
      status: 'partial',
      batchesDone: 2,
      batchesFailed: 1,
      suppliesForecast: 7,
      unforecast: { 'batch dead-lettered after 5 delivery attempts': 5 },
    });
    expect(bus.published(FORECAST_COMPLETED_TOPIC)).toHaveLength(1);
  });

  it('fails the run, acknowledged, when the message names a version missing from the registry', async () => {
    const { deps, bus, store, captured } = await setUp();
    await planHandle(pushEvent(tickId(), { date: MARCH_DAY, stages: ['prod'] }), deps);
    const [m] = bus.published(FORECAST_BATCH_TOPIC);

    const outcome = await batchHandle(
      pushEvent('b1', { ...(m!.data as object), version: 'v0' }),
      deps,
    );

    expect(outcome).toEqual({
      outcome: 'run-failed',
      reason: 'Model v0 cannot be used: No model version "v0"',
    });
    const run = await store.getRun({ kind: 'forecast', day: MARCH_DAY, stage: 'prod' });
    expect(run).toMatchObject({
      status: 'failed',
      error: outcome && 'reason' in outcome ? outcome.reason : '',
    });
    expect(await batchHandle(pushEvent(m!.id, m!.data), deps)).toMatchObject({
      outcome: 'run-failed',
    });
    expect(await dayRows(store, 'prod')).toEqual([]);
    expect(captured.lines.filter((l) => l.severity === 'ERROR')).toEqual([]);
  });

  it('fails the run when a model file is corrupt', async () => {
    const corrupt: BlobStore = {
      ...fixture.blobs,
      async get(path) {
        const found = await fixture.blobs.get(path);
        if (found === undefined || !path.endsWith('.bin')) return found;
        return { ...found, bytes: found.bytes.map((b, i) => (i === 100 ? b ^ 1 : b)) };
      },
    };
    const { deps, bus, store } = await setUp({ blobs: corrupt });
    await planHandle(pushEvent(tickId(), { date: MARCH_DAY, stages: ['prod'] }), deps);
    const [m] = bus.published(FORECAST_BATCH_TOPIC);

    await batchHandle(pushEvent(m!.id, m!.data), deps);

    const run = await store.getRun({ kind: 'forecast', day: MARCH_DAY, stage: 'prod' });
    expect(run?.status).toBe('failed');
    expect(run?.error).toMatch(
      /^Model v\S+ cannot be used: Model v\S+ file forest-\d\.bin fails its checksum$/,
    );
  });

  it('rethrows a transient failure so that Pub/Sub redelivers the batch', async () => {
    const { deps, bus } = await setUp({
      store: (s) => ({
        ...s,
        replacePredictions: async () => {
          throw new TransientError('MongoDB write of predictions failed: MongoNetworkError');
        },
      }),
    });
    await planHandle(pushEvent(tickId(), { date: MARCH_DAY, stages: ['prod'] }), deps);
    const [m] = bus.published(FORECAST_BATCH_TOPIC);

    await expect(batchHandle(pushEvent(m!.id, m!.data), deps)).rejects.toBeInstanceOf(
      TransientError,
    );
  });

  it('records a failed run when prod has no model, and acknowledges', async () => {
    const empty: BlobStore = { ...fixture.blobs, get: async () => undefined };
    const { deps, store, captured } = await setUp({ blobs: empty });

    const stages = await planHandle(pushEvent(tickId(), { date: MARCH_DAY }), deps);

    const reason =
      'No model in stage prod: train and promote a model first (`mce train --promote`)';
    expect(stages?.map((s) => [s.stage, s.outcome])).toEqual([
      ['prod', 'failed'],
      ['pre', 'skipped'],
    ]);
    expect(await store.getRun({ kind: 'forecast', day: MARCH_DAY, stage: 'prod' })).toMatchObject({
      status: 'failed',
      error: reason,
    });
    expect(captured.lines.filter((l) => l.severity === 'ERROR')).toHaveLength(1);
  });

  it('acknowledges a malformed batch and drops a tick older than maxEventAgeMs', async () => {
    const { deps, captured } = await setUp();

    const malformed = await batchHandle(pushEvent('m1', { runId: 'x', batch: -1 }), deps);
    const old = await planHandle(pushEvent(tickId(), {}), {
      ...deps,
      now: () => PUBLISHED + 7_200_000,
    });

    expect([malformed, old]).toEqual([undefined, undefined]);
    expect(captured.lines.map((l) => l.message)).toEqual([
      'malformed event acknowledged',
      'event too old; dropped',
    ]);
  });
});
