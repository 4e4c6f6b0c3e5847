import { Command, CommanderError } from 'commander';
import { AppError } from '../shared/errors.js';
import { registerDemo } from './commands/demo.js';
import { registerForecast } from './commands/forecast.js';
import { registerGenerate } from './commands/generate.js';
import { registerIngest } from './commands/ingest.js';
import { registerModels } from './commands/models.js';
import { registerMonitor } from './commands/monitor.js';
import { registerParse } from './commands/parse.js';
import { registerPredictions } from './commands/predictions.js';
import { registerReadings } from './commands/readings.js';
import { registerReport } from './commands/report.js';
import { registerTrain } from './commands/train.js';
import { registerWeather } from './commands/weather.js';
import { EXIT } from './exit.js';

export { EXIT } from './exit.js';

/**
 * Ends the process quietly when stdout's reader goes away (`mce parse F | head -1`): there is no
 * one left to print to. Whatever was being stored is safe: ingestion survives any stop.
 */
function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
}

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
  registerMonitor(program);
  registerDemo(program);
  return program;
}

/** Runs the CLI; resolves to the process exit status. */
export async function run(argv: readonly string[]): Promise<number> {
  endQuietlyOnClosedStdout();
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
