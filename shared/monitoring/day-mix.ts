/** The day-type mix compared by the drift tests: working day, Saturday, Sunday or holiday. */
import { type LocalDay } from '../calendar/days.js';
import { dayType } from '../calendar/holidays.js';
import { DAY_MIX, type DayMix } from '../registry/reference-samples.js';

export { DAY_MIX, type DayMix };

/**
 * The day category of a local day for the fleet: national public holidays (regional ones differ
 * per supply) and Sundays are 'sunday-holiday', Saturdays 'saturday', every other day (bridge days
 * included) 'working'.
 * @example dayMixOf('2024-12-25') // 'sunday-holiday'
 */
export function dayMixOf(day: LocalDay): DayMix {
  const type = dayType(day, null);
  if (type === 'holiday' || type === 'sunday') return 'sunday-holiday';
  return type === 'saturday' ? 'saturday' : 'working';
}

/** Days per category (every category present, zero when absent). */
export function countDayMix(days: readonly LocalDay[]): Record<DayMix, number> {
  const counts: Record<DayMix, number> = { working: 0, saturday: 0, 'sunday-holiday': 0 };
  for (const day of days) counts[dayMixOf(day)] += 1;
  return counts;
}
