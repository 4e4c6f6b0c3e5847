import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import {
  createLocalObjectSource,
  LOCAL_BUCKET,
  localGeneration,
} from '../../shared/adapters/files/object-source.js';
import { createLogger } from '../../shared/logging.js';
import { ingestMeterFile } from '../../shared/pipelines/ingest.js';
import { runTraining } from '../../shared/pipelines/train.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { createMemoryBlobStore } from '../helpers/memory-blob-store.js';
import { createMemoryScratch } from '../helpers/memory-scratch.js';

// The real-data check of forecast quality: 10 households of the Smart-Grid Smart-City trial
// (data.gov.au, CC BY 3.0 AU), delivered as daily gzip P5D and monthly gzip F5D files in the
// team's fixtures (../shared, never copied here). Ingested and trained exactly as
// `mce ingest` + `mce train --window-days 800 --backtest-days 60` do, and held to what the README
// states: the point forecast beats the strongest baseline (the 28-day same-hour median) on the
// backtest's own rows, and the p10–p90 band covers 77–83 % of the actuals.
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/households/', import.meta.url));
const ABSENT = existsSync(FIXTURES)
  ? undefined
  : `${FIXTURES} is absent (the team's fixtures live beside the repo)`;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(ABSENT !== undefined)(
  `forecast quality on real households${ABSENT ? ` (skipped: ${ABSENT})` : ''}`,
  () => {
    it('beats the 28-day same-hour median and covers 77–83 % with p10–p90', async () => {
      // Prepare: ingest every file of the fixture folder into a fresh SQLite store
      const dir = mkdtempSync(join(tmpdir(), 'mce-households-'));
      dirs.push(dir);
      const store = await openStore({
        storeUrl: `sqlite:${join(dir, 'mce.db')}`,
        mongoDb: '',
        mongoPredCol: 'predictions',
        mongoMeteoCol: 'weather',
      });
      const logger = createLogger({ write: () => {} });
      const objects = createLocalObjectSource();
      const blobs = createMemoryBlobStore();
      for (const name of readdirSync(FIXTURES)
        .filter((n) => n.endsWith('.gz'))
        .sort()) {
        const path = join(FIXTURES, name);
        const result = await ingestMeterFile(
          { bucket: LOCAL_BUCKET, object: path, generation: await localGeneration(path) },
          {
            store,
            objects,
            blobs,
            openScratch: createMemoryScratch(),
            logger,
            now: () => Date.UTC(2014, 3, 1),
            zoneOverrides: {},
            maxInflateBytes: 1e9,
            maxReadingWh: 1e9,
          },
        );
        expect(result.rejected).toBe(0);
      }
      // Act: train as `mce train --window-days 800 --backtest-days 60`
      const { outcome } = await runTraining(
        { runId: 'households', options: { windowDays: 800, backtestDays: 60 } },
        {
          store,
          blobs: createMemoryBlobStore(),
          bus: createMemoryBus(),
          logger,
          now: () => Date.UTC(2014, 3, 1),
          codeRevision: 'households',
        },
      );
      await store.close();
      // Assess
      if (outcome.outcome === 'waiting') throw new Error('training did not finish');
      const report = outcome.report;
      if (report === null) throw new Error(`no report: ${JSON.stringify(outcome)}`);
      console.log(
        JSON.stringify({
          outcome: outcome.outcome,
          model: report.model,
          baselines: Object.fromEntries(
            Object.entries(report.baselines).map(([name, b]) => [name, b.wape]),
          ),
          skill: report.skill,
        }),
      );
      expect(report.strongestBaseline).toBe('median28');
      expect(report.skill.median28).toBeGreaterThanOrEqual(0.015);
      expect(report.model.coverage).toBeGreaterThanOrEqual(0.77);
      expect(report.model.coverage).toBeLessThanOrEqual(0.83);
      expect(outcome.outcome).toBe('registered');
    }, 300_000);
  },
);
