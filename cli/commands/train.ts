import { type Command, InvalidArgumentError } from 'commander';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { ChallengerLostError } from '../../shared/errors.js';
import {
  ingestActivityWarnings,
  readIngestActivity,
} from '../../shared/pipelines/ingest-activity.js';
import { runTraining, TRAIN_DEFAULTS, type TrainOptions } from '../../shared/pipelines/train.js';
import { openBlobStore } from '../../shared/runtime/open-blob-store.js';
import { openLocalContext } from '../context.js';
import { trainMetricsTable } from '../metrics-table.js';
import { codeRevision } from '../registry-options.js';

/** `mce train`: trains, backtests, gates and registers a model version from the local store. */

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'train segment forests on the store, backtest them and register the version as pre',
    )
    .option(
      '--window-days <n>',
      'days of history, ending at the last available day',
      positiveInt,
      TRAIN_DEFAULTS.windowDays,
    )
    .option(
      '--backtest-days <n>',
      'rolling-origin backtest days at the end of the window',
      positiveInt,
      TRAIN_DEFAULTS.backtestDays,
    )
    .option('--promote', 'promote the new version to prod once registered', false)
    .option('--store <url>', 'store URL (sqlite:PATH or mongodb://…); default MCE_STORE')
    .option(
      '--artifacts <dir|url>',
      'registry folder, file:DIR or gs://bucket/prefix; default MCE_ARTIFACTS (./artifacts)',
    )
    .option('--json', 'print the outcome as JSON on stdout', false)
    .action(
      async (opts: {
        windowDays: number;
        backtestDays: number;
        promote: boolean;
        store?: string;
        artifacts?: string;
        json: boolean;
      }) => {
        const ctx = await openLocalContext({ store: opts.store, artifacts: opts.artifacts });
        try {
          const before = await readIngestActivity(ctx.store);
          const warn = (w: string) => process.stderr.write(`train: warning: ${w}\n`);
          ingestActivityWarnings(before, before).forEach(warn);
          const now = Date.now();
          const runId = `train-${new Date(now).toISOString().replace(/[-:.]/g, '').slice(0, 15)}`;
          const options: Partial<TrainOptions> = {
            windowDays: opts.windowDays,
            backtestDays: opts.backtestDays,
            promote: opts.promote,
          };
          const deps = {
            store: ctx.store,
            blobs: openBlobStore(ctx.config.artifactsUrl, ctx.config),
            bus: createMemoryBus(),
            logger: ctx.logger,
            now: () => Date.now(),
            codeRevision: codeRevision(ctx.config.codeRevision),
          };
          const started = Date.now();
          const result = await runTraining({ runId, options }, deps, (s, plan) => {
            const wape = (s.report.overall.model.wape * 100).toFixed(1);
            process.stderr.write(
              `train: segment ${s.segment + 1}/${plan.segments.length} (${s.supplies} supplies, ${s.trainRows} rows) ${s.status}, WAPE ${wape}% in ${(s.durationMs / 1000).toFixed(1)} s\n`,
            );
          });
          const { plan, outcome } = result;
          const after = await readIngestActivity(ctx.store);
          ingestActivityWarnings({ ...before, processing: [] }, after).forEach(warn);
          process.stderr.write(
            `train: window ${plan.windowStart}..${plan.windowEnd}, ${plan.segments.length} segments, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
          );
          if (opts.json)
            process.stdout.write(
              `${JSON.stringify(
                {
                  runId,
                  version: plan.version,
                  window: { start: plan.windowStart, end: plan.windowEnd },
                  ...outcome,
                },
                null,
                2,
              )}\n`,
            );
          else process.stdout.write(`${trainMetricsTable(result.segments, outcome)}\n`);
          if (outcome.outcome === 'rejected')
            throw new ChallengerLostError(`Not registered: ${outcome.reason}`);
          if (outcome.outcome === 'registered' && !opts.json) {
            process.stdout.write(
              `registered ${outcome.version} as ${outcome.promoted ? 'prod' : 'pre'}\n`,
            );
          }
        } finally {
          await ctx.close();
        }
      },
    );
}
