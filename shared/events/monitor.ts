import { InvalidInputError } from '../errors.js';
import { isDay } from './forecast.js';

/** A monitor-tick body: empty (Cloud Scheduler's `{}`) or `{"date": "YYYY-MM-DD"}`, the run's day. */
export interface MonitorTick {
  date?: string;
}

/**
 * Reads a monitor-tick body. The day defaults to today in Europe/Madrid (the caller's clock).
 * @throws InvalidInputError when malformed
 */
export function parseMonitorTick(json: unknown): MonitorTick {
  if (json === null || json === undefined) return {};
  if (typeof json !== 'object' || Array.isArray(json))
    throw new InvalidInputError('Monitor tick body must be a JSON object');
  const { date } = json as Record<string, unknown>;
  if (date === undefined) return {};
  if (!isDay(date)) throw new InvalidInputError('Monitor tick "date" must be YYYY-MM-DD');
  return { date };
}
