import * as ff from '@google-cloud/functions-framework';
import { type FunctionNeed } from '../../shared/config-needs.js';
import { acceptEvent, acknowledgePermanent } from '../../shared/events/accept.js';
import { type PubsubCloudEvent } from '../../shared/events/pubsub.js';
import { parseWeatherTick } from '../../shared/events/weather-tick.js';
import * as weather from '../../shared/pipelines/weather.js';
import { type WeatherSource } from '../../shared/ports.js';
import { getFunctionDeps } from '../../shared/runtime/function-deps.js';
import { openWeatherSource } from '../../shared/runtime/open-weather-source.js';

/** What this function reads from its environment in production (terraform/ sets it). */
export const PRODUCTION_NEEDS: readonly FunctionNeed[] = ['store', 'weather'];

/** openSource builds a fresh source per run: each run has its own call budget. */
export type WeatherHandlerDeps = Omit<weather.WeatherIngestDeps, 'source'> & {
  openSource: () => WeatherSource;
  maxEventAgeMs: number;
};

/** Cloud Scheduler weather tick (Pub/Sub) -> fetch and store the weather of every supply location. */
export async function handle(
  event: PubsubCloudEvent,
  deps: WeatherHandlerDeps,
): Promise<weather.WeatherIngestSummary | undefined> {
  const input = acceptEvent(event, (m) => parseWeatherTick(m.json), deps);
  if (input === undefined) return undefined;
  const logger = deps.logger.child({ eventId: event.id });
  try {
    const summary = await weather.ingestWeather(input, {
      ...deps,
      source: deps.openSource(),
      logger,
    });
    // Location keys are coordinates, not personal data: the first gaps are worth reading.
    logger.info('weather ingested', { ...summary, gaps: summary.gaps.slice(0, 10) });
    return summary;
  } catch (error: unknown) {
    return acknowledgePermanent(error, logger);
  }
}

ff.cloudEvent('ingest-weather', async (event: ff.CloudEvent<PubsubCloudEvent['data']>) => {
  const d = await getFunctionDeps();
  const openSource = () => openWeatherSource(d.config, { now: d.now });
  await handle(event, { ...d, openSource, maxEventAgeMs: d.config.maxEventAgeMs });
});
