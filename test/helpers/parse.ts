import {
  type ParseOptions,
  type ParseSummary,
  type ParseWarning,
  parseMeterFile,
  type Rejection,
} from '../../shared/f5d/parse.js';
import { type Reading } from '../../shared/types.js';

export interface Parsed {
  readings: Reading[];
  /** Lines of the readings, in the same order. */
  lines: number[];
  revisits: { reading: Reading; line: number }[];
  rejections: Rejection[];
  warnings: ParseWarning[];
  summary?: ParseSummary;
  error?: Error;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Runs the streaming parser over in-memory bytes (in chunks of `chunkSize`) and collects everything. */
export async function parseAll(
  content: string | Uint8Array,
  options: ParseOptions,
  chunkSize = 4096,
): Promise<Parsed> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  const out: Parsed = { readings: [], lines: [], revisits: [], rejections: [], warnings: [] };
  const events = parseMeterFile(chunked(bytes, chunkSize), options);
  try {
    for (let next = await events.next(); ; next = await events.next()) {
      if (next.done) {
        out.summary = next.value;
        break;
      }
      const e = next.value;
      if (e.type === 'readings') {
        out.readings.push(...e.readings);
        out.lines.push(...e.lines);
      } else if (e.type === 'revisit') out.revisits.push({ reading: e.reading, line: e.line });
      else if (e.type === 'rejected') out.rejections.push(e.rejection);
      else out.warnings.push(e.warning);
    }
  } catch (error: unknown) {
    out.error = error as Error;
  }
  return out;
}

/** Where the team's real fixtures live, or undefined when ../shared is absent. */
export const REAL_FIXTURES = new URL('../../../shared/fixtures/f5d/real/', import.meta.url);

/** The ten real households' monthly files (gzip), or absent when ../shared is not there. */
export const HOUSEHOLD_FIXTURES = new URL('../../../shared/fixtures/households/', import.meta.url);
