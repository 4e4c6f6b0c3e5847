/**
 * Which of two readings of the same (cups, hourEnd) wins. Every store adapter applies this order,
 * so ingesting any set of files in any order, any number of times, gives the same table.
 *
 * Order: kind rank (P5D < F5D < RF5D), file date, version, upload instant of the file generation
 * (a new content under a name is a later upload, so it wins among equal kind, date and version),
 * then wh and exportWh (null lowest) as deterministic tie-breaks between two different values that
 * claim the same provenance and upload instant. Every component is a property of the file, never
 * of the order in which files are ingested.
 */
import { InvalidInputError } from '../errors.js';
import { kindRank, type Reading } from '../types.js';

type Ranked = Pick<Reading, 'kind' | 'fileDate' | 'version' | 'uploadedAt' | 'wh' | 'exportWh'>;

/** Negative when `a` has lower precedence than `b`, 0 when equal, positive when higher. */
export function comparePrecedence(a: Ranked, b: Ranked): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    a.fileDate - b.fileDate ||
    a.version - b.version ||
    a.uploadedAt - b.uploadedAt ||
    a.wh - b.wh ||
    (a.exportWh ?? Number.NEGATIVE_INFINITY) - (b.exportWh ?? Number.NEGATIVE_INFINITY) ||
    0
  );
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the high 32-bit word of the float (little- or big-endian host). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/**
 * 16 hex digits whose string order is the numeric order of `x` (IEEE-754 bits with the sign bit
 * flipped for positives and every bit flipped for negatives); null sorts below every number.
 * @example sortableHex(0) === '8000000000000000'
 */
export function sortableHex(x: number | null): string {
  if (x === null) return '0000000000000000';
  F64[0] = x === 0 ? 0 : x; // -0 and 0 are one value
  let hi = U32[HI] ?? 0;
  let lo = U32[LO] ?? 0;
  if (hi >>> 31 === 1) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else {
    hi = (hi | 0x80000000) >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function fixedDigits(value: number, width: number, field: string): string {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 10 ** width) {
    throw new InvalidInputError(
      `Reading ${field} ${value} is not an integer of at most ${width} digits`,
    );
  }
  return String(value).padStart(width, '0');
}

/**
 * One fixed-width string (64 characters) whose order is `comparePrecedence`: kind rank (1 digit),
 * file date (8 digits), version (8 digits), upload instant (15 digits of ms), wh and exportWh
 * (16 hex digits each).
 * @throws InvalidInputError when fileDate or version is not a non-negative integer of 8 digits,
 * uploadedAt not one of 15, or wh / exportWh is not finite.
 */
export function precedenceKey(r: Ranked): string {
  if (!Number.isFinite(r.wh) || (r.exportWh !== null && !Number.isFinite(r.exportWh))) {
    throw new InvalidInputError(`Reading energy must be finite, got ${r.wh} / ${r.exportWh}`);
  }
  return (
    String(kindRank(r.kind)) +
    fixedDigits(r.fileDate, 8, 'fileDate') +
    fixedDigits(r.version, 8, 'version') +
    fixedDigits(r.uploadedAt, 15, 'uploadedAt') +
    sortableHex(r.wh) +
    sortableHex(r.exportWh)
  );
}

type Content = Pick<
  Reading,
  'kind' | 'fileDate' | 'version' | 'wh' | 'exportWh' | 'method' | 'firm'
>;

/**
 * True when two readings of one key say the same thing (all but the upload instant equal): a
 * later upload of it refreshes the stored provenance but counts as unchanged, not replaced.
 */
export function sameContent(a: Content, b: Content): boolean {
  return (
    a.kind === b.kind &&
    a.fileDate === b.fileDate &&
    a.version === b.version &&
    a.wh === b.wh &&
    a.exportWh === b.exportWh &&
    a.method === b.method &&
    a.firm === b.firm
  );
}
