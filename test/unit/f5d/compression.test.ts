import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatF5dLine } from '../../../shared/f5d/format.js';
import { bzip2, gzip, latin1, zip } from '../../helpers/compress.js';
import { parseAll } from '../../helpers/parse.js';

const CUPS = 'ES0031000000000001BJ';
const HOURS = Array.from({ length: 48 }, (_, i) => Date.UTC(2024, 0, 1, i));
const TEXT = `${HOURS.map((h, i) => formatF5dLine(CUPS, h, 'Europe/Madrid', { wh: i })).join('\r\n')}\r\n`;
const half = (from: number, to: number) =>
  latin1(
    `${HOURS.slice(from, to)
      .map((h, i) => formatF5dLine(CUPS, h, 'Europe/Madrid', { wh: from + i }))
      .join('\n')}\n`,
  );

describe('parseMeterFile: compression detected by magic bytes', () => {
  it.each([
    ['gzip', 'F5D_0031_0762_20240201.0.gz', () => gzip(latin1(TEXT))],
    ['gzip under a misleading name', 'F5D_0031_0762_20240201.0.zip', () => gzip(latin1(TEXT))],
    ['bzip2', 'F5D_0031_0762_20240201.0.bz2', () => bzip2(latin1(TEXT))],
    [
      'zip with one entry of another name',
      'F5D_0031_0762_20240201.0.zip',
      () => zip({ 'inner-name.txt': latin1(TEXT) }),
    ],
    [
      'zip with two entries',
      'F5D_0031_0762_20240201.0.zip',
      () => zip({ a: half(0, 24), b: half(24, 48) }),
    ],
    [
      'bzip2 inside zip',
      'F5D_0031_0762_20240201.0.zip',
      () => zip({ 'F5D_0031_0762_20240201.0.bz2': bzip2(latin1(TEXT)) }),
    ],
    ['plain text named .bz2', 'F5D_0031_0762_20240201.0.bz2', () => latin1(TEXT)],
  ])('reads %s', async (_, fileName, make) => {
    const parsed = await parseAll(make(), { fileName }, 97);

    expect(parsed.error).toBeUndefined();
    expect(parsed.rejections).toEqual([]);
    expect(parsed.readings.map((r) => r.wh)).toEqual(HOURS.map((_, i) => i));
  });

  it('names the archive member in a rejection', async () => {
    const parsed = await parseAll(zip({ good: half(0, 2), 'bad.txt': latin1('nonsense\n') }), {
      fileName: 'F5D_0031_0762_20240201.0.zip',
    });

    expect(parsed.rejections).toEqual([
      expect.objectContaining({ entry: 'bad.txt', line: 1, field: 'fields' }),
    ]);
    expect(parsed.readings).toHaveLength(2);
  });

  it.each([
    ['gzip', () => gzip(new Uint8Array(5_000_000).fill(10))],
    ['zip', () => zip({ bomb: new Uint8Array(5_000_000).fill(10) })],
    ['bzip2', () => bzip2(new Uint8Array(5_000_000).fill(10))],
  ])('refuses to inflate a %s beyond the configured limit', async (_, make) => {
    const parsed = await parseAll(make(), {
      fileName: 'F5D_0031_0762_20240201.0',
      maxInflateBytes: 1_000_000,
    });

    expect(parsed.error?.name).toBe('InvalidInputError');
    expect(parsed.error?.message).toMatch(/refusing to inflate beyond 1000000 bytes/);
  });

  it('reports corrupt compressed data as a bad file', async () => {
    const bytes = gzip(latin1(TEXT));
    const parsed = await parseAll(bytes.subarray(0, bytes.length - 30), {
      fileName: 'F5D_0031_0762_20240201.0.gz',
    });

    expect(parsed.error?.name).toBe('InvalidInputError');
  });
});

const REAL = new URL('../../../../shared/fixtures/f5d/real/', import.meta.url);
const haveReal = existsSync(REAL);
if (!haveReal) console.warn(`skipping the real-fixture tests: ${REAL.pathname} is absent`);

describe.skipIf(!haveReal)(
  'parseMeterFile: real public fixtures (../shared/fixtures/f5d/real)',
  () => {
    const read = (name: string) => readFileSync(new URL(name, REAL));

    it('reads the 12-field F5D: 1464 hourly readings of one supply, June and July 2021', async () => {
      const parsed = await parseAll(
        read('F5D_0238_0762_20211008.0'),
        { fileName: 'F5D_0238_0762_20211008.0' },
        65536,
      );

      expect(parsed.rejections).toEqual([]);
      expect(parsed.readings).toHaveLength(1464);
      expect(new Set(parsed.readings.map((r) => r.cups))).toEqual(
        new Set([read('F5D_0238_0762_20211008.0').toString('latin1').slice(0, 20)]),
      );
      expect(new Date(parsed.readings[0]!.hourEnd).toISOString()).toBe('2021-05-31T23:00:00.000Z');
      expect(new Date(parsed.readings.at(-1)!.hourEnd).toISOString()).toBe(
        '2021-07-31T22:00:00.000Z',
      );
      expect(parsed.readings.filter((r) => r.firm).length).toBe(960);
    });

    it('rejects line 1 of the .1 version for method 0 and keeps the rest', async () => {
      const parsed = await parseAll(
        read('F5D_0238_0762_20211008.1'),
        { fileName: 'F5D_0238_0762_20211008.1' },
        65536,
      );

      expect(parsed.rejections).toEqual([expect.objectContaining({ line: 1, field: 'method' })]);
      expect(parsed.readings).toHaveLength(1463);
      expect(parsed.readings[0]!.version).toBe(1);
    });

    it('gives the same readings from the 14-field layout', async () => {
      const old = await parseAll(read('F5D_0238_0762_20211008.0'), {
        fileName: 'F5D_0238_0762_20211008.0',
      });
      const wide = await parseAll(read('F5D_0237_0762_20211008.0'), {
        fileName: 'F5D_0237_0762_20211008.0',
      });

      expect(wide.rejections).toEqual([]);
      expect(wide.readings).toEqual(old.readings);
    });

    it('parses the RF5D as RF5D', async () => {
      const parsed = await parseAll(read('RF5D_0237_0762_20211008.0'), {
        fileName: 'RF5D_0237_0762_20211008.0',
      });

      expect(parsed.readings).toHaveLength(1464);
      expect(new Set(parsed.readings.map((r) => r.kind))).toEqual(new Set(['RF5D']));
    });

    it('decompresses the real bzip2 file (a self-consumption A5D, refused by kind unless renamed)', async () => {
      const bytes = read('A5D_0189_0373_20210219.0.bz2');
      const asA5d = await parseAll(bytes, { fileName: 'A5D_0189_0373_20210219.0.bz2' });
      const asF5d = await parseAll(bytes, { fileName: 'F5D_0189_0373_20210219.0.bz2' });

      expect(asA5d.error?.message).toMatch(/unknown file kind "A5D"/);
      // Its method and firmness fields are empty, which an F5D line may not leave empty.
      expect(asF5d.rejections).toHaveLength(1488);
      expect(new Set(asF5d.rejections.map((r) => r.field))).toEqual(new Set(['method']));
    });
  },
);
