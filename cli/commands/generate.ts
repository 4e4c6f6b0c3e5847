import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { parseChangesSpec } from '../../shared/synth/changes.js';
import { MAX_SUPPLIES } from '../../shared/synth/fleet.js';
import { type GenerateOptions } from '../../shared/synth/fleet-data.js';
import { generateFleetFiles } from '../../shared/synth/generate.js';
import { assertOrdered, dayArgument } from '../dates.js';

/**
 * `mce generate`: writes a synthetic fleet to a folder exactly as distributors would deliver it
 * (metering/P5D_…, F5D_…, RF5D_…), plus supplies.csv, changes.json and weather/*.jsonl.
 */

function supplyCount(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive integer');
  if (n > MAX_SUPPLIES) {
    throw new InvalidArgumentError(
      `at most ${MAX_SUPPLIES} (a CUPS carries the supply's number in 6 digits)`,
    );
  }
  return n;
}

function seed(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected an integer >= 0');
  return n >>> 0;
}

/** Writes every chunk to its file (append after the first chunk of a path); returns bytes written. */
export function writeFleet(
  options: GenerateOptions,
  outDir: string,
  log: (m: string) => void,
): number {
  const fds = new Map<string, number>();
  let bytes = 0;
  let files = 0;
  try {
    for (const chunk of generateFleetFiles(options, log)) {
      let fd = fds.get(chunk.path);
      if (fd === undefined) {
        const path = join(outDir, chunk.path);
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, 'w');
        fds.set(chunk.path, fd);
        files++;
        if (files % 500 === 0) log(`${files} files, ${(bytes / 1e6).toFixed(0)} MB`);
      }
      const buffer = typeof chunk.data === 'string' ? Buffer.from(chunk.data, 'utf8') : chunk.data;
      writeSync(fd, buffer);
      bytes += buffer.length;
      // Metering files are written in one chunk each: close them at once.
      if (chunk.path.startsWith('metering/')) {
        closeSync(fd);
        fds.set(chunk.path, -1);
      }
    }
  } finally {
    for (const fd of fds.values()) if (fd >= 0) closeSync(fd);
  }
  return bytes;
}

/** Registers `mce generate`. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic fleet: metering files, supplies.csv, changes.json and weather')
    .requiredOption('--supplies <n>', `number of supplies (1 to ${MAX_SUPPLIES})`, supplyCount)
    .requiredOption('--from <day>', 'first local day, YYYY-MM-DD', dayArgument)
    .requiredOption('--to <day>', 'last local day (inclusive), YYYY-MM-DD', dayArgument)
    .requiredOption('--out <dir>', 'output folder')
    .option('--seed <n>', 'random seed', seed, 1)
    .option('--p5d <cadence>', 'P5D delivery: daily or weekly', 'daily')
    .option(
      '--changes <spec>',
      'e.g. solar:0.1@2024-06-01,ev:0.05@2024-09-01,vacancy:0.02@2024-10-01',
    )
    .option('--retailer <code>', 'retailer code in file names (4 digits)', '0762')
    .action((opts: Record<string, unknown>) => {
      const cadence = String(opts.p5d);
      if (cadence !== 'daily' && cadence !== 'weekly') {
        throw new InvalidArgumentError('--p5d must be daily or weekly');
      }
      assertOrdered(String(opts.from), String(opts.to));
      const retailer = String(opts.retailer);
      if (!/^\d{4}$/.test(retailer)) throw new InvalidArgumentError('--retailer must be 4 digits');
      const options: GenerateOptions = {
        supplies: opts.supplies as number,
        from: opts.from as string,
        to: opts.to as string,
        seed: opts.seed as number,
        p5d: cadence,
        changes: parseChangesSpec(typeof opts.changes === 'string' ? opts.changes : ''),
        retailer,
      };
      const started = performance.now();
      const log = (m: string) => process.stderr.write(`generate: ${m}\n`);
      const bytes = writeFleet(options, String(opts.out), log);
      const seconds = (performance.now() - started) / 1000;
      log(`done: ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
    });
}
