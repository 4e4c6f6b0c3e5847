/**
 * The demo's weather, delivered day by day as the weather function would fetch it: each row of
 * the generated weather files goes to the day of the first 10:00 Europe/Madrid tick at or after
 * it became known (a forecast when it was issued, an observation at the end of its hour).
 * Written once, as one JSON-lines file per tick day under the demo folder.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addDays } from '../../shared/calendar/days.js';
import { localDayOf, localTimeUtc } from '../../shared/calendar/zone.js';

const ZONE = 'Europe/Madrid';
/** Local hour of the weather tick (terraform's weather_schedule). */
export const WEATHER_TICK_HOUR = 10;

/** The day whose 10:00 tick first sees a row known at `knownAt` (UTC ms). */
export function weatherTickDay(knownAt: number): string {
  const day = localDayOf(knownAt, ZONE);
  return knownAt <= localTimeUtc(day, WEATHER_TICK_HOUR, ZONE) ? day : addDays(day, 1);
}

/** When a weather line became known: a forecast's issue instant, an observation's hour end. */
function knownAt(line: string): number {
  const row = JSON.parse(line) as { kind?: string; issuedAt?: string; hourEnd?: string };
  return Date.parse((row.kind === 'forecast' ? row.issuedAt : row.hourEnd) ?? '');
}

/**
 * Splits every `*.jsonl` file of `fromDir` into `<toDir>/<tick day>.jsonl` (written whole, each
 * through a temporary file). Returns the tick days, sorted.
 */
export async function splitWeatherByTickDay(fromDir: string, toDir: string): Promise<string[]> {
  const byDay = new Map<string, string[]>();
  for (const name of (await readdir(fromDir)).filter((n) => n.endsWith('.jsonl')).sort()) {
    const lines = createInterface({ input: createReadStream(join(fromDir, name)) });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const day = weatherTickDay(knownAt(line));
      const list = byDay.get(day) ?? [];
      list.push(line);
      byDay.set(day, list);
    }
  }
  await mkdir(toDir, { recursive: true });
  const days = [...byDay.keys()].sort();
  for (const day of days) {
    const path = join(toDir, `${day}.jsonl`);
    await writeFile(`${path}.tmp`, `${(byDay.get(day) ?? []).join('\n')}\n`);
    await rename(`${path}.tmp`, path);
  }
  return days;
}
