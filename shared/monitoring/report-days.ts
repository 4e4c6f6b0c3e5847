import { type MonitorReport, type ScoredDay } from '../types.js';

/**
 * The latest scoring of each forecast day over monitor reports: a later run's view of a day (a
 * re-scoring on new readings, final on F5D) replaces an earlier one. Reports in any order.
 */
export function latestScoredDays(reports: readonly MonitorReport[]): Map<string, ScoredDay> {
  const days = new Map<string, ScoredDay>();
  for (const r of [...reports].sort((a, b) => a.date.localeCompare(b.date)))
    for (const d of r.days) days.set(d.date, d);
  return days;
}
