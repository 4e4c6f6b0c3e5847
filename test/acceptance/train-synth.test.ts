import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createLogger } from '../../shared/logging.js';
import { runTraining, type TrainOptions } from '../../shared/pipelines/train.js';
import { listVersions } from '../../shared/registry/registry.js';
import { createMemoryBlobStore } from '../helpers/memory-blob-store.js';
import { createSynthTrainStore, synthFleet } from '../helpers/synth-training.js';

// The acceptance: on a generated fleet the model beats seasonal naive on backtest WAPE by
// ≥ 15 % and the persistence ensemble by ≥ 5 %. `npm test` runs a small fleet (well under 60 s);
// MCE_ACCEPTANCE_FULL=1 runs the size, 300 supplies × 18 months, with default options.
const FULL = process.env.MCE_ACCEPTANCE_FULL === '1';
const SIZE = FULL
  ? { supplies: 300, from: '2023-01-01', to: '2024-06-30' }
  : { supplies: 24, from: '2023-03-01', to: '2024-05-31' };
const OPTIONS: Partial<TrainOptions> = FULL
  ? { windowDays: 540, backtestDays: 28 }
  : {
      windowDays: 420,
      backtestDays: 21,
      kMax: 3,
      maxTrainRows: 40_000,
      forest: { nTrees: 20, maxDepth: 12, minSamplesLeaf: 20, maxFeatures: 0.7 },
    };

describe('training on a synthetic fleet', () => {
  it(
    'registers a model that beats seasonal naive by ≥ 15 % and persistence by ≥ 5 % on WAPE',
    async () => {
      // Prepare
      const data = synthFleet({ ...SIZE, seed: 11 });
      const deps = {
        store: createSynthTrainStore(data),
        blobs: createMemoryBlobStore(),
        bus: createMemoryBus(),
        logger: createLogger({ write: () => {} }),
        now: () => Date.parse(`${SIZE.to}T12:00:00Z`) + 86_400_000,
        codeRevision: 'acceptance',
      };
      // Act
      const started = performance.now();
      const { outcome, segments, plan } = await runTraining(
        { runId: 'acceptance', options: OPTIONS },
        deps,
      );
      // Assess
      if (outcome.outcome !== 'registered')
        throw new Error(`Not registered: ${JSON.stringify(outcome)}`);
      const o = outcome.report;
      console.log(
        JSON.stringify({
          supplies: SIZE.supplies,
          window: `${plan.windowStart}..${plan.windowEnd}`,
          segments: segments.length,
          trainRows: segments.reduce((n, s) => n + s.trainRows, 0),
          seconds: ((performance.now() - started) / 1000).toFixed(1),
          wape: o.model.wape,
          mape: o.model.mape,
          bias: o.model.bias,
          pinballP10: o.model.pinballP10,
          pinballP90: o.model.pinballP90,
          wapeSeasonalNaive: o.seasonalNaive.wape,
          wapePersistence: o.persistence.wape,
          skillVsSeasonalNaive: o.skillVsSeasonalNaive,
          skillVsPersistence: o.skillVsPersistence,
          perSegment: segments.map((s) => ({
            segment: s.segment,
            supplies: s.supplies,
            wape: s.report.overall.model.wape,
            skillNaive: s.report.overall.skillVsSeasonalNaive,
            skillPersistence: s.report.overall.skillVsPersistence,
          })),
        }),
      );
      expect(o.skillVsSeasonalNaive).toBeGreaterThanOrEqual(0.15);
      expect(o.skillVsPersistence).toBeGreaterThanOrEqual(0.05);
      expect((await listVersions(deps.blobs)).stages.pre).toBe(plan.version);
    },
    FULL ? 1_800_000 : 60_000,
  );
});
