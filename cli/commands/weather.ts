import { type Command, InvalidArgumentError } from 'commander';
import { ingestWeather, type WeatherIngestSummary } from '../../shared/pipelines/weather.js';
import { openWeatherSource } from '../../shared/runtime/open-weather-source.js';
import { type WeatherKind } from '../../shared/types.js';
import { openLocalContext } from '../context.js';
import { dayArgument } from '../dates.js';
import { EXIT } from '../exit.js';

const SOURCES = ['open-meteo', 'openweather', 'files'] as const;
type SourceName = (typeof SOURCES)[number];

interface WeatherIngestOptions {
  store?: string;
  date?: string;
  source?: SourceName;
  dir?: string;
  kinds: string;
}

function sourceName(value: string): SourceName {
  if (!(SOURCES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${SOURCES.join(', ')}`);
  }
  return value as SourceName;
}

function printSummary(s: WeatherIngestSummary): void {
  process.stdout.write(
    `weather ${s.date} from ${s.source}: ${s.locations} locations, ${s.rows} rows ` +
      `(${s.inserted} new, ${s.replaced} replaced, ${s.unchanged} unchanged), ${s.calls} calls\n`,
  );
  for (const skipped of s.skipped) process.stdout.write(`  skipped ${skipped}\n`);
  for (const gap of s.gaps.slice(0, 20)) {
    process.stdout.write(`  gap ${gap.location}: ${gap.missingHours} h missing (${gap.reason})\n`);
  }
  if (s.gaps.length > 20) process.stdout.write(`  … and ${s.gaps.length - 20} more gaps\n`);
}

/** Registers `mce weather ingest`. */
export function registerWeather(program: Command): void {
  const weather = program.command('weather').description('weather observations and forecasts');
  weather
    .command('ingest')
    .description('fetch and store the weather of every supply location for a day')
    .option('--date <day>', 'local day YYYY-MM-DD (default: today)', dayArgument)
    .option('--source <name>', `${SOURCES.join(' | ')} (default: MCE_WEATHER_SOURCE)`, sourceName)
    .option(
      '--dir <dir>',
      'folder with weather/*.jsonl (files source, e.g. an mce generate output)',
    )
    .option('--kinds <list>', 'observed,forecast', 'observed,forecast')
    .option('--store <url>', 'sqlite:PATH or mongodb://… (default: MCE_STORE)')
    .addHelpText(
      'after',
      '\nexit status: 0 all good, 3 some locations or hours missing, 2 bad arguments',
    )
    .action(async (options: WeatherIngestOptions) => {
      const kinds = options.kinds.split(',').map((k) => k.trim());
      if (!kinds.every((k) => k === 'observed' || k === 'forecast')) {
        throw new InvalidArgumentError('--kinds lists observed and/or forecast');
      }
      const { config, store, logger, close } = await openLocalContext(options);
      try {
        const now = () => Date.now();
        const source = openWeatherSource(config, {
          now,
          ...(options.source ? { name: options.source } : {}),
          ...(options.dir ? { dir: options.dir } : {}),
        });
        const summary = await ingestWeather(
          { ...(options.date ? { date: options.date } : {}), kinds: kinds as WeatherKind[] },
          { store, source, logger, now },
        );
        printSummary(summary);
        if (summary.partial) process.exitCode = EXIT.partial;
      } finally {
        await close();
      }
    });
}
