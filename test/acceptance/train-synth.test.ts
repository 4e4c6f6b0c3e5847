import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createLogger } from '../../shared/logging.js';
import { runTraining, type TrainOptions } from '../../shared/pipelines/train.js';
import { listVersions } from '../../shared/registry/registry.js';
import { createMemoryBlobStore } from '../helpers/memory-blob-store.js';
import { createSynthTrainStore, synthFleet } from '../helpers/synth-training.js';

// Acceptance on a generated fleet: the model beats seasonal naive on backtest WAPE by ≥ 15 % and
// the 7-day same-hour mean by ≥ 5 %, and its p10–p90 band covers 77–83 % of actuals. `npm test`
// runs a small fleet (well under 60 s); MCE_ACCEPTANCE_FULL=1 runs 300 supplies × 18 months with
// default options.
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
    'registers a model that beats seasonal naive by ≥ 15 % and mean7 by ≥ 5 % on WAPE, covering 77–83 % with p10–p90',
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
          model: o.model,
          baselines: o.baselines,
          skill: o.skill,
          perSegment: segments.map((s) => ({
            segment: s.segment,
            supplies: s.supplies,
            wape: s.report.overall.model.wape,
            coverage: s.report.overall.model.coverage,
            skill: s.report.overall.skill,
          })),
        }),
      );
      expect(o.skill.seasonalNaive).toBeGreaterThanOrEqual(0.15);
      expect(o.skill.mean7).toBeGreaterThanOrEqual(0.05);
      expect(o.model.coverage).toBeGreaterThanOrEqual(0.77);
      expect(o.model.coverage).toBeLessThanOrEqual(0.83);
      expect((await listVersions(deps.blobs)).stages.pre).toBe(plan.version);
    },
    FULL ? 1_800_000 : 60_000,
  );
});
