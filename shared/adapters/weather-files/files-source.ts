import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DAY_MS } from '../../calendar/days.js';
import { InvalidInputError } from '../../errors.js';
import { type WeatherFetchResult, type WeatherRequest, type WeatherSource } from '../../ports.js';
import { type WeatherRow } from '../../types.js';
import { parseWeatherLine } from '../../weather/weather-line.js';
import { expectedHours, missingHoursGap } from '../weather-http/rows.js';

/**
 * Weather from JSON-lines files (what `mce generate` writes): `<dir>/weather/observed.jsonl` and
 * `<dir>/weather/forecast-YYYY-MM.jsonl` (by month of issue), one WeatherRow per line with ISO
 * instants. Forecasts: for each hour, the latest issue at or before the request's issuedAt.
 */

const HOUR_END = /"hourEnd":"([^"]+)"/;

async function readRows(
  path: string,
  req: WeatherRequest,
  keys: Set<string>,
): Promise<WeatherRow[]> {
  const out: WeatherRow[] = [];
  const name = path.slice(path.lastIndexOf('/') + 1);
  let lineNo = 0;
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    // Cheap pre-filter on the hour before parsing the whole line.
    const match = HOUR_END.exec(line);
    const hourEnd = match ? Date.parse(match[1] ?? '') : Number.NaN;
    if (!Number.isNaN(hourEnd) && (hourEnd <= req.fromMs || hourEnd > req.toMs)) continue;
    const row = parseWeatherLine(line, name, lineNo);
    if (row.kind !== req.kind || !keys.has(row.location)) continue;
    if (row.hourEnd <= req.fromMs || row.hourEnd > req.toMs) continue;
    if (req.kind === 'forecast' && row.issuedAt > req.issuedAt) continue;
    out.push(row);
  }
  return out;
}

/** Keeps, per (location, hour), the forecast of the latest issue. */
function latestIssue(rows: readonly WeatherRow[]): WeatherRow[] {
  const best = new Map<string, WeatherRow>();
  for (const r of rows) {
    const key = `${r.location}|${r.hourEnd}`;
    const seen = best.get(key);
    if (seen === undefined || r.issuedAt > seen.issuedAt) best.set(key, r);
  }
  return [...best.values()].sort(
    (a, b) => a.hourEnd - b.hourEnd || (a.location < b.location ? -1 : 1),
  );
}

/** Creates a source reading `<dir>/weather/*.jsonl`. */
export function createFilesWeatherSource(dir: string): WeatherSource {
  const weatherDir = join(dir, 'weather');
  return {
    name: 'files',
    historicalForecasts: true,
    async fetchWeather(req: WeatherRequest): Promise<WeatherFetchResult> {
      const keys = new Set(req.locations.map((l) => l.key));
      let rows: WeatherRow[] = [];
      if (req.kind === 'observed') {
        const path = join(weatherDir, 'observed.jsonl');
        if (!existsSync(path)) throw new InvalidInputError(`No weather/observed.jsonl in ${dir}`);
        rows = await readRows(path, req, keys);
      } else {
        // A forecast for these hours was issued at most two days before them.
        const months = new Set(
          [req.fromMs - 2 * DAY_MS, req.issuedAt, req.toMs].map((ms) =>
            new Date(ms).toISOString().slice(0, 7),
          ),
        );
        for (const month of [...months].sort()) {
          const path = join(weatherDir, `forecast-${month}.jsonl`);
          if (existsSync(path)) rows.push(...(await readRows(path, req, keys)));
        }
        rows = latestIssue(rows);
      }
      const expected = expectedHours(req).length;
      const gaps = req.locations.flatMap((l) => missingHoursGap(l.key, expected, rows));
      return { rows, gaps, calls: 0 };
    },
  };
}
