import { type Command, InvalidArgumentError } from 'commander';
import { addDays } from '../../shared/calendar/days.js';
import { localDayOf } from '../../shared/calendar/zone.js';
import { InvalidInputError } from '../../shared/errors.js';
import { createModelCache } from '../../shared/registry/model-cache.js';
import { runForecastInProcess } from '../../shared/runtime/forecast-in-process.js';
import { openBlobStore } from '../../shared/runtime/open-blob-store.js';
import { type RunRecord, STAGES, type Stage } from '../../shared/types.js';
import { openLocalContext } from '../context.js';
import { dayArgument } from '../dates.js';
import { createProgress, formatTable, type Progress } from '../progress.js';

/** `mce forecast`: the day-ahead forecast of every active supply, through the production pipeline. */

/** EXIT.partial of cli/main.ts (not imported: main imports this module). */
const EXIT_PARTIAL = 3;

function parseStages(value: string): Stage[] {
  if (value === 'both') return [...STAGES];
  if ((STAGES as readonly string[]).includes(value)) return [value as Stage];
  throw new InvalidArgumentError('expected prod, pre or both');
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);

function summary(runs: readonly RunRecord[]): string {
  const reasons = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '-';
  return formatTable([
    [
      'stage',
      'version',
      'status',
      'supplies',
      'hours',
      'batches',
      'fallbacks',
      'not forecast',
      'time',
    ],
    ...runs.map((r) => [
      r.stage,
      r.modelVersion ?? '-',
      r.status,
      `${r.suppliesForecast}/${r.suppliesPlanned}`,
      r.rows,
      `${r.batchesDone}/${r.batchesPlanned}${r.batchesFailed > 0 ? ` (${r.batchesFailed} failed)` : ''}`,
      reasons(r.fallbacks),
      reasons(r.unforecast),
      seconds(r.timings.wallMs),
    ]),
  ]);
}

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description(
      'forecast every hour of a day for every active supply, with the prod and pre models',
    )
    .option('--date <day>', 'target Europe/Madrid day (default: tomorrow)', dayArgument)
    .option(
      '--stage <stage>',
      'prod, pre or both (pre only when a version is staged)',
      parseStages,
      [...STAGES],
    )
    .option('--store <url>', 'store URL (sqlite:PATH or mongodb://…); default MCE_STORE')
    .option(
      '--artifacts <dir|url>',
      'registry folder, file:DIR or gs://bucket/prefix; default MCE_ARTIFACTS (./artifacts)',
    )
    .option('--json', 'print the run records as JSON on stdout', false)
    .addHelpText('after', '\nRows go to the store; read them with `mce predictions --date D`.')
    .action(
      async (opts: {
        date?: string;
        stage: Stage[];
        store?: string;
        artifacts?: string;
        json: boolean;
      }) => {
        const ctx = await openLocalContext({ store: opts.store, artifacts: opts.artifacts });
        try {
          const now = Date.now();
          const day = opts.date ?? addDays(localDayOf(now, 'Europe/Madrid'), 1);
          const blobs = openBlobStore(ctx.config.artifactsUrl, ctx.config);
          let progress: Progress | undefined;
          let done = 0;
          const result = await runForecastInProcess(
            {
              tickId: `cli-${new Date(now).toISOString().replace(/[-:.]/g, '')}`,
              day,
              stages: opts.stage,
              batchSize: ctx.config.forecastBatchSize,
            },
            {
              store: ctx.store,
              blobs,
              logger: ctx.logger,
              now: () => Date.now(),
              models: createModelCache(blobs),
            },
            {
              onPlanned: (stages) => {
                const total = stages.reduce(
                  (n, s) => n + ('plan' in s ? s.plan.batches.length : 0),
                  0,
                );
                if (total > 0) progress = createProgress(`forecast ${day}`, total);
              },
              onBatch: (m) =>
                progress?.update(++done, `${m.stage} batch ${m.batch + 1}/${m.batches}`),
            },
          );
          progress?.finish();
          const runs: RunRecord[] = [];
          for (const s of result.stages) {
            if (s.outcome === 'skipped')
              process.stderr.write(`forecast: ${s.stage} skipped (${s.reason})\n`);
            if (s.outcome === 'failed') throw new InvalidInputError(s.reason);
            const run = await ctx.store.getRun({ kind: 'forecast', day, stage: s.stage });
            if (run !== undefined) runs.push(run);
          }
          process.stdout.write(`${opts.json ? JSON.stringify(runs, null, 2) : summary(runs)}\n`);
          if (runs.some((r) => r.status !== 'complete')) process.exitCode = EXIT_PARTIAL;
        } finally {
          await ctx.close();
        }
      },
    );
}
