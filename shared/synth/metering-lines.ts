import { type Rng } from '../random.js';
import { type ByteWriter } from './byte-writer.js';
import { type SynthSupply } from './fleet.js';
import { LABEL_BYTES } from './labels.js';
import { type SupplyLoad } from './load.js';

/**
 * Lines of the metering files, `;`-separated, CRLF-terminated, each ending with `;`:
 * P5D  CUPS;label;flag;import Wh;export Wh;
 * F5D  CUPS;label;flag;import Wh;export Wh;R1;R2;R3;R4;method;firm;invoice;   (RF5D alike)
 * where `label;flag` is the local hour-ending label (see labels.ts, LABEL_BYTES bytes per hour).
 * Export is empty for supplies without generation; reactive energies are left empty.
 */

/** A half-open range of hour indices [from, to). */
export type HourRange = readonly [number, number];

/** Method of obtaining written for real readings and for estimates. */
export const METHOD_REAL = 1;
export const METHOD_ESTIMATED = 4;

const SEMI = 59;
const CR = 13;
const LF = 10;

function head(w: ByteWriter, cups: Uint8Array, labels: Uint8Array, i: number): void {
  w.bytes(cups);
  w.byte(SEMI);
  w.bytes(labels, i * LABEL_BYTES, (i + 1) * LABEL_BYTES);
  w.byte(SEMI);
}

function exportField(w: ByteWriter, exp: Int32Array | null, i: number): void {
  if (exp !== null && exp[i]! >= 0) w.uint(exp[i]!);
  w.byte(SEMI);
}

/**
 * Writes the P5D lines of one supply over hours [from, to): a raw validated curve, so a few hours
 * may be missing (a gap of 1–3 hours on about 3% of days) and a few may differ from the final values.
 */
export function writeP5dSupply(
  w: ByteWriter,
  supply: SynthSupply,
  load: SupplyLoad,
  labels: Uint8Array,
  range: HourRange,
  rng: Rng,
): void {
  const [from, to] = range;
  let gapFrom = -1;
  let gapTo = -1;
  if (rng.next() < 0.03) {
    gapFrom = rng.int(from, to - 1);
    gapTo = gapFrom + rng.int(1, 3);
  }
  const deviate = rng.next() < 0.02 ? rng.int(from, to - 1) : -1;
  const wh = load.importWh;
  for (let i = from; i < to; i++) {
    if (i >= gapFrom && i < gapTo) continue;
    head(w, supply.fileCupsAscii, labels, i);
    w.uint(i === deviate ? Math.round(wh[i]! * (0.9 + 0.2 * rng.next())) : wh[i]!);
    w.byte(SEMI);
    exportField(w, load.exportWh, i);
    w.byte(CR);
    w.byte(LF);
  }
}

export interface F5dSupplyOptions {
  invoice: string;
  /** Hours the distributor estimated (method 4, provisional): last week's value stands in. */
  estimated?: HourRange;
  /** Hours a faulty first version wrote as zero (corrected by version 1). */
  zeroed?: HourRange;
}

const inRange = (r: HourRange | undefined, i: number): boolean =>
  r !== undefined && i >= r[0] && i < r[1];

const tail = (method: number, firm: number, invoice: string): Uint8Array =>
  new TextEncoder().encode(`;;;;${method};${firm};${invoice};\r\n`);

/** Writes the F5D (or RF5D) lines of one supply over hours [from, to): complete, one per hour. */
export function writeF5dSupply(
  w: ByteWriter,
  supply: SynthSupply,
  load: SupplyLoad,
  labels: Uint8Array,
  range: HourRange,
  options: F5dSupplyOptions,
): void {
  const [from, to] = range;
  const realTail = tail(METHOD_REAL, 1, options.invoice);
  const estimatedTail = tail(METHOD_ESTIMATED, 0, options.invoice);
  const wh = load.importWh;
  for (let i = from; i < to; i++) {
    head(w, supply.fileCupsAscii, labels, i);
    const estimated = inRange(options.estimated, i);
    if (estimated) w.uint(i >= 168 ? wh[i - 168]! : Math.round(wh[i]! * 0.9));
    else w.uint(inRange(options.zeroed, i) ? 0 : wh[i]!);
    w.byte(SEMI);
    exportField(w, load.exportWh, i);
    w.bytes(estimated ? estimatedTail : realTail);
  }
}

/** `<KIND>_<distributor>_<retailer>_<YYYYMMDD>.<version>`, e.g. `F5D_0031_0762_20240305.0`. */
export function meteringFileName(
  kind: 'P5D' | 'F5D' | 'RF5D',
  distributor: string,
  retailer: string,
  generationDay: string,
  version: number,
): string {
  return `${kind}_${distributor}_${retailer}_${generationDay.replaceAll('-', '')}.${version}`;
}
