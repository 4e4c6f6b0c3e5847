import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { type Command } from 'commander';
import { createFileScratch } from '../../shared/adapters/files/scratch.js';
import { loadConfig } from '../../shared/config.js';
import { AppError } from '../../shared/errors.js';
import { readingToJsonLine } from '../../shared/f5d/reading-json.js';
import { spoolMeterFile } from '../../shared/pipelines/spool-meter-file.js';
import { EXIT } from '../exit.js';
import { createLineWriter } from '../output.js';

/**
 * `mce parse <file>`: the readings ingestion would store, as JSON lines on stdout, once the whole
 * file has been read; refused lines and warnings as JSON on stderr as they are found.
 */
export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('parse one F5D/RF5D/P5D file (plain, .gz, .bz2 or .zip) and print its readings')
    .argument('<file>', 'metering file, named like F5D_0031_0762_20240101.0[.bz2|.zip|.gz]')
    .option('--summary', 'print a summary object on stderr at the end')
    .addHelpText(
      'after',
      '\nstdout: one JSON object per reading ingestion would store (cups, hourEnd in UTC, wh, kind,\n' +
        'method, firm…), printed once the whole file is read (a file is stored whole or not at all)\n' +
        'stderr: one JSON object per rejected line (file, line, field, reason) or warning\n' +
        'exit status: 0 every line valid, 3 some lines rejected, 2 not readable as a metering file',
    )
    .action(async (file: string, opts: { summary?: boolean }) => {
      process.exitCode = await parseCommand(file, opts.summary === true);
    });
}

async function parseCommand(file: string, printSummary: boolean): Promise<number> {
  const config = loadConfig();
  const stderr = (value: unknown) => process.stderr.write(`${JSON.stringify(value)}\n`);
  const scratch = await createFileScratch(config.scratchDir)();
  try {
    const spooled = await spoolMeterFile(
      readChunks(file),
      {
        fileName: file,
        zoneOverrides: config.zoneOverrides,
        maxInflateBytes: config.maxInflateBytes,
        maxReadingWh: config.maxReadingWh,
      },
      scratch,
      { rejected: stderr, warned: stderr },
    );
    if (spooled.fileError) {
      stderr({ file, error: spooled.fileError.message });
      return EXIT.usage;
    }
    const stdout = createLineWriter(process.stdout);
    for await (const batch of spooled.spool.batches(4096)) {
      for (const r of batch) await stdout.write(readingToJsonLine(r));
    }
    await stdout.end();
    const { kind, readings, rejected, warnings } = spooled;
    if (printSummary)
      stderr({ summary: { file: basename(file), kind, readings, rejected, warnings } });
    return rejected > 0 ? EXIT.partial : 0;
  } catch (error: unknown) {
    if (error instanceof AppError || isFileSystemError(error)) {
      stderr({ file, error: (error as Error).message });
      return EXIT.usage;
    }
    throw error;
  } finally {
    await scratch.discard();
  }
}

/** The file's bytes, opened only when the parser starts reading (after the name is checked). */
async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  yield* createReadStream(path, { highWaterMark: 1 << 16 });
}

function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && 'syscall' in error;
}
