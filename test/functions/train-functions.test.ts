import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handle as planHandle } from '../../functions/plan-training/index.js';
import { handle as segmentHandle } from '../../functions/train-segment/index.js';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { TRAIN_SEGMENT_TOPIC } from '../../shared/pipelines/train.js';
import { listVersions } from '../../shared/registry/registry.js';
import { makeTestFleet } from '../helpers/load-fleet.js';
import { createMemoryBlobStore } from '../helpers/memory-blob-store.js';
import { createTrainStore, testSupplies } from '../helpers/memory-train-store.js';

const FIXTURE = readFileSync(
  new URL('../fixtures/events/train-requested-push.json', import.meta.url),
  'utf8',
);
const PUBLISHED = Date.parse('2024-05-10T09:00:00.000Z');
const fleet = makeTestFleet({ nSupplies: 6, firstDay: '2023-03-01', nDays: 420, seed: 5 });
const newest = Math.max(...fleet.readings.flatMap((r) => r.map((x) => x.hourEnd)));
const supplies = testSupplies(
  fleet.supplies.map((s) => s.history.cups),
  '40.42,-3.70',
  newest,
);

function pushEvent(id: string, body: unknown) {
  const e = JSON.parse(FIXTURE);
  e.id = id;
  e.data.message.messageId = id;
  e.data.message.data = Buffer.from(JSON.stringify(body)).toString('base64');
  return e;
}

function makeDeps() {
  const captured = createCapturingLogger();
  const bus = createMemoryBus();
  return {
    captured,
    bus,
    deps: {
      store: createTrainStore(supplies, fleet.readings, fleet.weather),
      blobs: createMemoryBlobStore(),
      bus,
      logger: captured.logger,
      now: () => PUBLISHED + 60_000,
      codeRevision: 'fn-test',
      maxEventAgeMs: 3_600_000,
      trainDefaults: {
        backtestDays: 14,
        kMax: 3,
        maxTrainRows: 4000,
        forest: { nTrees: 8, maxDepth: 8, minSamplesLeaf: 20 },
      },
    },
  };
}

describe('plan-training and train-segment handlers', () => {
  it('plan, then every segment message delivered twice, registers exactly one pre version', async () => {
    // Prepare
    const { deps, bus } = makeDeps();
    // Act: the same train request delivered twice publishes the same segment ids.
    const first = await planHandle(JSON.parse(FIXTURE), deps);
    const second = await planHandle(JSON.parse(FIXTURE), deps);
    const messages = bus.published(TRAIN_SEGMENT_TOPIC);
    for (const m of messages) await segmentHandle(pushEvent(m.id, m.data), deps);
    for (const m of messages) await segmentHandle(pushEvent(m.id, m.data), deps);
    // Assess
    expect(second).toEqual(first);
    const { versions, stages } = await listVersions(deps.blobs);
    expect(versions).toHaveLength(1);
    expect(stages.pre).toBe(versions[0]);
    expect(stages.history.filter((e) => e.action === 'register')).toHaveLength(1);
  });

  it('acknowledges a malformed segment message and an unknown run without throwing', async () => {
    const { deps, captured } = makeDeps();
    expect(await segmentHandle(pushEvent('1', { segment: 'x' }), deps)).toBeUndefined();
    expect(
      await segmentHandle(pushEvent('2', { runId: 'never-planned', segment: 0 }), deps),
    ).toBeUndefined();
    expect(captured.lines.filter((l) => l.severity === 'ERROR')).toHaveLength(2);
  });

  it('drops a train request older than maxEventAgeMs', async () => {
    const { deps, captured } = makeDeps();
    const result = await planHandle(JSON.parse(FIXTURE), {
      ...deps,
      now: () => PUBLISHED + 7_200_000,
    });
    expect(result).toBeUndefined();
    expect(captured.lines.some((l) => l.message === 'event too old; dropped')).toBe(true);
  });
});
