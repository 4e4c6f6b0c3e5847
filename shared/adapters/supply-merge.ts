/**
 * How a supply patch merges into the stored supply; every store adapter follows these rules.
 */
import { type SupplyPatch } from '../ports.js';
import { type Supply } from '../types.js';

/** Fields a brand-new supply gets when the patch leaves them out. */
export const NEW_SUPPLY_DEFAULTS: Omit<Supply, 'cups'> = {
  zone: 'Europe/Madrid',
  firstReading: null,
  lastReading: null,
  location: null,
  latitude: null,
  longitude: null,
  province: null,
  tariff: null,
  segment: null,
  active: true,
};

/** The fields a patch overwrites when present (first/last readings widen instead). */
export const OVERWRITTEN_FIELDS = [
  'zone',
  'location',
  'latitude',
  'longitude',
  'province',
  'tariff',
  'segment',
  'active',
] as const;

function widen(
  a: number | null,
  b: number | null | undefined,
  pick: typeof Math.min,
): number | null {
  if (b === null || b === undefined) return a;
  return a === null ? b : pick(a, b);
}

/**
 * Applies a patch: firstReading becomes the minimum and lastReading the maximum of the known
 * values (null means "no information"), present fields overwrite, absent fields keep; a new
 * supply starts from NEW_SUPPLY_DEFAULTS.
 */
export function mergeSupply(stored: Supply | undefined, patch: SupplyPatch): Supply {
  const base: Supply = stored ?? { cups: patch.cups, ...NEW_SUPPLY_DEFAULTS };
  const out: Supply = { ...base };
  for (const field of OVERWRITTEN_FIELDS) {
    const value = patch[field];
    if (value !== undefined) Object.assign(out, { [field]: value });
  }
  out.firstReading = widen(base.firstReading, patch.firstReading, Math.min);
  out.lastReading = widen(base.lastReading, patch.lastReading, Math.max);
  return out;
}
