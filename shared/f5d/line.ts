import { DAY_MS } from '../calendar/days.js';
import { flaggedHourEnds, type Zone } from '../calendar/zone.js';
import { type Reading, type SourceKind } from '../types.js';
import { checkCups } from './cups.js';
import { energyAt, fieldText, type LineProblem, uintAt } from './line-fields.js';
import { zoneForCups } from './supply-zone.js';

/**
 * One line of an F5D/RF5D/P5D file to one reading. This is the parser's hot loop: it scans the
 * line once for `;` and reads fields in place, allocating only the reading (and the CUPS string
 * when it changes), so that parsing runs close to the speed of merely splitting lines.
 */

export type { LineProblem } from './line-fields.js';

/** What every line of one file shares. */
export interface LineContext {
  kind: SourceKind;
  fileDate: number;
  version: number;
  /** Upload instant of the file generation, UTC ms, stamped on every reading. */
  uploadedAt: number;
  zoneOverrides: Readonly<Record<string, Zone>>;
  /** Energies above this many Wh are refused as implausible. */
  maxReadingWh: number;
}

/** Per-parser memo of what consecutive lines usually repeat. */
export interface LineCaches {
  /** Raw CUPS field of the previous valid line, its 20-char key and time zone. */
  rawCups: string;
  cups: string;
  zone: Zone;
  /** `YYYY/MM/DD` of the previous line and its midnight as if it were UTC (NaN: invalid). */
  day: string;
  dayMs: number;
  /** UTC hour ends of the flagged labels (flaggedHourEnds) of the zone and day last looked at. */
  labels: Float64Array;
  labelsZone: Zone;
  labelsDayMs: number;
  /** Positions of the `;` separators of the current line. */
  seps: Int32Array;
}

export function createLineCaches(): LineCaches {
  return {
    rawCups: '',
    cups: '',
    zone: '',
    day: '',
    dayMs: Number.NaN,
    labels: new Float64Array(0),
    labelsZone: '',
    labelsDayMs: Number.NaN,
    seps: new Int32Array(16),
  };
}

const OPTIONAL_INT_FIELDS = ['r1', 'r2', 'r3', 'r4'];

function dayMsAt(text: string, at: number, c: LineCaches): number {
  if (c.day !== '' && text.startsWith(c.day, at)) return c.dayMs;
  const y = uintAt(text, at, at + 4);
  const m = uintAt(text, at + 5, at + 7);
  const d = uintAt(text, at + 8, at + 10);
  let ms = Number.NaN;
  if (text.charCodeAt(at + 4) === 47 && text.charCodeAt(at + 7) === 47 && y >= 1990 && d > 0) {
    const candidate = Date.UTC(y, m - 1, d);
    const check = new Date(candidate);
    if (check.getUTCMonth() === m - 1 && check.getUTCDate() === d) ms = candidate;
  }
  c.day = text.slice(at, at + 10);
  c.dayMs = ms;
  return ms;
}

/**
 * Parses one F5D/RF5D/P5D line into a reading (UTC hour end = local label − the zone's standard
 * offset, or its summer offset with flag 1), or says which field is wrong and why.
 */
