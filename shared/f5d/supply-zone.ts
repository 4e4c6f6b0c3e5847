import { type Zone } from '../calendar/zone.js';

/** CUPS prefixes of Canary Islands distributors, as public loaders detect them. */
const CANARY_PREFIXES = ['ES00316', 'ES04016'];

/**
 * The time zone of a supply: the longest matching configured prefix wins; otherwise Canary
 * supplies (by CUPS prefix) are Atlantic/Canary and the rest Europe/Madrid.
 */
export function zoneForCups(cups: string, overrides: Readonly<Record<string, Zone>> = {}): Zone {
  let best: Zone | undefined;
  let bestLength = -1;
  for (const [prefix, zone] of Object.entries(overrides)) {
    if (prefix.length > bestLength && cups.startsWith(prefix)) {
      best = zone;
      bestLength = prefix.length;
    }
  }
  if (best) return best;
  return CANARY_PREFIXES.some((p) => cups.startsWith(p)) ? 'Atlantic/Canary' : 'Europe/Madrid';
}
