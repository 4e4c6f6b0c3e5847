import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { type Command } from 'commander';
import {
  createLocalObjectSource,
  LOCAL_BUCKET,
  localGeneration,
} from '../../shared/adapters/files/object-source.js';
import { InvalidInputError } from '../../shared/errors.js';
import { type IngestResult, ingestMeterFile } from '../../shared/pipelines/ingest.js';
import { ingestWeatherLines } from '../../shared/pipelines/ingest-weather-file.js';
import { readSuppliesCsvRows } from '../../shared/synth/supplies-csv.js';
import { type LineRefusal } from '../../shared/types.js';
import { type LocalContext, openLocalContext, type StoreOptions } from '../context.js';
import { EXIT } from '../exit.js';
import { collectIngestPaths, type IngestPaths } from '../ingest-paths.js';
import { createProgress, formatTable } from '../progress.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'ingest metering files (F5D, RF5D, P5D; plain or compressed), supplies CSVs and weather JSON lines',
    )
    .argument('<paths...>', 'files or folders (folders are walked recursively)')
    .option(
      '--store <url>',
      'sqlite:PATH or mongodb://… (default: MCE_STORE or sqlite:./data/mce.db)',
    )
    .option(
      '--blobs <url>',
      'where quarantine reports go (default: MCE_BLOBS or file:./data/blobs)',
    )
    .addHelpText(
      'after',
      '\nEach file is ingested once: re-running on the same files changes nothing. A reading replaces\n' +
        'a stored one only with higher precedence (P5D < F5D < RF5D, then generation date, version).\n' +
        'A metering file is stored whole or not at all; refused lines are listed in\n' +
        'quarantine/<file>/<generation>.json in the blob store.\n' +
        'exit status: 0 all good, 3 some lines, files or folder entries refused (the rest ingested),\n' +
        '2 bad arguments (a named path that does not exist or is not an ingestible file: nothing done),\n' +
        '1 a failure a retry may cure (the store unreachable)',
    )
    .action(async (paths: string[], options: StoreOptions) => {
      const files = await collectIngestPaths(paths); // before the store: a bad path creates none
      const context = await openLocalContext(options);
      try {
        process.exitCode = await ingestCommand(files, context);
      } finally {
        await context.close();
      }
    });
}

const refuse = (what: string) => process.stderr.write(`refused: ${what}\n`);
const refuseLine = (r: LineRefusal) =>
  refuse(`${r.file} line ${r.line}, field ${r.field}: ${r.reason}`);

/** Supplies CSVs and weather JSON lines; returns how many lines or files were refused. */
export async function ingestSideFiles(
  files: IngestPaths,
  ctx: Pick<LocalContext, 'store'>,
): Promise<number> {
  let refused = 0;
  for (const path of files.csv) {
    try {
      const { rows, refused: bad } = readSuppliesCsvRows(
        await readFile(path, 'utf8'),
        basename(path),
      );
      await ctx.store.upsertSupplies(rows.map((r) => r.patch));
      process.stderr.write(`supplies: ${rows.length} from ${basename(path)}\n`);
      bad.forEach(refuseLine);
      refused += bad.length;
    } catch (error: unknown) {
      if (!(error instanceof InvalidInputError)) throw error;
      refuse(error.message);
      refused++;
    }
  }
  for (const path of files.weather) {
    const lines = createInterface({
      input: createReadStream(path),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    const counts = await ingestWeatherLines(lines, basename(path), ctx.store);
    process.stderr.write(
      `weather: ${counts.rows} rows (${counts.inserted} new) from ${basename(path)}\n`,
    );
    counts.refused.forEach(refuseLine);
    refused += counts.refused.length;
  }
  return refused;
}

/**
 * Ingests one local metering file as the function ingests an uploaded object (its generation
 * from the file's metadata), with the configuration's limits and `now` as the clock.
 */
export async function ingestLocalFile(
  path: string,
  ctx: Pick<LocalContext, 'store' | 'blobs' | 'openScratch' | 'logger' | 'config'>,
  options: { now: () => number; onProgress?: (readings: number) => void },
): Promise<IngestResult> {
  const input = { bucket: LOCAL_BUCKET, object: path, generation: await localGeneration(path) };
  return ingestMeterFile(input, {
    store: ctx.store,
    objects: LOCAL_OBJECTS,
    blobs: ctx.blobs,
    openScratch: ctx.openScratch,
    logger: ctx.logger,
    now: options.now,
    zoneOverrides: ctx.config.zoneOverrides,
    maxInflateBytes: ctx.config.maxInflateBytes,
    maxReadingWh: ctx.config.maxReadingWh,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

const LOCAL_OBJECTS = createLocalObjectSource();

async function ingestCommand(files: IngestPaths, ctx: LocalContext): Promise<number> {
  for (const path of files.skipped)
    process.stderr.write(`skipped (not a metering, supplies or weather file): ${path}\n`);
  for (const { path, reason } of files.bad) refuse(`${path}: ${reason}`);
  const sideRefused = await ingestSideFiles(files, ctx);
  const progress = createProgress('ingest', files.meter.length);
  const started = performance.now();
  const results: IngestResult[] = [];
  let readingsBefore = 0;
  for (const [i, path] of files.meter.entries()) {
    const result = await ingestLocalFile(path, ctx, {
      now: () => Date.now(),
      onProgress: (n) => progress.update(i, rate(readingsBefore + n, started)),
    });
    readingsBefore += result.readings;
    results.push(result);
    progress.update(i + 1, rate(readingsBefore, started));
  }
  progress.finish(rate(readingsBefore, started));
  printSummary(results);
  const refused =
    sideRefused > 0 ||
    files.bad.length > 0 ||
    results.some((r) => r.status === 'rejected' || r.rejected > 0);
  return refused ? EXIT.partial : EXIT.ok;
}

function rate(readings: number, started: number): string {
  const seconds = (performance.now() - started) / 1000;
  return `${readings} readings, ${Math.round(readings / Math.max(seconds, 1e-3))} rows/s`;
}

function printSummary(results: readonly IngestResult[]): void {
  const head = ['file', 'status', 'readings', 'new', 'replaced', 'unchanged', 'rejected'];
  const row = (name: string, status: string, rs: readonly IngestResult[]) => [
    name,
    status,
    ...(['readings', 'inserted', 'replaced', 'unchanged', 'rejected'] as const).map((k) =>
      rs.reduce((sum, r) => sum + r[k], 0),
    ),
  ];
  const rows: (string | number)[][] = [head];
  if (results.length <= 20) {
    for (const r of results) rows.push(row(basename(r.file.object), r.status, [r]));
  } else {
    const statuses = [...new Set(results.map((r) => r.status))];
    for (const s of statuses) {
      const group = results.filter((r) => r.status === s);
      rows.push(row(`${group.length} files`, s, group));
    }
  }
  rows.push(row('total', `${results.length} files`, results));
  console.log(formatTable(rows));
  for (const r of results) {
    if (r.quarantine)
      console.log(
        `${basename(r.file.object)}: ${r.message ?? `${r.rejected} lines refused`} (report: ${r.quarantine})`,
      );
  }
}
