import { HOUR_MS, isSummerTime, type Zone, zoneOffsetsHours } from '../calendar/zone.js';

/** How to label the hour that starts summer time (01:00–02:00 CET on the March change day):
 * `02:00;0` (winter) or `03:00;1` (summer). */
export type MarchLabel = 'winter' | 'summer';

/**
 * The local hour-ending label and summer flag of a UTC hour end, as F5D/P5D files write them:
 * `YYYY/MM/DD HH:MM` where the last hour of a day is `00:00` of the next day.
 * @example hourEndLabel(Date.UTC(2024, 9, 27, 1), 'Europe/Madrid') // { label: '2024/10/27 02:00', flag: 0 }
 */
export function hourEndLabel(
  hourEndUtcMs: number,
  zone: Zone,
  march: MarchLabel = 'winter',
): { label: string; flag: 0 | 1 } {
  // The flag is the zone's state at the end of the hour: the October day then writes 02:00
  // twice (flag 1, then 0). The hour that starts summer time may also be written in winter time.
  let flag: 0 | 1 = isSummerTime(hourEndUtcMs, zone) ? 1 : 0;
  if (march === 'winter' && flag === 1 && !isSummerTime(hourEndUtcMs - HOUR_MS, zone)) flag = 0;
  const { standard, summer } = zoneOffsetsHours(hourEndUtcMs, zone);
  const local = new Date(hourEndUtcMs + (flag === 1 ? summer : standard) * HOUR_MS);
  const iso = local.toISOString();
  return {
    label: `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 16)}`,
    flag,
  };
}

/** The values of one F5D/RF5D line after CUPS, time and flag. */
export interface F5dValues {
  wh: number;
  exportWh?: number | null;
  method?: number;
  firm?: boolean;
  invoice?: string;
}

/** Formats one F5D/RF5D line (12 fields, or 14 with the 2024+ layout), without end of line. */
export function formatF5dLine(
  cups: string,
  hourEndUtcMs: number,
  zone: Zone,
  values: F5dValues,
  layout: 12 | 14 = 12,
  march: MarchLabel = 'winter',
): string {
  const { label, flag } = hourEndLabel(hourEndUtcMs, zone, march);
  const exportWh = values.exportWh ?? '';
  const firm = values.firm === false ? 0 : 1;
  const base = `${cups};${label};${flag};${values.wh};${exportWh};;;;;${values.method ?? 1};${firm};${values.invoice ?? ''}`;
  return layout === 14 ? `${base};0;0` : `${base};`;
}

/** Formats one P5D line (CUPS; time; flag; import Wh; export Wh), without end of line. */
export function formatP5dLine(
  cups: string,
  hourEndUtcMs: number,
  zone: Zone,
  wh: number,
  exportWh: number | null = null,
): string {
  const { label, flag } = hourEndLabel(hourEndUtcMs, zone);
  return `${cups};${label};${flag};${wh};${exportWh ?? ''};`;
}
