import { InvalidInputError } from '../errors.js';
import { makeCups } from '../f5d/cups.js';
import { deriveRng, pickWeighted, type Rng } from '../random.js';
import { ARCHETYPE_SPECS, ARCHETYPES, type Archetype } from './archetypes.js';
import { asciiBytes } from './byte-writer.js';
import { LOCATIONS, type SynthLocation } from './locations.js';

/** One synthetic supply point: who distributes it, where it is, how it consumes. */
export interface SynthSupply {
  index: number;
  /** The 20-character CUPS (the supply key). */
  cups: string;
  /** The CUPS as the distributor writes it in files (some add a 2-character border suffix). */
  fileCups: string;
  /** fileCups as ASCII bytes, for the file writers. */
  fileCupsAscii: Uint8Array;
  distributor: string;
  location: SynthLocation;
  archetype: Archetype;
  /** Target annual consumption before any change, kWh. */
  annualKwh: number;
}

// Rough population weights of the peninsular locations (Canary ones are placed by index).
const PENINSULA = LOCATIONS.filter((l) => l.zone === 'Europe/Madrid');
const CANARY = LOCATIONS.filter((l) => l.zone === 'Atlantic/Canary');
const POPULATION: Readonly<Record<string, number>> = { Madrid: 6, Barcelona: 5, Valencia: 2.5 };

function pickLocation(rng: Rng, index: number): SynthLocation {
  // Every 16th supply is Canary, so even a small fleet has a few.
  if (index % 16 === 7) return CANARY[index % CANARY.length]!;
  return pickWeighted(
    rng,
    PENINSULA.map((l) => [l, POPULATION[l.name] ?? 1] as const),
  );
}

function pickArchetype(rng: Rng, location: SynthLocation): Archetype {
  const archetype = pickWeighted(
    rng,
    ARCHETYPES.map((a) => [a, ARCHETYPE_SPECS[a].weight] as const),
  );
  // Nobody heats with electricity on the Canary Islands.
  return archetype === 'electric-heating' && location.zone === 'Atlantic/Canary'
    ? 'household'
    : archetype;
}

/** Annual kWh drawn log-normal around the archetype median, clamped to its plausible range. */
function drawAnnualKwh(rng: Rng, archetype: Archetype): number {
  const spec = ARCHETYPE_SPECS[archetype];
  const kwh = spec.medianKwh * Math.exp(spec.sigmaKwh * rng.normal());
  return Math.round(Math.min(spec.maxKwh, Math.max(spec.minKwh, kwh)));
}

/** Most supplies a fleet can have: a CUPS carries the supply's number in its last 6 digits. */
export const MAX_SUPPLIES = 1_000_000;

/**
 * Builds a deterministic fleet of `count` supplies with valid, unique CUPS. Canary supplies get
 * CUPS starting `ES00316`, the prefix by which parsers place them in Atlantic/Canary.
 * @throws InvalidInputError when count is above MAX_SUPPLIES
 */
export function buildFleet(count: number, seed: number): SynthSupply[] {
  if (count > MAX_SUPPLIES) {
    throw new InvalidInputError(`A fleet has at most ${MAX_SUPPLIES} supplies, not ${count}`);
  }
  const rng = deriveRng(seed, 'fleet');
  const fleet: SynthSupply[] = [];
  for (let index = 0; index < count; index++) {
    const location = pickLocation(rng, index);
    const canary = location.zone === 'Atlantic/Canary';
    const distributor = canary
      ? '0031'
      : location.distributors[rng.int(0, location.distributors.length - 1)]!;
    // 5th digit '6' marks Canary supplies; peninsular ones use '0' so they are never mistaken.
    const digits = `${distributor}${canary ? '6' : '0'}${String(rng.int(0, 99999)).padStart(5, '0')}${String(index).padStart(6, '0')}`;
    const cups = makeCups(digits);
    const archetype = pickArchetype(rng, location);
    const fileCups = distributor === '0031' ? `${cups}0F` : cups;
    fleet.push({
      index,
      cups,
      fileCups,
      fileCupsAscii: asciiBytes(fileCups),
      distributor,
      location,
      archetype,
      annualKwh: drawAnnualKwh(rng, archetype),
    });
  }
  return fleet;
}
