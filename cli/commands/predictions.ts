import { type Command, InvalidArgumentError } from 'commander';
import { type Zone } from '../../shared/calendar/zone.js';
import { InvalidInputError } from '../../shared/errors.js';
import { checkCups } from '../../shared/f5d/cups.js';
import { hourEndLabel } from '../../shared/f5d/format.js';
import { type PredictionRow, STAGES, type Stage } from '../../shared/types.js';
import { openLocalContext, type StoreOptions } from '../context.js';
import { dayArgument } from '../dates.js';
import { createLineWriter } from '../output.js';

/** `mce predictions`: the stored forecast of a day, one row per supply-hour, as JSON lines or CSV. */

/** Output columns, in order (CSV header). localHour and summer are the files' label and flag. */
export const PREDICTION_COLUMNS = [
  'cups',
  'hourEnd',
  'localHour',
  'summer',
  'wh',
  'p10',
  'p90',
  'stage',
  'modelVersion',
  'runId',
  'fallback',
] as const;

type Format = 'jsonl' | 'csv';

function parseStage(value: string): Stage {
  if ((STAGES as readonly string[]).includes(value)) return value as Stage;
  throw new InvalidArgumentError('expected prod or pre');
}

function parseFormat(value: string): Format {
  if (value === 'jsonl' || value === 'csv') return value;
  throw new InvalidArgumentError('expected jsonl or csv');
}

/** One output record: the hour as the metering files label it, in the supply's zone. */
export function predictionRecord(row: PredictionRow, zone: Zone) {
  const { label, flag } = hourEndLabel(row.hourEnd, zone);
  return {
    cups: row.cups,
    hourEnd: new Date(row.hourEnd).toISOString(),
    localHour: label,
    summer: flag,
    wh: row.wh,
    p10: row.p10,
    p90: row.p90,
    stage: row.stage,
    modelVersion: row.modelVersion,
    runId: row.runId,
    fallback: row.fallback,
  };
}

function formatLine(record: ReturnType<typeof predictionRecord>, format: Format): string {
  if (format === 'jsonl') return `${JSON.stringify(record)}\n`;
  return `${PREDICTION_COLUMNS.map((c) => String(record[c] ?? '')).join(',')}\n`;
}

export function registerPredictions(program: Command): void {
  program
    .command('predictions')
    .description('print the stored forecast of a day, one row per supply and hour')
    .requiredOption('--date <day>', 'the Europe/Madrid day (YYYY-MM-DD)', dayArgument)
    .option('--stage <stage>', 'prod or pre', parseStage, 'prod' as Stage)
    .option('--cups <cups>', 'one supply only (20 or 22 characters)')
    .option('--format <format>', 'jsonl or csv (with a header)', parseFormat, 'jsonl' as Format)
    .option(
      '--store <url>',
      'sqlite:PATH or mongodb://… (default: MCE_STORE or sqlite:./data/mce.db)',
    )
    .addHelpText(
      'after',
      `\nColumns: ${PREDICTION_COLUMNS.join(', ')}. wh is the forecast and p10/p90 its interval (Wh over the hour ending at hourEnd, UTC); localHour and summer are the hour's label and summer flag as the metering files write them; fallback names what replaced the model's usual inputs (empty when nothing did).`,
    )
    .action(
      async (
        opts: StoreOptions & { date: string; stage: Stage; cups?: string; format: Format },
      ) => {
        if (opts.cups !== undefined) {
          const problem = checkCups(opts.cups);
          if (problem)
            throw new InvalidInputError(`"${opts.cups}" is not a valid CUPS (${problem})`);
        }
        const context = await openLocalContext(opts);
        try {
          const zones = new Map((await context.store.listSupplies()).map((s) => [s.cups, s.zone]));
          const rows =
            opts.cups === undefined
              ? context.store.predictionsOfDay(opts.stage, opts.date)
              : await context.store.supplyPredictions(
                  opts.stage,
                  opts.cups.slice(0, 20),
                  opts.date,
                  opts.date,
                );
          const out = createLineWriter(process.stdout);
          if (opts.format === 'csv') await out.write(`${PREDICTION_COLUMNS.join(',')}\n`);
          let n = 0;
          for await (const row of rows) {
            await out.write(
              formatLine(
                predictionRecord(row, zones.get(row.cups) ?? 'Europe/Madrid'),
                opts.format,
              ),
            );
            n++;
          }
          await out.end();
          if (n === 0) {
            const whose = opts.cups === undefined ? '' : ` of ${opts.cups}`;
            throw new InvalidInputError(
              `No ${opts.stage} predictions${whose} for ${opts.date}: run \`mce forecast --date ${opts.date}\` first`,
            );
          }
        } finally {
          await context.close();
        }
      },
    );
}
