import { InvalidInputError } from '../errors.js';
import { type UpsertCounts, type WeatherStore } from '../ports.js';
import { type LineRefusal, type WeatherRow } from '../types.js';
import { parseWeatherLine } from '../weather/weather-line.js';

const BATCH = 5_000;

/**
 * Upserts the rows of one weather JSON-lines file (the shape the weather store holds, as
 * `mce generate` writes it) into the weather store, in batches. A malformed line is refused,
 * naming its file, line and field, and the other lines are kept.
 */
export async function ingestWeatherLines(
  lines: AsyncIterable<string>,
  fileName: string,
  store: WeatherStore,
): Promise<UpsertCounts & { rows: number; refused: LineRefusal[] }> {
  const total = { rows: 0, inserted: 0, replaced: 0, unchanged: 0 };
  const refused: LineRefusal[] = [];
  let batch: WeatherRow[] = [];
  const flush = async () => {
    const counts = await store.upsertWeather(batch);
    total.rows += batch.length;
    total.inserted += counts.inserted;
    total.replaced += counts.replaced;
    total.unchanged += counts.unchanged;
    batch = [];
  };
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    try {
      batch.push(parseWeatherLine(line, fileName, lineNo));
    } catch (error: unknown) {
      if (!(error instanceof InvalidInputError)) throw error;
      const field = String(error.details.field ?? 'line');
      refused.push({ file: fileName, line: lineNo, field, reason: error.message });
      continue;
    }
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return { ...total, refused };
}
