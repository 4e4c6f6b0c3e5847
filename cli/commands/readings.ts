import { type Command } from 'commander';
import { InvalidInputError } from '../../shared/errors.js';
import { checkCups } from '../../shared/f5d/cups.js';
import { type Reading } from '../../shared/types.js';
import { openLocalContext, type StoreOptions } from '../context.js';
import { assertOrdered, parseBound } from '../dates.js';
import { createLineWriter } from '../output.js';

function toJson(r: Reading): string {
  const hourEnd = new Date(r.hourEnd).toISOString();
  return `${JSON.stringify({ cups: r.cups, hourEnd, wh: r.wh, kind: r.kind, version: r.version, fileDate: r.fileDate })}\n`;
}

export function registerReadings(program: Command): void {
  program
    .command('readings')
    .description('print the stored hourly readings of one supply as JSON lines')
    .argument('<cups>', 'the supply (20 or 22 characters)')
    .requiredOption(
      '--from <day>',
      'first Europe/Madrid day (YYYY-MM-DD) or an ISO instant (exclusive)',
    )
    .requiredOption(
      '--to <day>',
      'last Europe/Madrid day (YYYY-MM-DD) or an ISO instant (inclusive)',
    )
    .option(
      '--store <url>',
      'sqlite:PATH or mongodb://… (default: MCE_STORE or sqlite:./data/mce.db)',
    )
    .addHelpText(
      'after',
      '\nEach line: cups, hourEnd (UTC end of the hour), wh, kind, version, fileDate.',
    )
    .action(async (cups: string, options: StoreOptions & { from: string; to: string }) => {
      const key = cups.toUpperCase();
      const problem = checkCups(key);
      if (problem) throw new InvalidInputError(`"${cups}" is not a valid CUPS (${problem})`);
      const from = parseBound(options.from, 'start', '--from');
      const to = parseBound(options.to, 'end', '--to');
      assertOrdered(options.from, options.to, from, to);
      const context = await openLocalContext(options);
      try {
        const out = createLineWriter(process.stdout);
        for (const r of await context.store.readings(key.slice(0, 20), from, to))
          await out.write(toJson(r));
        await out.end();
      } finally {
        await context.close();
      }
    });
}
