import { type Reading } from '../types.js';

/**
 * The readings of one supply held back until the supply changes, so that two lines giving the
 * same hour different values can both be rejected before either is released. Lines usually come
 * in ascending hour order: then only the last hour is compared and no index is built.
 */
export interface SupplyBlock {
  cups: string;
  readings: Reading[];
  lines: number[];
  entries: (string | undefined)[];
  lastHour: number;
  sorted: boolean;
  /** hourEnd -> position, built the first time an hour arrives out of order. */
  index: Map<number, number> | null;
  /** position -> the other lines that conflict with it. */
  conflicts: Map<number, number[]> | null;
}

export type AddOutcome =
  | { kind: 'added' }
  | { kind: 'repeat'; ofLine: number }
  | { kind: 'conflict'; withLine: number };

export function createSupplyBlock(cups: string): SupplyBlock {
  return {
    cups,
    readings: [],
    lines: [],
    entries: [],
    lastHour: -Infinity,
    sorted: true,
    index: null,
    conflicts: null,
  };
}

function sameValues(a: Reading, b: Reading): boolean {
  return a.wh === b.wh && a.exportWh === b.exportWh && a.method === b.method && a.firm === b.firm;
}

/** Adds a reading of the block's supply; says whether it repeats or contradicts an earlier line. */
export function addToBlock(
  block: SupplyBlock,
  reading: Reading,
  line: number,
  entry: string | undefined,
): AddOutcome {
  if (reading.hourEnd > block.lastHour) {
    block.index?.set(reading.hourEnd, block.readings.length);
    block.lastHour = reading.hourEnd;
  } else {
    if (!block.index) {
      block.index = new Map(block.readings.map((r, i) => [r.hourEnd, i]));
    }
    const at = block.index.get(reading.hourEnd);
    if (at !== undefined) {
      const seen = block.readings[at]!;
      const conflicts = block.conflicts?.get(at);
      if (!conflicts && sameValues(seen, reading))
        return { kind: 'repeat', ofLine: block.lines[at]! };
      block.conflicts ??= new Map();
      block.conflicts.set(at, [...(conflicts ?? []), line]);
      return { kind: 'conflict', withLine: block.lines[at]! };
    }
    block.index.set(reading.hourEnd, block.readings.length);
    block.sorted = false;
  }
  block.readings.push(reading);
  block.lines.push(line);
  block.entries.push(entry);
  return { kind: 'added' };
}

/**
 * What a block releases: its good readings with their lines and entries, their hours ascending,
 * and the conflicted lines with their hours ascending (both kinds of hour are taken).
 */
export interface ReleasedBlock {
  readings: Reading[];
  lines: number[];
  entries: (string | undefined)[];
  hoursAscending: number[];
  conflicted: Array<{ line: number; entry: string | undefined; others: number[] }>;
  conflictedHoursAscending: number[];
}

export function releaseBlock(block: SupplyBlock): ReleasedBlock {
  const conflicted: ReleasedBlock['conflicted'] = [];
  const conflictedHoursAscending: number[] = [];
  let { readings, lines, entries } = block;
  if (block.conflicts) {
    const conflicts = block.conflicts;
    for (const [at, others] of conflicts) {
      conflicted.push({ line: block.lines[at]!, entry: block.entries[at], others });
      conflictedHoursAscending.push(block.readings[at]!.hourEnd);
    }
    conflictedHoursAscending.sort((a, b) => a - b);
    const kept = (_: unknown, i: number) => !conflicts.has(i);
    readings = readings.filter(kept);
    lines = lines.filter(kept);
    entries = entries.filter(kept);
  }
  const hoursAscending = readings.map((r) => r.hourEnd);
  if (!block.sorted) hoursAscending.sort((a, b) => a - b);
  return { readings, lines, entries, hoursAscending, conflicted, conflictedHoursAscending };
}
