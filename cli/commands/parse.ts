import { createReadStream } from 'node:fs';
import { type Command } from 'commander';
import { loadConfig } from '../../shared/config.js';
import { AppError } from '../../shared/errors.js';
import { parseMeterFile } from '../../shared/f5d/parse.js';
import { readingToJsonLine } from '../../shared/f5d/reading-json.js';
import { createLineWriter } from '../output.js';

/** `mce parse <file>`: readings as JSON lines on stdout, rejected lines as JSON on stderr. */
export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('parse one F5D/RF5D/P5D file (plain, .gz, .bz2 or .zip) and print its readings')
    .argument('<file>', 'metering file, named like F5D_0031_0762_20240101.0[.bz2|.zip|.gz]')
    .option('--summary', 'print a summary object on stderr at the end')
    .addHelpText(
      'after',
      '\nstdout: one JSON object per valid reading (cups, hourEnd in UTC, wh, kind, method, firm…)\n' +
        'stderr: one JSON object per rejected line (file, line, field, reason) or warning\n' +
        'exit status: 0 every line valid, 3 some lines rejected, 2 not readable as a metering file',
    )
    .action(async (file: string, opts: { summary?: boolean }) => {
      process.exitCode = await parseCommand(file, opts.summary === true);
    });
}

async function parseCommand(file: string, printSummary: boolean): Promise<number> {
  const config = loadConfig();
  const stdout = createLineWriter(process.stdout);
  const stderr = (value: unknown) => process.stderr.write(`${JSON.stringify(value)}\n`);
  const events = parseMeterFile(readChunks(file), {
    fileName: file,
    zoneOverrides: config.zoneOverrides,
    maxInflateBytes: config.maxInflateBytes,
  });
  try {
    for (let next = await events.next(); ; next = await events.next()) {
      if (next.done) {
        await stdout.end();
        if (printSummary) stderr({ summary: next.value });
        return next.value.rejected > 0 ? 3 : 0;
      }
      const event = next.value;
      if (event.type === 'readings') {
        for (const r of event.readings) await stdout.write(readingToJsonLine(r));
      } else if (event.type === 'rejected') {
        stderr(event.rejection);
      } else {
        stderr(event.warning);
      }
    }
  } catch (error: unknown) {
    await stdout.end();
    if (error instanceof AppError || isFileSystemError(error)) {
      stderr({ file, error: (error as Error).message });
      return 2;
    }
    throw error;
  }
}

/** The file's bytes, opened only when the parser starts reading (after the name is checked). */
async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  yield* createReadStream(path, { highWaterMark: 1 << 16 });
}

function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && 'syscall' in error;
}