export function parseLine(text: string, ctx: LineContext, c: LineCaches): Reading | LineProblem {
  const p5d = ctx.kind === 'P5D';
  // Field i spans [start(i), seps[i]); the last field ends at the end of the line.
  const seps = c.seps;
  let n = 0;
  for (let at = text.indexOf(';'); at !== -1 && n < 15; at = text.indexOf(';', at + 1))
    seps[n++] = at;
  let fields = n + 1;
  let end = text.length;
  if (n === 15) fields = 99;
  // A trailing `;` leaves an empty last field: drop it when that gives a known layout.
  if (
    end > 0 &&
    text.charCodeAt(end - 1) === 59 &&
    (p5d ? fields === 6 : fields === 13 || fields === 15)
  ) {
    fields--;
    end--;
  }
  if (p5d ? fields !== 5 : fields !== 12 && fields !== 14) {
    const got = fields > 16 ? 'more than 16' : String(fields);
    return { field: 'fields', reason: `expected ${p5d ? '5' : '12 or 14'} fields, got ${got}` };
  }
  const start = (i: number) => (i === 0 ? 0 : seps[i - 1]! + 1);
  const stop = (i: number) => (i === fields - 1 ? end : seps[i]!);

  // CUPS: revalidated only when it differs from the previous line's.
  const cupsEnd = seps[0]!;
  if (!(cupsEnd === c.rawCups.length && cupsEnd > 0 && text.startsWith(c.rawCups))) {
    const raw = text.slice(0, cupsEnd);
    const problem = checkCups(raw);
    if (problem) return { field: 'cups', reason: `invalid CUPS (${problem})` };
    c.rawCups = raw;
    c.cups = raw.length === 20 ? raw : raw.slice(0, 20);
    c.zone = zoneForCups(c.cups, ctx.zoneOverrides);
  }
  const cups = c.cups;

  const t = start(1);
  const tEnd = stop(1);
  const base = tEnd - t === 16 && text.charCodeAt(t + 10) === 32 ? dayMsAt(text, t, c) : Number.NaN;
  const hour = text.charCodeAt(t + 13) === 58 ? uintAt(text, t + 11, t + 13) : -1;
  const onTheHour = text.charCodeAt(t + 14) === 48 && text.charCodeAt(t + 15) === 48;
  if (Number.isNaN(base) || hour < 0 || hour > 24 || !onTheHour) {
    return {
      field: 'time',
      reason: `"${fieldText(text, t, tEnd)}" is not a YYYY/MM/DD HH:00 hour-ending label`,
    };
  }
  const flagAt = start(2);
  const flag = stop(2) - flagAt === 1 ? text.charCodeAt(flagAt) - 48 : -1;
  if (flag !== 0 && flag !== 1) {
    return {
      field: 'summerFlag',
      reason: `"${fieldText(text, flagAt, stop(2))}" must be 0 (winter) or 1 (summer)`,
    };
  }
  // The zone's rules for this day, computed once per zone and day: NaN where the flag
  // contradicts them (at a change-over hour the two ends differ, and either flag is legitimate).
  if (c.labelsDayMs !== base || c.labelsZone !== c.zone) {
    c.labels = flaggedHourEnds(base / DAY_MS, c.zone);
    c.labelsDayMs = base;
    c.labelsZone = c.zone;
  }
  const hourEnd = c.labels[hour * 2 + flag]!;
  if (Number.isNaN(hourEnd)) {
    return {
      field: 'summerFlag',
      reason: `flag ${flag} contradicts the zone's time at ${fieldText(text, t, tEnd)}`,
    };
  }

  const max = ctx.maxReadingWh;
  const wh = energyAt(text, start(3), stop(3), 'activeImportWh', max, 'refused');
  if (typeof wh !== 'number') return wh as LineProblem;
  const exportWh = energyAt(text, start(4), stop(4), 'activeExportWh', max, 'allowed');
  if (exportWh !== null && typeof exportWh !== 'number') return exportWh;
  const { kind, fileDate, version, uploadedAt } = ctx;
  if (p5d) {
    const firm = null;
    return { cups, hourEnd, wh, exportWh, kind, fileDate, version, method: null, firm, uploadedAt };
  }

  for (let i = 5; i < 9; i++) {
    if (stop(i) !== start(i) && uintAt(text, start(i), stop(i)) < 0) {
      return {
        field: OPTIONAL_INT_FIELDS[i - 5]!,
        reason: `"${fieldText(text, start(i), stop(i))}" is not empty or an integer >= 0`,
      };
    }
  }
  const method = stop(9) - start(9) <= 2 ? uintAt(text, start(9), stop(9)) : -1;
  if (method < 1 || method > 6) {
    return {
      field: 'method',
      reason: `method of obtaining "${fieldText(text, start(9), stop(9))}" must be 1 to 6`,
    };
  }
  const firmCode = stop(10) - start(10) === 1 ? text.charCodeAt(start(10)) - 48 : -1;
  if (firmCode !== 0 && firmCode !== 1) {
    return {
      field: 'firm',
      reason: `firmness "${fieldText(text, start(10), stop(10))}" must be 0 or 1`,
    };
  }
  if (fields === 14) {
    if (uintAt(text, start(12), stop(12)) < 0)
      return {
        field: 'aiFix',
        reason: `"${fieldText(text, start(12), stop(12))}" is not an integer`,
      };
    if (uintAt(text, start(13), stop(13)) < 0)
      return {
        field: 'aeFix',
        reason: `"${fieldText(text, start(13), stop(13))}" is not an integer`,
      };
  }
  const firm = firmCode === 1;
  return { cups, hourEnd, wh, exportWh, kind, fileDate, version, method, firm, uploadedAt };
}
