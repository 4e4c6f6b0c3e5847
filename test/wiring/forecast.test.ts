import * as ff from '@google-cloud/functions-framework';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle as batchHandle } from '../../functions/forecast-batch/index.js';
import { handle as planHandle } from '../../functions/plan-forecast/index.js';
import { TransientError } from '../../shared/errors.js';
import { DEAD_LETTER_COUNT_ATTRIBUTE } from '../../shared/events/forecast.js';
import { type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { FORECAST_BATCH_TOPIC, FORECAST_COMPLETED_TOPIC } from '../../shared/pipelines/forecast.js';
import { type Store } from '../../shared/ports.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { openBus } from '../../shared/runtime/open-bus.js';
import { type PredictionRow, type Stage } from '../../shared/types.js';
import {
  createPullSubscription,
  createPushSubscription,
  createTopic,
  deleteSubscription,
  PUBSUB_PROJECT,
  publishRaw,
  pubsubSkipReason,
  pullMessages,
  pushEndpointFor,
  uniqueName,
} from '../helpers/emulators.js';
import {
  buildForecastFixture,
  type ForecastFixture,
  fillStore,
  MARCH_DAY,
} from '../helpers/forecast-fixture.js';
import {
  physicalCounts,
  READ_WINDOW,
  renamingBus,
  replayPush,
} from '../helpers/forecast-wiring.js';
import { type ServedFunction, serveFunction } from '../helpers/serve-function.js';
import { cleanUpStores, STORE_ADAPTERS } from '../helpers/store-adapters.js';

const skip = pubsubSkipReason();
if (skip) console.warn(`Forecast wiring skipped: ${skip}`);
for (const { name, skip: s } of STORE_ADAPTERS) {
  if (s) console.warn(`Forecast wiring over ${name} skipped: ${s}`);
}

let fixture: ForecastFixture;
beforeAll(async () => {
  if (skip === undefined) fixture = await buildForecastFixture();
}, 60_000);
afterAll(async () => {
  await cleanUpStores();
  fixture?.cleanUp();
});

async function dayRows(store: Store, stage: Stage): Promise<PredictionRow[]> {
  const rows: PredictionRow[] = [];
  for await (const r of store.predictionsOfDay(stage, MARCH_DAY)) rows.push(r);
  return rows;
}

describe.skipIf(skip !== undefined).each(STORE_ADAPTERS)(
  'forecast wiring over $name',
  (adapter) => {
    // FerretDB answers each read in about a second on a loaded machine: a smaller fleet there.
    const size = adapter.name === 'sqlite' ? { supplies: 12, batch: 5 } : { supplies: 6, batch: 2 };
    const t = uniqueName(`fc-${adapter.name}`);
    const topics = {
      tick: `${t}-tick`,
      batch: `${t}-batch`,
      dead: `${t}-batch-dead`,
      completed: `${t}-completed`,
    };
    const subscriptions: string[] = [];
    const served: ServedFunction[] = [];
    const deliveries: {
      id: string;
      dedupId: string;
      attempts: string | undefined;
      cups: string[];
      data: string;
    }[] = [];
    const failedOnce = new Set<string>();
    let store: Store;
    let poison: string;
    let flaky: string;

    beforeAll(async () => {
      if (adapter.skip !== undefined) return;
      store = await adapter.open();
      const chosen = new Set(
        (await fixture.source.listSupplies())
          .map((s) => s.cups)
          .sort()
          .slice(0, size.supplies),
      );
      const supplies = await fillStore(store, fixture, {
        day: MARCH_DAY,
        supplies: (s) => chosen.has(s.cups),
        ...READ_WINDOW,
      });
      const cups = supplies.map((s) => s.cups).sort();
      [flaky, poison] = [cups[0]!, cups[size.batch]!]; // first supplies of prod batches 0 and 1
      const prodHas = (stage: Stage, list: readonly { cups: string }[], c: string) =>
        stage === 'prod' && list.some((d) => d.cups === c);
      const faulty: Store = {
        ...store,
        // The flaky batch dies halfway once: its rows are written, then it fails.
        async replacePredictions(stage, days) {
          const written = await store.replacePredictions(stage, days);
          if (prodHas(stage, days, flaky) && !failedOnce.has(flaky)) {
            failedOnce.add(flaky);
            throw new TransientError('injected: fails once after writing its rows');
          }
          return written;
        },
      };
      const bus = renamingBus(openBus(`pubsub:${PUBSUB_PROJECT}`), {
        [FORECAST_BATCH_TOPIC]: topics.batch,
        [FORECAST_COMPLETED_TOPIC]: topics.completed,
      });
      const deps = {
        store: faulty,
        blobs: fixture.blobs,
        bus,
        logger: createCapturingLogger().logger,
        now: () => Date.now(),
        maxEventAgeMs: 3_600_000,
        batchSize: size.batch,
        models: createModelCache(fixture.blobs),
      };
      const plan = `planForecastWiring_${adapter.name}`;
      const batch = `forecastBatchWiring_${adapter.name}`;
      ff.cloudEvent(plan, (e: ff.CloudEvent<PubsubCloudEvent['data']>) =>
        planHandle(e, deps).then(() => undefined),
      );
      ff.cloudEvent(batch, async (e: ff.CloudEvent<PubsubCloudEvent['data']>) => {
        const message = e.data?.message;
        const body = JSON.parse(Buffer.from(message?.data ?? '', 'base64').toString('utf8'));
        deliveries.push({
          id: e.id,
          dedupId: message?.attributes?.dedupId ?? '',
          attempts: message?.attributes?.[DEAD_LETTER_COUNT_ATTRIBUTE],
          cups: body.cups ?? [],
          data: message?.data ?? '',
        });
        // The poisoned batch (prod batch 1) fails on every delivery, as a crashing instance would.
        const attempt = message?.attributes?.[DEAD_LETTER_COUNT_ATTRIBUTE];
        if (
          attempt === undefined &&
          /-prod-.*\/batch-1$/.test(message?.attributes?.dedupId ?? '')
        ) {
          throw new TransientError('injected: this batch always fails');
        }
        await batchHandle(e, deps);
      });
      const [planServed, batchServed] = [await serveFunction(plan), await serveFunction(batch)];
      served.push(planServed, batchServed);
      for (const topic of Object.values(topics)) await createTopic(topic);
      const push = async (topic: string, to: ServedFunction, deadLetterTopic?: string) => {
        const subscription = `${topic}-push`;
        await createPushSubscription({
          subscription,
          topic,
          pushEndpoint: pushEndpointFor(to.url, topic),
          // Cloud Run's push deadline is up to 600 s; long enough here for a slow FerretDB read.
          ackDeadlineSeconds: 120,
          ...(deadLetterTopic === undefined ? {} : { deadLetterTopic, maxDeliveryAttempts: 5 }),
        });
        subscriptions.push(subscription);
      };
      await push(topics.tick, planServed);
      await push(topics.batch, batchServed, topics.dead);
      await push(topics.dead, batchServed);
      await createPullSubscription(`${topics.completed}-pull`, topics.completed);
      subscriptions.push(`${topics.completed}-pull`);
    }, 120_000);

    afterAll(async () => {
      await Promise.all(subscriptions.map((s) => deleteSubscription(s)));
      await Promise.all(served.map((s) => s.close()));
    });

    const runOf = (stage: Stage) => store.getRun({ kind: 'forecast', day: MARCH_DAY, stage });

    it.skipIf(adapter.skip !== undefined)(
      'fans a tick out to batches; retries, dead-letters, tolerates a redelivered tick; announces each run once',
      async () => {
        const [n, b] = [size.supplies, size.batch];
        // Act 1: the tick.
        const body = new TextEncoder().encode(JSON.stringify({ date: MARCH_DAY }));
        const tickId = await publishRaw(topics.tick, body);
        let prod: Awaited<ReturnType<typeof runOf>>;
        let pre: Awaited<ReturnType<typeof runOf>>;
        const finished = async () => {
          [prod, pre] = [await runOf('prod'), await runOf('pre')];
          return (
            prod?.status === 'partial' &&
            prod.notified &&
            pre?.status === 'complete' &&
            pre.notified
          );
        };
        const deadline = Date.now() + 180_000;
        while (!(await finished()) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 200));

        // Assess 1: six batches (2 stages × 3), one died halfway and was retried, one dead-lettered.
        const dedupIds = new Set(deliveries.map((d) => d.dedupId));
        expect(dedupIds.size).toBe(6);
        const of = (c: string) =>
          deliveries.filter((d) => d.cups.includes(c) && d.dedupId.includes('-prod-'));
        expect(of(flaky).length).toBeGreaterThanOrEqual(2);
        const poisoned = of(poison);
        expect(poisoned.filter((d) => d.attempts === undefined).length).toBeGreaterThanOrEqual(5);
        expect(poisoned.filter((d) => d.attempts !== undefined).map((d) => d.attempts)).toEqual([
          '5',
        ]);
        expect(prod).toMatchObject({
          status: 'partial',
          batchesPlanned: 3,
          batchesDone: 2,
          batchesFailed: 1,
          suppliesForecast: n - b,
          rows: (n - b) * 23,
          unforecast: { 'batch dead-lettered after 5 delivery attempts': b },
        });
        expect(pre).toMatchObject({ status: 'complete', batchesDone: 3, suppliesForecast: n });
        const prodRows = await dayRows(store, 'prod');
        const preRows = await dayRows(store, 'pre');
        expect(prodRows).toHaveLength((n - b) * 23);
        expect(preRows).toHaveLength(n * 23);
        expect(prodRows.some((r) => r.cups === poison)).toBe(false);
        expect([...prodRows, ...preRows].every((r) => r.p10 <= r.wh && r.wh <= r.p90)).toBe(true);
        expect(await physicalCounts(adapter.name, store)).toEqual(
          adapter.name === 'sqlite'
            ? { predictions_prod: (n - b) * 23, predictions_pre: n * 23 }
            : { predictions_prod: n - b, predictions_pre: n }, // one document per supply-day
        );

        // Act 2: Pub/Sub redelivers (same message ids) the tick and a batch that was done.
        const done = deliveries.find((d) => d.dedupId.includes('-pre-'))!;
        const statuses = [
          await replayPush(served[0]!, topics.tick, tickId, Buffer.from(body).toString('base64')),
          await replayPush(served[1]!, topics.batch, done.id, done.data),
          await replayPush(served[1]!, topics.batch, done.id, done.data),
        ];
        await new Promise((r) => setTimeout(r, 1500));

        // Assess 2
        expect(statuses.every((status) => status < 300)).toBe(true);
        expect(await dayRows(store, 'prod')).toEqual(prodRows);
        expect(await dayRows(store, 'pre')).toEqual(preRows);
        expect(await runOf('prod')).toEqual(prod);
        const completed = await pullMessages(`${topics.completed}-pull`, 3, 3000);
        const announced = completed.map((m) => JSON.parse(m.data.toString('utf8')));
        expect(announced.map((a) => `${a.stage}:${a.status}`).sort()).toEqual([
          'pre:complete',
          'prod:partial',
        ]);
        expect(completed.map((m) => m.attributes.dedupId).sort()).toEqual(
          [`forecast-completed/${pre!.runId}`, `forecast-completed/${prod!.runId}`].sort(),
        );
      },
      300_000,
    );
  },
);
