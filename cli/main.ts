import { Command, CommanderError } from 'commander';
import { AppError } from '../shared/errors.js';
import { registerForecast } from './commands/forecast.js';
import { registerGenerate } from './commands/generate.js';
import { registerIngest } from './commands/ingest.js';
import { registerModels } from './commands/models.js';
import { registerParse } from './commands/parse.js';
import { registerPredictions } from './commands/predictions.js';
import { registerReadings } from './commands/readings.js';
import { registerReport } from './commands/report.js';
import { registerTrain } from './commands/train.js';
import { registerWeather } from './commands/weather.js';

/** Exit statuses shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;

/** Builds the `mce` program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('mce')
    .description('Day-ahead hourly consumption forecasts for every supply point (CUPS)')
    .showHelpAfterError()
    .exitOverride();
  registerParse(program);
  registerGenerate(program);
  registerIngest(program);
  registerReadings(program);
  registerTrain(program);
  registerModels(program);
  registerWeather(program);
  registerReport(program);
  registerForecast(program);
  registerPredictions(program);
  return program;
}

/** Runs the CLI; resolves to the process exit status. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mce: ${message}\n`);
    if (error instanceof AppError && !error.retryable) return EXIT.usage;
    return EXIT.failure;
  }
}
