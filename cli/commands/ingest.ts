import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { type Command } from 'commander';
import {
  createLocalObjectSource,
  LOCAL_BUCKET,
  localGeneration,
} from '../../shared/adapters/files/object-source.js';
import { type IngestResult, ingestMeterFile } from '../../shared/pipelines/ingest.js';
import { ingestWeatherLines } from '../../shared/pipelines/ingest-weather-file.js';
import { parseSuppliesCsv } from '../../shared/synth/supplies-csv.js';
import { type LocalContext, openLocalContext, type StoreOptions } from '../context.js';
import { createProgress, formatTable } from '../progress.js';

const METER_NAME = /^(F5D|RF5D|P5D)_\d{4}_\d{4}_\d{8}\.\d+(\.(bz2|zip|gz))?$/i;

interface Collected {
  csv: string[];
  weather: string[];
  meter: string[];
  skipped: string[];
}

/** Files under the given paths by what they hold (supplies CSV, weather JSON lines, metering). */
async function collect(paths: readonly string[]): Promise<Collected> {
  const found: Collected = { csv: [], weather: [], meter: [], skipped: [] };
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      const names = (await readdir(path)).sort();
      for (const name of names) await visit(join(path, name));
    } else if (/\.csv$/i.test(path)) {
      found.csv.push(path);
    } else if (/\.jsonl$/i.test(path)) {
      found.weather.push(path);
    } else if (METER_NAME.test(basename(path))) {
      found.meter.push(path);
    } else {
      found.skipped.push(path);
    }
  };
  for (const p of paths) await visit(resolve(p));
  return found;
}

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
        'Refused lines are listed in quarantine/<file>.json in the blob store.\n' +
        'exit status: 0 all good, 3 some lines or files refused, 2 bad arguments',
    )
    .action(async (paths: string[], options: StoreOptions) => {
      const context = await openLocalContext(options);
      try {
        process.exitCode = await ingestCommand(paths, context);
      } finally {
        await context.close();
      }
    });
}

async function ingestCommand(paths: readonly string[], ctx: LocalContext): Promise<number> {
  const files = await collect(paths);
  for (const path of files.skipped)
    process.stderr.write(`skipped (not a metering, supplies or weather file): ${path}\n`);
  for (const path of files.csv) {
    const supplies = parseSuppliesCsv(await readFile(path, 'utf8'), basename(path));
    await ctx.store.upsertSupplies(supplies);
    process.stderr.write(`supplies: ${supplies.length} from ${basename(path)}\n`);
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
  }
  const objects = createLocalObjectSource();
  const progress = createProgress('ingest', files.meter.length);
  const started = performance.now();
  const results: IngestResult[] = [];
  let readingsBefore = 0;
  for (const [i, path] of files.meter.entries()) {
    const input = { bucket: LOCAL_BUCKET, object: path, generation: await localGeneration(path) };
    const result = await ingestMeterFile(input, {
      store: ctx.store,
      objects,
      blobs: ctx.blobs,
      logger: ctx.logger,
      now: () => Date.now(),
      zoneOverrides: ctx.config.zoneOverrides,
      maxInflateBytes: ctx.config.maxInflateBytes,
      onProgress: (n) => progress.update(i, rate(readingsBefore + n, started)),
    });
    readingsBefore += result.readings;
    results.push(result);
    progress.update(i + 1, rate(readingsBefore, started));
  }
  progress.finish(rate(readingsBefore, started));
  printSummary(results);
  const refused = results.some((r) => r.status === 'rejected' || r.rejected > 0);
  return refused ? 3 : 0;
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
