import { canonicalZone, type Zone } from '../calendar/zone.js';
import { InvalidInputError } from '../errors.js';
import { checkCups } from '../f5d/cups.js';
import { type SupplyPatch } from '../ports.js';
import { type LineRefusal } from '../types.js';
import { locationKey } from './locations.js';

/**
 * The supplies CSV the generator writes beside the metering files and `mce ingest` reads:
 * a header `cups,latitude,longitude,province,zone,tariff,archetype`, then one supply per line.
 */
export const SUPPLIES_CSV_COLUMNS = [
  'cups',
  'latitude',
  'longitude',
  'province',
  'zone',
  'tariff',
  'archetype',
] as const;

export interface SuppliesCsvRow {
  cups: string;
  latitude: number;
  longitude: number;
  province: string;
  zone: Zone;
  tariff: string;
  archetype: string;
}

/** Writes the CSV text (LF line endings, header first). */
export function formatSuppliesCsv(rows: readonly SuppliesCsvRow[]): string {
  let out = `${SUPPLIES_CSV_COLUMNS.join(',')}\n`;
  for (const r of rows) {
    out += `${r.cups},${r.latitude},${r.longitude},${r.province},${r.zone},${r.tariff},${r.archetype}\n`;
  }
  return out;
}

/** A supply row plus the archetype, which the store does not keep. */
export interface ParsedSupply {
  patch: SupplyPatch;
  archetype: string | null;
}

function fail(fileName: string, line: number, field: string, problem: string): never {
  throw new InvalidInputError(`${fileName} line ${line}: field "${field}" ${problem}`, {
    details: { file: fileName, line, field },
  });
}

function parseRow(
  cell: (name: string) => string,
  has: (name: string) => boolean,
  fileName: string,
  lineNo: number,
): ParsedSupply {
  const cups = cell('cups');
  const problem = checkCups(cups);
  if (problem !== undefined) fail(fileName, lineNo, 'cups', `is not a valid CUPS (${problem})`);
  const latitude = Number(cell('latitude'));
  if (cell('latitude') === '' || !Number.isFinite(latitude) || Math.abs(latitude) > 90) {
    fail(fileName, lineNo, 'latitude', 'must be a number between -90 and 90');
  }
  const longitude = Number(cell('longitude'));
  if (cell('longitude') === '' || !Number.isFinite(longitude) || Math.abs(longitude) > 180) {
    fail(fileName, lineNo, 'longitude', 'must be a number between -180 and 180');
  }
  const zone = canonicalZone(cell('zone'));
  if (zone === undefined) {
    fail(fileName, lineNo, 'zone', 'must be an IANA time zone such as Europe/Madrid');
  }
  const optional = (name: string): string | null =>
    !has(name) || cell(name) === '' ? null : cell(name);
  return {
    patch: {
      cups: cups.slice(0, 20),
      latitude,
      longitude,
      location: locationKey(latitude, longitude),
      province: optional('province'),
      zone,
      tariff: optional('tariff'),
      active: true,
    },
    archetype: optional('archetype'),
  };
}

/**
 * Reads a supplies CSV: columns are found by header name (cups, latitude, longitude and zone are
 * required; the others may be absent or empty). A bad row is refused, naming its line and field,
 * and the other rows are kept.
 * @throws InvalidInputError when the header lacks a required column (the file is refused)
 */
export function readSuppliesCsvRows(
  text: string,
  fileName: string,
): { rows: ParsedSupply[]; refused: LineRefusal[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  for (const required of ['cups', 'latitude', 'longitude', 'zone']) {
    if (!header.includes(required)) fail(fileName, 1, required, 'is missing from the header');
  }
  const has = (name: string) => header.includes(name);
  const rows: ParsedSupply[] = [];
  const refused: LineRefusal[] = [];
  for (const [n, raw] of lines.entries()) {
    if (n === 0 || raw.trim() === '') continue;
    const cells = raw.split(',').map((c) => c.trim());
    const cell = (name: string): string => cells[header.indexOf(name)] ?? '';
    try {
      rows.push(parseRow(cell, has, fileName, n + 1));
    } catch (error: unknown) {
      if (!(error instanceof InvalidInputError)) throw error;
      const { field } = error.details as { field: string };
      refused.push({ file: fileName, line: n + 1, field, reason: error.message });
    }
  }
  return { rows, refused };
}

/**
 * Parses a supplies CSV into supply patches with their archetypes (see readSuppliesCsvRows).
 * @throws InvalidInputError naming the file, line and field of the first bad value
 */
export function parseSuppliesCsvRows(text: string, fileName: string): ParsedSupply[] {
  const { rows, refused } = readSuppliesCsvRows(text, fileName);
  const [first] = refused;
  if (first) throw new InvalidInputError(first.reason, { details: { ...first } });
  return rows;
}

/**
 * Parses a supplies CSV into supply patches for the store.
 * @throws InvalidInputError naming the file, line and field of the first bad value
 */
export function parseSuppliesCsv(text: string, fileName: string): SupplyPatch[] {
  return parseSuppliesCsvRows(text, fileName).map((r) => r.patch);
}
