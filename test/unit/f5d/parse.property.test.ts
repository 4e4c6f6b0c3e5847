import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Zone } from '../../../shared/calendar/zone.js';
import { makeCups } from '../../../shared/f5d/cups.js';
import { formatF5dLine, formatP5dLine, hourEndLabel } from '../../../shared/f5d/format.js';
import { createLineCaches, parseLine } from '../../../shared/f5d/line.js';
import { type Reading, type SourceKind } from '../../../shared/types.js';
import { bzip2, gzip, latin1, zip } from '../../helpers/compress.js';
import { parseAll } from '../../helpers/parse.js';

const HOUR = 3_600_000;
/** Starts near the DST changes of 2023–2025, so that ranges often cross them. */
const ANCHORS = [
  Date.UTC(2023, 2, 26, 1),
  Date.UTC(2023, 9, 29, 1),
  Date.UTC(2024, 2, 31, 1),
  Date.UTC(2024, 9, 27, 1),
  Date.UTC(2025, 2, 30, 1),
  Date.UTC(2025, 9, 26, 1),
  Date.UTC(2024, 6, 1),
];

const supplyArb = fc.record({
  digits: fc.stringMatching(/^\d{12}$/),
  canary: fc.boolean(),
  suffix: fc.constantFrom('', '0F', '1P'),
  anchor: fc.constantFrom(...ANCHORS),
  offsetHours: fc.integer({ min: -30, max: 30 }),
  hours: fc.integer({ min: 1, max: 60 }),
  gapEvery: fc.constantFrom(0, 0, 5, 7),
  march: fc.constantFrom('winter', 'summer') as fc.Arbitrary<'winter' | 'summer'>,
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

const fileArb = fc.record({
  kind: fc.constantFrom('F5D', 'RF5D', 'P5D') as fc.Arbitrary<SourceKind>,
  layout: fc.constantFrom(12, 14) as fc.Arbitrary<12 | 14>,
  eol: fc.constantFrom('\n', '\r\n'),
  trailing: fc.boolean(),
  compression: fc.constantFrom('none', 'gzip', 'bzip2', 'zip', 'zip-bz2'),
  supplies: fc.uniqueArray(supplyArb, {
    minLength: 1,
    maxLength: 4,
    selector: (s) => `${s.digits}${s.canary}`,
  }),
});

type FileSpec = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

/** Writes a file from a spec and returns its lines and the readings it must give. */
function generate(spec: FileSpec): { lines: string[]; expected: Reading[] } {
  const lines: string[] = [];
  const expected: Reading[] = [];
  for (const s of spec.supplies) {
    const cups = makeCups(
      `${s.canary ? '0031' + '6' : '0021'}${s.digits}`.slice(0, 16).padEnd(16, '0'),
    );
    const zone: Zone = s.canary ? 'Atlantic/Canary' : 'Europe/Madrid';
    const start = s.anchor + s.offsetHours * HOUR;
    for (let i = 0; i < s.hours; i++) {
      if (s.gapEvery > 0 && i % s.gapEvery === s.gapEvery - 1) continue;
      const hourEnd = start + i * HOUR;
      const v = (s.seed + i * 7919) % 100_000;
      const exportWh = v % 3 === 0 ? null : v % 97;
      const method = 1 + (v % 6);
      const firm = v % 2 === 0;
      let line: string;
      if (spec.kind === 'P5D') {
        line = formatP5dLine(cups + s.suffix, hourEnd, zone, v, exportWh);
      } else {
        line = formatF5dLine(
          cups + s.suffix,
          hourEnd,
          zone,
          { wh: v, exportWh, method, firm, invoice: 'FAC1' },
          spec.layout,
          s.march,
        );
      }
      if (!spec.trailing && line.endsWith(';')) line = line.slice(0, -1);
      lines.push(line);
      const p5d = spec.kind === 'P5D';
      expected.push({
        cups,
        hourEnd,
        wh: v,
        exportWh,
        kind: spec.kind,
        fileDate: 20251201,
        version: 2,
        method: p5d ? null : method,
        firm: p5d ? null : firm,
        uploadedAt: 0,
      });
    }
  }
  return { lines, expected };
}

function pack(text: string, compression: string): Uint8Array {
  const bytes = latin1(text);
  switch (compression) {
    case 'gzip':
      return gzip(bytes);
    case 'bzip2':
      return bzip2(bytes);
    case 'zip':
      return zip({ 'inner.txt': bytes });
    case 'zip-bz2':
      return zip({ 'inner.bz2': bzip2(bytes) });
    default:
      return bytes;
  }
}

describe('parseMeterFile (property)', () => {
  it('returns exactly the readings of any valid generated file', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.integer({ min: 1, max: 5000 }), async (spec, chunkSize) => {
        const { lines, expected } = generate(spec);
        const bytes = pack(lines.join(spec.eol) + spec.eol, spec.compression);

        const parsed = await parseAll(
          bytes,
          { fileName: `${spec.kind}_0021_0762_20251201.2.zip` },
          chunkSize,
        );

        expect(parsed.error).toBeUndefined();
        expect(parsed.rejections).toEqual([]);
        expect(parsed.warnings).toEqual([]);
        expect(parsed.readings).toEqual(expected);
      }),
      { numRuns: 120, seed: 20251126 },
    );
  });

  const mutationArb = fc.record({
    line: fc.nat(),
    at: fc.nat(),
    op: fc.constantFrom('replace', 'delete', 'insert', 'truncate', 'split'),
    text: fc.string({
      unit: fc.constantFrom(...';0123456789:/ ,.-aZ\r\0\xA4'.split('')),
      minLength: 1,
      maxLength: 4,
    }),
  });

  function mutate(line: string, m: { at: number; op: string; text: string }): string {
    const at = m.at % (line.length + 1);
    switch (m.op) {
      case 'replace':
        return line.slice(0, at) + m.text + line.slice(at + m.text.length);
      case 'delete':
        return line.slice(0, at) + line.slice(at + m.text.length);
      case 'insert':
        return line.slice(0, at) + m.text + line.slice(at);
      case 'split':
        return `${line.slice(0, at)}\n${line.slice(at)}`;
      default:
        return line.slice(0, at);
    }
  }

  it('never crashes on corrupted lines and never drops a valid line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fileArb,
        fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
        async (spec, mutations) => {
          const { lines, expected } = generate({ ...spec, compression: 'none' });
          const corrupted = new Set<number>();
          const text = [...lines];
          for (const m of mutations) {
            const i = m.line % text.length;
            text[i] = mutate(text[i]!, m);
            corrupted.add(i);
          }
          // Keys that a corrupted line may still legitimately claim (it parses on its own).
          const ctx = {
            kind: spec.kind,
            fileDate: 20251201,
            version: 2,
            uploadedAt: 0,
            zoneOverrides: {},
            maxReadingWh: 1e9,
          };
          const claimed = new Set<string>();
          for (const i of corrupted) {
            for (const piece of text[i]!.split(/\r?\n/)) {
              const r = parseLine(piece.replace(/\r$/, ''), ctx, createLineCaches());
              if (!('reason' in r)) claimed.add(`${r.cups}@${r.hourEnd}`);
            }
          }

          const parsed = await parseAll(
            text.join(spec.eol),
            { fileName: `${spec.kind}_0021_0762_20251201.2` },
            333,
          );

          if (parsed.error) expect(parsed.error.name).toBe('InvalidInputError');
          const got = new Set(parsed.readings.map((r) => `${r.cups}@${r.hourEnd}@${r.wh}`));
          const mustKeep = expected.filter(
            (r, i) => !corrupted.has(i) && !claimed.has(`${r.cups}@${r.hourEnd}`),
          );
          for (const r of mustKeep) expect(got).toContain(`${r.cups}@${r.hourEnd}@${r.wh}`);
          expect(parsed.readings.length + parsed.rejections.length).toBeLessThanOrEqual(
            text.join('\n').split('\n').length + 1,
          );
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('labels every generated hour so that the parser maps it back (sanity of the generator)', () => {
    expect(hourEndLabel(Date.UTC(2024, 9, 27, 0), 'Europe/Madrid')).toEqual({
      label: '2024/10/27 02:00',
      flag: 1,
    });
    expect(hourEndLabel(Date.UTC(2024, 9, 27, 1), 'Europe/Madrid')).toEqual({
      label: '2024/10/27 02:00',
      flag: 0,
    });
    expect(hourEndLabel(Date.UTC(2024, 2, 31, 1), 'Europe/Madrid', 'summer')).toEqual({
      label: '2024/03/31 03:00',
      flag: 1,
    });
  });
});
