import { HOUR_MS, isSummerTime, standardOffsetHours } from '../calendar/zone.js';
import { type Zone } from '../config.js';
import { type Reading, type SourceKind } from '../types.js';
import { checkCups } from './cups.js';
import { zoneForCups } from './supply-zone.js';

/** Why one line was refused, naming the field at fault. */
export interface LineProblem {
  field: string;
  reason: string;
}

/** What every line of one file shares. */
export interface LineContext {
  kind: SourceKind;
  fileDate: number;
  version: number;
  zoneOverrides: Readonly<Record<string, Zone>>;
}

const F5D_FIELDS = [12, 14];
const P5D_FIELDS = [5];
const OPTIONAL_INT_FIELDS = ['r1', 'r2', 'r3', 'r4'];

/** Parses a non-negative decimal integer of at most 15 digits; -1 when not one. */
function parseUint(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Per-parser caches: the last calendar day seen, and the zone of each supply. */
export interface LineCaches {
  day: string;
  dayMs: number;
  zones: Map<string, number>;
}

export function createLineCaches(): LineCaches {
  return { day: '', dayMs: Number.NaN, zones: new Map() };
}

function dayMs(text: string, caches: LineCaches): number {
  const day = text.slice(0, 10);
  if (day === caches.day) return caches.dayMs;
  let ms = Number.NaN;
  if (day.charCodeAt(4) === 47 && day.charCodeAt(7) === 47) {
    const y = parseUint(day.slice(0, 4));
    const m = parseUint(day.slice(5, 7));
    const d = parseUint(day.slice(8, 10));
    const candidate = Date.UTC(y, m - 1, d);
    const check = new Date(candidate);
    if (y >= 1990 && check.getUTCMonth() === m - 1 && check.getUTCDate() === d && d > 0) {
      ms = candidate;
    }
  }
  caches.day = day;
  caches.dayMs = ms;
  return ms;
}

/** Splits a line into fields, dropping the empty field a trailing `;` leaves. */
function splitFields(text: string, expected: readonly number[]): string[] {
  const fields = text.split(';');
  if (fields[fields.length - 1] === '' && expected.includes(fields.length - 1)) fields.pop();
  return fields;
}

/**
 * Parses one F5D/RF5D/P5D line into a reading (UTC hour end = local label − (standard offset +
 * summer flag) hours), or says which field is wrong and why.
 */
export function parseLine(
  text: string,
  ctx: LineContext,
  caches: LineCaches,
): Reading | LineProblem {
  const p5d = ctx.kind === 'P5D';
  const expected = p5d ? P5D_FIELDS : F5D_FIELDS;
  const f = splitFields(text, expected);
  if (!expected.includes(f.length)) {
    return { field: 'fields', reason: `expected ${expected.join(' or ')} fields, got ${f.length}` };
  }
  const rawCups = f[0]!;
  const cupsProblem = checkCups(rawCups);
  if (cupsProblem) return { field: 'cups', reason: `invalid CUPS (${cupsProblem})` };
  const cups = rawCups.length === 20 ? rawCups : rawCups.slice(0, 20);

  const time = f[1]!;
  const base = time.length === 16 && time.charCodeAt(10) === 32 ? dayMs(time, caches) : Number.NaN;
  const hour = time.charCodeAt(13) === 58 ? parseUint(time.slice(11, 13)) : -1;
  if (Number.isNaN(base) || hour < 0 || hour > 24 || time.slice(14) !== '00') {
    return { field: 'time', reason: `"${time}" is not a YYYY/MM/DD HH:00 hour-ending label` };
  }
  const flag = f[2] === '0' ? 0 : f[2] === '1' ? 1 : -1;
  if (flag < 0)
    return { field: 'summerFlag', reason: `"${f[2]}" must be 0 (winter) or 1 (summer)` };

  let std = caches.zones.get(cups);
  if (std === undefined) {
    std = standardOffsetHours(zoneForCups(cups, ctx.zoneOverrides));
    caches.zones.set(cups, std);
  }
  const hourEnd = base + (hour - std - flag) * HOUR_MS;
  // At a change-over hour the two ends of the hour differ, and either flag is legitimate.
  const summerAtStart = isSummerTime(hourEnd - HOUR_MS) ? 1 : 0;
  const summerAtEnd = isSummerTime(hourEnd) ? 1 : 0;
  if (flag !== summerAtStart && flag !== summerAtEnd) {
    return { field: 'summerFlag', reason: `flag ${flag} contradicts the zone's time at ${time}` };
  }

  const wh = parseUint(f[3]!);
  if (wh < 0) return { field: 'activeImportWh', reason: `"${f[3]}" is not an integer >= 0` };
  const exportText = f[4]!;
  const exportWh = exportText === '' ? null : parseUint(exportText);
  if (exportWh !== null && exportWh < 0) {
    return { field: 'activeExportWh', reason: `"${exportText}" is not empty or an integer >= 0` };
  }
  if (p5d) {
    return {
      cups,
      hourEnd,
      wh,
      exportWh,
      kind: ctx.kind,
      fileDate: ctx.fileDate,
      version: ctx.version,
      method: null,
      firm: null,
    };
  }
  for (let i = 0; i < 4; i++) {
    const r = f[5 + i]!;
    if (r !== '' && parseUint(r) < 0) {
      return { field: OPTIONAL_INT_FIELDS[i]!, reason: `"${r}" is not empty or an integer >= 0` };
    }
  }
  const methodText = f[9]!;
  const method = methodText.length <= 2 ? parseUint(methodText) : -1;
  if (method < 1 || method > 6) {
    return { field: 'method', reason: `method of obtaining "${methodText}" must be 1 to 6` };
  }
  const firm = f[10] === '0' ? false : f[10] === '1' ? true : null;
  if (firm === null) return { field: 'firm', reason: `firmness "${f[10]}" must be 0 or 1` };
  if (f.length === 14) {
    if (parseUint(f[12]!) < 0) return { field: 'aiFix', reason: `"${f[12]}" is not an integer` };
    if (parseUint(f[13]!) < 0) return { field: 'aeFix', reason: `"${f[13]}" is not an integer` };
  }
  return {
    cups,
    hourEnd,
    wh,
    exportWh,
    kind: ctx.kind,
    fileDate: ctx.fileDate,
    version: ctx.version,
    method,
    firm,
  };
}
