import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handle, PRODUCTION_NEEDS } from '../../functions/monitor/index.js';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createFileBlobStore } from '../../shared/adapters/files/blob-store.js';
import { loadConfig } from '../../shared/config.js';
import { InvalidInputError, TransientError } from '../../shared/errors.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { monitorSettings } from '../../shared/pipelines/monitor-settings.js';
import { type Mailer, type Store } from '../../shared/ports.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { type MailMessage, type RunRecord } from '../../shared/types.js';

const FIXTURE = readFileSync(
  new URL('../fixtures/events/forecast-tick-push.json', import.meta.url),
  'utf8',
);
/** 00:30 on 25 March in Madrid (CET), still the 24th in UTC. */
const NOW = Date.parse('2024-03-24T23:30:00.000Z');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A monitor-tick push, published `ageMs` before NOW. */
function tick(id: string, body: unknown, ageMs = 60_000) {
  const e = JSON.parse(FIXTURE);
  e.id = id;
  e.source = '//pubsub.googleapis.com/projects/mce-test/topics/monitor-tick';
  e.data.message.messageId = id;
  e.data.message.publishTime = new Date(NOW - ageMs).toISOString();
  e.data.message.data = Buffer.from(
    typeof body === 'string' ? body : JSON.stringify(body),
  ).toString('base64');
  return e;
}

function failedRun(day: string): RunRecord {
  return {
    kind: 'forecast',
    day,
    stage: 'prod',
    runId: `forecast-${day}-prod`,
    status: 'failed',
    modelVersion: null,
    plannedAt: NOW - 14 * 3_600_000,
    batchesPlanned: 3,
    batchesDone: 0,
    batchesFailed: 3,
    suppliesPlanned: 12,
    suppliesForecast: 0,
    rows: 0,
    fallbacks: {},
    unforecast: {},
    error: 'store down',
    completedAt: NOW - 13 * 3_600_000,
    notified: false,
    timings: { planMs: 1, loadMs: 0, modelMs: 0, writeMs: 0, batchMaxMs: 0, wallMs: null },
  };
}

/** An empty store and registry (no model yet), a capturing mailer and logger. */
async function setUp(wrap: (s: Store) => Store = (s) => s) {
  const dir = mkdtempSync(join(tmpdir(), 'mce-monitor-fn-'));
  const store = await openStore({
    storeUrl: `sqlite:${join(dir, 'mce.db')}`,
    mongoDb: '',
    mongoPredCol: 'predictions',
    mongoMeteoCol: 'weather',
  });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const blobs = createFileBlobStore(join(dir, 'artifacts'));
  const mails: MailMessage[] = [];
  const mailer: Mailer = {
    kind: 'outbox',
    async send(m) {
      mails.push(m);
      return { messageId: m.messageId, accepted: [...m.to], destination: 'memory' };
    },
    async close() {},
  };
  const captured = createCapturingLogger();
  const deps = {
    store: wrap(store),
    blobs,
    bus: createMemoryBus(),
    mailer,
    logger: captured.logger,
    now: () => NOW,
    models: createModelCache(blobs),
    maxEventAgeMs: 3_600_000,
    settings: monitorSettings(loadConfig({}), (day) => `mce monitor --date ${day} --show`),
  };
  return { deps, store, mails, captured };
}

