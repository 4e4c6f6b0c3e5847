import { ARCHETYPE_SPECS } from './archetypes.js';
import {
  buildFleetData,
  type FleetData,
  type GenerateOptions,
  type SynthChunk,
} from './fleet-data.js';
import { meteringFiles } from './metering-files.js';
import { formatSuppliesCsv } from './supplies-csv.js';
import { forecastLines, isoHours, observedLines } from './weather-lines.js';
import { forecastIssueUtc } from './weather-rows.js';

function* weatherChunks(data: FleetData): Generator<SynthChunk> {
  const locations = new Map(data.fleet.map((s) => [s.location.key, s.location]));
  const iso = new Map([...data.weather].map(([key, series]) => [key, isoHours(series)]));
  for (const [key, series] of data.weather) {
    yield { path: 'weather/observed.jsonl', data: observedLines(key, series, iso.get(key)!) };
  }
  for (const day of data.days) {
    let text = '';
    for (const [key, series] of data.weather) {
      const loc = locations.get(key)!;
      text += forecastLines(loc, series, data.options.seed, forecastIssueUtc(day), iso.get(key)!);
    }
    yield { path: `weather/forecast-${day.slice(0, 7)}.jsonl`, data: text };
  }
}

/**
 * Generates every output file of a synthetic fleet as chunks, in a fixed order: supplies.csv,
 * changes.json, weather/*.jsonl, then metering/<P5D|F5D|RF5D files>. Deterministic per options.
 */
export function* generateFleetFiles(
  options: GenerateOptions,
  progress: (message: string) => void = () => {},
): Generator<SynthChunk> {
  const data = buildFleetData(options, progress);
  yield {
    path: 'supplies.csv',
    data: formatSuppliesCsv(
      data.fleet.map((s) => ({
        cups: s.cups,
        latitude: s.location.latitude,
        longitude: s.location.longitude,
        province: s.location.provinceCode,
        zone: s.location.zone,
        tariff: ARCHETYPE_SPECS[s.archetype].tariff,
        archetype: s.archetype,
      })),
    ),
  };
  const truth = { seed: options.seed, from: options.from, to: options.to, changes: data.changes };
  yield { path: 'changes.json', data: `${JSON.stringify(truth, null, 2)}\n` };
  yield* weatherChunks(data);
  progress('weather files written');
  yield* meteringFiles(data, progress);
}
