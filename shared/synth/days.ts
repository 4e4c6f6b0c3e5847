import { DAY_MS } from '../calendar/zone.js';

/**
 * Adds n days to a YYYY-MM-DD day (calendar arithmetic, no time zone involved).
 * @example addDays('2024-02-28', 2) // '2024-03-01'
 */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The first day of the month after a YYYY-MM month.
 * @example firstOfNextMonth('2024-12') // '2025-01-01'
 */
export function firstOfNextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, m ?? 1, 1)).toISOString().slice(0, 10);
}
