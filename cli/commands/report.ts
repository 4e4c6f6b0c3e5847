import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Command } from 'commander';
import { InvalidInputError } from '../../shared/errors.js';
import { checkCups } from '../../shared/f5d/cups.js';
import { buildReport } from '../../shared/pipelines/report.js';
import { storedForecastRows, storedMonitoring } from '../../shared/pipelines/report-hooks.js';
import { readChartAssets } from '../../shared/runtime/chart-assets.js';
import { openBlobStore } from '../../shared/runtime/open-blob-store.js';
import { openLocalContext } from '../context.js';
import { dayArgument } from '../dates.js';

/** `mce report`: one self-contained HTML page of what happened over a period. */

interface ReportOptions {
  from?: string;
  to?: string;
  out: string;
  supply?: string[];
  store?: string;
  artifacts?: string;
}

/** The 20-character keys of the --supply values. Errors name the value's position, not the CUPS. */
export function supplyKeys(values: readonly string[]): string[] {
  return values.map((value, i) => {
    const cups = value.trim().toUpperCase();
    const problem = checkCups(cups);
    if (problem !== undefined) {
      throw new InvalidInputError(`--supply value ${i + 1} is not a valid CUPS (${problem})`);
    }
    return cups.slice(0, 20);
  });
}

/** Writes the page through a temporary file, so a crash never leaves half a report. */
export async function writeReportFile(path: string, html: string): Promise<string> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(`${target}.tmp`, html, 'utf8');
  await rename(`${target}.tmp`, target);
  return target;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'write one self-contained HTML report (forecasts, accuracy, drift, models, alerts) of a period',
    )
    .option(
      '--from <day>',
      'first local day, YYYY-MM-DD (default: 27 days before --to)',
      dayArgument,
    )
    .option(
      '--to <day>',
      'last local day, YYYY-MM-DD (default: the day after the newest reading, or today)',
      dayArgument,
    )
    .option('--out <file>', 'the HTML file to write', 'report.html')
    .option('--supply <cups...>', 'supplies to chart (default: the 10 largest prod errors)')
    .option('--store <url>', 'store URL (sqlite:PATH or mongodb://…); default MCE_STORE')
    .option(
      '--artifacts <dir|url>',
      'registry folder, file:DIR or gs://bucket/prefix; default MCE_ARTIFACTS (./artifacts)',
    )
    .action(async (opts: ReportOptions) => {
      const supplies = opts.supply === undefined ? undefined : supplyKeys(opts.supply);
      const ctx = await openLocalContext({ store: opts.store, artifacts: opts.artifacts });
      try {
        const { data, html } = await buildReport(
          { from: opts.from, to: opts.to, supplies },
          {
            store: ctx.store,
            blobs: openBlobStore(ctx.config.artifactsUrl, ctx.config),
            forecastRows: (stage, day) => storedForecastRows(ctx.store, stage, day),
            monitoring: (from, to) => storedMonitoring(ctx.store, from, to),
            now: () => Date.now(),
            logger: ctx.logger,
            chartAssets: await readChartAssets(),
          },
        );
        const path = await writeReportFile(opts.out, html);
        process.stderr.write(
          `report: ${data.from} to ${data.to}, ${data.forecasts.supplies.length} supplies charted, ${data.scores.days.length} scored days, ${data.lineage.versions.length} model versions, ${data.alerts.notices.length} alert e-mails, ${(Buffer.byteLength(html) / 1024).toFixed(0)} kB\n`,
        );
        process.stdout.write(`${path}\n`);
      } finally {
        await ctx.close();
      }
    });
}
