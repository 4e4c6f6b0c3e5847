import { InvalidInputError } from '../errors.js';
import { deriveRng } from '../random.js';
import { type SynthSupply } from './fleet.js';

/**
 * Behaviour changes applied to part of the fleet from a date on (the drift a monitor should
 * catch): rooftop solar, an electric vehicle charging at night, or the home left vacant.
 */
export const CHANGE_KINDS = ['solar', 'ev', 'vacancy'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeSpec {
  kind: ChangeKind;
  /** Fraction of the fleet, 0..1. */
  fraction: number;
  /** Local day (YYYY-MM-DD) the change starts. */
  from: string;
}

/** Ground truth of one change: which supply, what, from when, with which parameters. */
export interface ChangeEvent {
  cups: string;
  kind: ChangeKind;
  from: string;
  /** Solar: peak power kWp. EV: charging power kW and nights per week. Vacancy: residual share. */
  params: Record<string, number>;
}

/**
 * Parses `solar:0.1@2024-06-01,ev:0.05@2024-09-01`.
 * @throws InvalidInputError naming the bad item and field
 */
export function parseChangesSpec(spec: string): ChangeSpec[] {
  const out: ChangeSpec[] = [];
  for (const item of spec.split(',').map((s) => s.trim())) {
    if (item === '') continue;
    const match = /^([a-z]+):([0-9.]+)@(\d{4}-\d{2}-\d{2})$/.exec(item);
    if (!match) {
      throw new InvalidInputError(`--changes item "${item}" must look like solar:0.1@2024-06-01`);
    }
    const [, kind, fractionText, from] = match;
    if (!(CHANGE_KINDS as readonly string[]).includes(kind ?? '')) {
      throw new InvalidInputError(
        `--changes item "${item}": kind must be one of ${CHANGE_KINDS.join(', ')}`,
      );
    }
    const fraction = Number(fractionText);
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
      throw new InvalidInputError(`--changes item "${item}": fraction must be between 0 and 1`);
    }
    if (Number.isNaN(Date.parse(`${from}T00:00:00Z`))) {
      throw new InvalidInputError(`--changes item "${item}": "${from}" is not a date`);
    }
    out.push({ kind: kind as ChangeKind, fraction, from: from! });
  }
  return out;
}

/** Picks disjoint sets of supplies for each change (seeded) and draws their parameters. */
export function assignChanges(
  fleet: readonly SynthSupply[],
  specs: readonly ChangeSpec[],
  seed: number,
): ChangeEvent[] {
  const rng = deriveRng(seed, 'changes');
  const pool = fleet.map((s) => s);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const events: ChangeEvent[] = [];
  for (const spec of specs) {
    let count = Math.round(spec.fraction * fleet.length);
    if (count === 0 && spec.fraction > 0) count = 1;
    for (const supply of pool.splice(0, count)) {
      const params: Record<string, number> =
        spec.kind === 'solar'
          ? { kWp: Math.round((supply.annualKwh / 1400) * (0.8 + 0.7 * rng.next()) * 10) / 10 }
          : spec.kind === 'ev'
            ? { chargeKw: rng.next() < 0.6 ? 3.7 : 7.4, nightsPerWeek: rng.int(2, 6) }
            : { residualShare: Math.round((0.03 + 0.05 * rng.next()) * 100) / 100 };
      events.push({ cups: supply.cups, kind: spec.kind, from: spec.from, params });
    }
  }
  return events.sort((a, b) => (a.cups < b.cups ? -1 : a.cups > b.cups ? 1 : 0));
}
