/**
 * The one reading of date flags for every command: calendar days that exist (2024-02-30 is
 * refused, never rolled over to March), instants, and ranges whose start is not after their end.
 */
import { InvalidArgumentError } from 'commander';
import { isCalendarDay } from '../shared/calendar/days.js';
import { localDayBoundsUtc } from '../shared/calendar/zone.js';
import { InvalidInputError } from '../shared/errors.js';

const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A commander parser for a day flag (reported by commander with the flag's name). */
export function dayArgument(value: string): string {
  if (!isCalendarDay(value)) {
    throw new InvalidArgumentError('expected an existing day as YYYY-MM-DD');
  }
  return value;
}

/**
 * A --from/--to value as a UTC ms bound: a Europe/Madrid day (its start or its end) or an
 * ISO-8601 instant with a zone.
 * @throws InvalidInputError naming the flag and the value typed
 */
export function parseBound(value: string, edge: 'start' | 'end', flag: string): number {
  if (isCalendarDay(value)) {
    const [start, end] = localDayBoundsUtc(value, 'Europe/Madrid');
    return edge === 'start' ? start : end;
  }
  const instant = INSTANT.exec(value);
  const ms = Date.parse(value);
  if (!instant || !isCalendarDay(instant[1] ?? '') || Number.isNaN(ms)) {
    throw new InvalidInputError(
      `${flag} "${value}" is not an existing YYYY-MM-DD day or an ISO-8601 instant with a zone`,
    );
  }
  return ms;
}

/**
 * Refuses a range that ends before it starts: `from` and `to` are what was typed, `fromAt` and
 * `toAt` their values (days as YYYY-MM-DD compare as text, instants as numbers).
 * @throws InvalidInputError naming both flags and values
 */
export function assertOrdered(
  from: string,
  to: string,
  fromAt: number | string = from,
  toAt: number | string = to,
): void {
  if (fromAt > toAt) throw new InvalidInputError(`--from ${from} is after --to ${to}`);
}
