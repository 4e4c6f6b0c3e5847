import { addDays, firstOfNextMonth, weekdayOf } from '../calendar/days.js';
import { deriveRng, type Rng } from '../random.js';
import { createByteWriter } from './byte-writer.js';
import { type SynthSupply } from './fleet.js';
import { type FleetData, type SynthChunk } from './fleet-data.js';
import {
  type HourRange,
  meteringFileName,
  writeF5dSupply,
  writeP5dSupply,
} from './metering-lines.js';

/**
 * Delivery of the metering files as distributors do it: P5D each day (or each week) for the day
 * before, F5D once a month a few days after the month closes (now and then a faulty version .0
 * corrected by a .1 the same day), RF5D weeks later re-sending the months that had estimates.
 */

function byDistributor(fleet: readonly SynthSupply[]): Map<string, SynthSupply[]> {
  const out = new Map<string, SynthSupply[]>();
  const sorted = [...fleet].sort((a, b) => (a.cups < b.cups ? -1 : 1));
  for (const s of sorted) out.set(s.distributor, [...(out.get(s.distributor) ?? []), s]);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Monday (YYYY-MM-DD) after the ISO week containing `day`. */
function nextMonday(day: string): string {
  return addDays(day, 7 - weekdayOf(day));
}

function* p5dFiles(data: FleetData, groups: Map<string, SynthSupply[]>): Generator<SynthChunk> {
  const rngs: Rng[] = data.fleet.map((s) => deriveRng(data.options.seed, `p5d:${s.cups}`));
  // Deliveries: [generation day, local days covered].
  const deliveries: Array<[string, string[]]> = [];
  for (const day of data.days) {
    const gen = data.options.p5d === 'weekly' ? nextMonday(day) : addDays(day, 1);
    const last = deliveries[deliveries.length - 1];
    if (last !== undefined && last[0] === gen) last[1].push(day);
    else deliveries.push([gen, [day]]);
  }
  for (const [gen, days] of deliveries) {
    for (const [distributor, supplies] of groups) {
      const w = createByteWriter(supplies.length * days.length * 24 * 48);
      for (const s of supplies) {
        const labels = data.labels[s.location.zone];
        for (const day of days) {
          const range = data.dayRanges[s.location.zone].get(day)!;
          writeP5dSupply(w, s, data.loads[s.index]!, labels, range, rngs[s.index]!);
        }
      }
      const name = meteringFileName('P5D', distributor, data.options.retailer, gen, 0);
      yield { path: `metering/${name}`, data: w.view() };
    }
  }
}

/** Hour range of a supply's local days within one month. */
function monthRange(data: FleetData, s: SynthSupply, days: readonly string[]): HourRange {
  const ranges = data.dayRanges[s.location.zone];
  return [ranges.get(days[0]!)![0], ranges.get(days[days.length - 1]!)![1]];
}

interface Correction {
  distributor: string;
  generation: string;
  days: string[];
  supplies: SynthSupply[];
}

function* f5dFiles(
  data: FleetData,
  groups: Map<string, SynthSupply[]>,
  names: Set<string>,
): Generator<SynthChunk, Correction[]> {
  const months = new Map<string, string[]>();
  for (const day of data.days)
    months.set(day.slice(0, 7), [...(months.get(day.slice(0, 7)) ?? []), day]);
  const corrections: Correction[] = [];
  const retailer = data.options.retailer;
  for (const [month, days] of months) {
    for (const [distributor, supplies] of groups) {
      const rng = deriveRng(data.options.seed, `f5d:${distributor}:${month}`);
      const generation = addDays(firstOfNextMonth(month), rng.int(2, 7));
      const faulty = rng.next() < 0.2;
      const size = supplies.length * days.length * 24 * 80;
      const v0 = createByteWriter(size);
      const v1 = createByteWriter(faulty ? size : 64);
      let anyZeroed = false;
      const estimatedSupplies: SynthSupply[] = [];
      for (const s of supplies) {
        const range = monthRange(data, s, days);
        const invoice = `FE/${month.slice(0, 4)}${String(s.index * 100 + Number(month.slice(5))).padStart(8, '0')}`;
        const labels = data.labels[s.location.zone];
        const load = data.loads[s.index]!;
        let estimated: HourRange | undefined;
        if (rng.next() < 0.04) {
          const at = rng.int(range[0], range[1] - 1);
          estimated = [at, Math.min(range[1], at + rng.int(6, 48))];
          estimatedSupplies.push(s);
        }
        const good = { invoice, ...(estimated ? { estimated } : {}) };
        if (faulty && rng.next() < 0.1) {
          const at = rng.int(range[0], range[1] - 1);
          const zeroed: HourRange = [at, Math.min(range[1], at + 24)];
          writeF5dSupply(v0, s, load, labels, range, { ...good, zeroed });
          anyZeroed = true;
        } else {
          writeF5dSupply(v0, s, load, labels, range, good);
        }
        // A faulty delivery is re-sent as version 1 with the right values.
        if (faulty) writeF5dSupply(v1, s, load, labels, range, good);
      }
      const name0 = meteringFileName('F5D', distributor, retailer, generation, 0);
      names.add(name0);
      yield { path: `metering/${name0}`, data: v0.view() };
      if (anyZeroed) {
        const name1 = meteringFileName('F5D', distributor, retailer, generation, 1);
        yield { path: `metering/${name1}`, data: v1.view() };
      }
      if (estimatedSupplies.length > 0) {
        const later = addDays(generation, rng.int(35, 60));
        corrections.push({ distributor, generation: later, days, supplies: estimatedSupplies });
      }
    }
  }
  return corrections;
}

function* rf5dFiles(
  data: FleetData,
  corrections: Correction[],
  names: Set<string>,
): Generator<SynthChunk> {
  for (const c of corrections) {
    let generation = c.generation;
    let name = meteringFileName('RF5D', c.distributor, data.options.retailer, generation, 0);
    while (names.has(name)) {
      generation = addDays(generation, 1);
      name = meteringFileName('RF5D', c.distributor, data.options.retailer, generation, 0);
    }
    names.add(name);
    const w = createByteWriter(c.supplies.length * c.days.length * 24 * 80);
    for (const s of c.supplies) {
      const month = c.days[0]!.slice(0, 7);
      const invoice = `RE/${month.slice(0, 4)}${String(s.index * 100 + Number(month.slice(5))).padStart(8, '0')}`;
      const range = monthRange(data, s, c.days);
      writeF5dSupply(w, s, data.loads[s.index]!, data.labels[s.location.zone], range, { invoice });
    }
    yield { path: `metering/${name}`, data: w.view() };
  }
}

/** Every metering file of the fleet, P5D first, then F5D, then RF5D. */
export function* meteringFiles(
  data: FleetData,
  progress: (m: string) => void,
): Generator<SynthChunk> {
  const groups = byDistributor(data.fleet);
  yield* p5dFiles(data, groups);
  progress('P5D files written');
  const names = new Set<string>();
  const corrections = yield* f5dFiles(data, groups, names);
  progress('F5D files written');
  yield* rf5dFiles(data, corrections, names);
  progress(`RF5D files written (${corrections.length})`);
}