describe('monitor handler', () => {
  it('needs the store, the registry, the bus and mail in production', () => {
    expect(PRODUCTION_NEEDS).toEqual(['store', 'artifacts', 'bus', 'mail']);
  });

  it("runs today's Madrid day for a tick without a date, and stores its report", async () => {
    const { deps, store, captured } = await setUp();

    const report = await handle(tick('101', {}), deps);

    expect(report?.date).toBe('2024-03-25');
    expect(await store.getMonitorReport('2024-03-25')).toEqual(report);
    expect(report?.drift.skipped).toBe('no prod version');
    const done = captured.lines.find((l) => l.message === 'monitor done');
    expect(done).toMatchObject({ date: '2024-03-25', eventId: '101', scored: [], sent: 0 });
  });

  it('runs the day a tick names', async () => {
    const { deps, store } = await setUp();

    const report = await handle(tick('102', { date: '2024-03-20' }), deps);

    expect(report?.date).toBe('2024-03-20');
    expect(await store.listMonitorReports('2024-03-01', '2024-03-31')).toHaveLength(1);
  });

  it.each([
    ['a body that is not JSON', 'not json'],
    ['an array body', [1]],
    ['a bad date', { date: '25/03/2024' }],
  ])('acknowledges %s: logged at ERROR, nothing run', async (_, body) => {
    const { deps, store, captured } = await setUp();

    expect(await handle(tick('103', body), deps)).toBeUndefined();

    expect(captured.lines.filter((l) => l.severity === 'ERROR')).toEqual([
      expect.objectContaining({ message: 'malformed event acknowledged', eventId: '103' }),
    ]);
    expect(await store.listMonitorReports('2024-01-01', '2024-12-31')).toEqual([]);
  });

  it('drops a tick older than maxEventAgeMs', async () => {
    const { deps, store, captured } = await setUp();

    expect(await handle(tick('104', {}, 2 * 3_600_000), deps)).toBeUndefined();

    expect(captured.lines.map((l) => [l.severity, l.message])).toEqual([
      ['WARNING', 'event too old; dropped'],
    ]);
    expect(await store.getMonitorReport('2024-03-25')).toBeUndefined();
  });

  it('is idempotent under redelivery: the same report, one e-mail per incident', async () => {
    const { deps, store, mails } = await setUp();
    // The forecast of the run day failed: the forecast-run rule fires.
    await store.startRun(failedRun('2024-03-25'));

    const first = await handle(tick('105', {}), deps);
    const second = await handle(tick('105', {}), deps);

    expect(first?.alerts.firing.map((f) => [f.ruleId, f.severity])).toEqual([
      ['forecast-run', 'critical'],
    ]);
    expect(first?.alerts.sent).toBe(1);
    expect(second?.alerts).toMatchObject({ firing: first?.alerts.firing, opened: 0, sent: 0 });
    expect(second).toEqual({ ...first, alerts: second?.alerts });
    expect(mails).toHaveLength(1);
    expect(await store.listMonitorReports('2024-03-25', '2024-03-25')).toEqual([second]);
  });

  it('warns of a forecast still running past its grace period', async () => {
    const { deps, store } = await setUp();
    await store.startRun({ ...failedRun('2024-03-25'), status: 'running', error: null });

    const report = await handle(tick('108', { date: '2024-03-25' }), deps);

    expect(report?.alerts.firing.map((f) => [f.ruleId, f.severity])).toEqual([
      ['forecast-run', 'warning'],
    ]);
  });

  it('rethrows a retryable failure so that Pub/Sub redelivers', async () => {
    const down = new TransientError('MongoDB is not reachable');
    const { deps, captured } = await setUp((s) =>
      Object.assign(Object.create(s) as Store, {
        listMonitorReports: () => Promise.reject(down),
      }),
    );

    await expect(handle(tick('106', {}), deps)).rejects.toBe(down);
    expect(captured.lines.filter((l) => l.severity === 'ERROR')).toEqual([]);
  });

  it('acknowledges a permanent failure, logged at ERROR', async () => {
    const { deps, captured } = await setUp((s) =>
      Object.assign(Object.create(s) as Store, {
        listMonitorReports: () =>
          Promise.reject(new InvalidInputError('A stored report is corrupt')),
      }),
    );

    expect(await handle(tick('107', {}), deps)).toBeUndefined();
    expect(captured.lines.filter((l) => l.severity === 'ERROR')).toEqual([
      expect.objectContaining({
        message: 'permanent failure acknowledged',
        reason: 'A stored report is corrupt',
        eventId: '107',
      }),
    ]);
  });
});
