import { describe, expect, it } from 'vitest';
import { formatF5dLine } from '../../../shared/f5d/format.js';
import { parseAll } from '../../helpers/parse.js';

const CUPS = 'ES0031000000000001BJ'; // valid check letters for 0031000000000001
const CANARY = 'ES0031600000000001XF';
const F5D = { fileName: 'F5D_0031_0762_20241105.0' };
const P5D = { fileName: 'P5D_0031_0762_20241105.0' };
const iso = (ms: number) => new Date(ms).toISOString();

function f5d(time: string, flag: number, wh: number | string, rest = ';;;;;1;1;INV') {
  return `${CUPS};${time};${flag};${wh};${rest};`;
}

describe('parseMeterFile: hours and zones', () => {
  it('converts the local hour-ending label to the UTC hour end', async () => {
    const parsed = await parseAll(
      `${f5d('2024/01/15 01:00', 0, 10)}\r\n${f5d('2024/07/15 01:00', 1, 20)}\r\n`,
      F5D,
    );

    expect(parsed.rejections).toEqual([]);
    expect(parsed.readings.map((r) => iso(r.hourEnd))).toEqual([
      '2024-01-15T00:00:00.000Z',
      '2024-07-14T23:00:00.000Z',
    ]);
  });

  it('reads 00:00 as the last hour of the day before and 24:00 as the same instant', async () => {
    const a = await parseAll(f5d('2024/01/16 00:00', 0, 5), F5D);
    const b = await parseAll(f5d('2024/01/15 24:00', 0, 5), F5D);

    expect(iso(a.readings[0]!.hourEnd)).toBe('2024-01-15T23:00:00.000Z');
    expect(b.readings[0]!.hourEnd).toBe(a.readings[0]!.hourEnd);
  });

  it.each([
    ['02:00;0', '2024/03/31 02:00', 0],
    ['03:00;1', '2024/03/31 03:00', 1],
  ])('maps both March variants (%s) of 01:00-02:00 CET to 01:00 UTC', async (_, time, flag) => {
    const parsed = await parseAll(f5d(time, flag, 7), F5D);

    expect(parsed.rejections).toEqual([]);
    expect(iso(parsed.readings[0]!.hourEnd)).toBe('2024-03-31T01:00:00.000Z');
  });

  it('gives the 25-label October day two distinct 02:00 hours', async () => {
    const day = Array.from({ length: 25 }, (_, i) => Date.UTC(2024, 9, 26, 23 + i));
    const lines = day.map((h, i) => formatF5dLine(CUPS, h, 'Europe/Madrid', { wh: i + 1 }));

    const parsed = await parseAll(lines.join('\n'), F5D);

    expect(lines.filter((l) => l.includes('2024/10/27 02:00'))).toHaveLength(2);
    expect(parsed.rejections).toEqual([]);
    expect(parsed.readings.map((r) => r.hourEnd)).toEqual(day);
    expect(parsed.readings.map((r) => r.wh)).toEqual(day.map((_, i) => i + 1));
  });

  it('rejects a flag that contradicts the zone at an unambiguous hour', async () => {
    const parsed = await parseAll(
      [
        f5d('2024/01/15 10:00', 1, 1),
        f5d('2024/03/31 03:00', 0, 1),
        f5d('2024/07/01 10:00', 0, 1),
        f5d('2024/07/01 11:00', 1, 1),
      ].join('\n'),
      F5D,
    );

    expect(parsed.rejections.map((r) => [r.line, r.field])).toEqual([
      [1, 'summerFlag'],
      [2, 'summerFlag'],
      [3, 'summerFlag'],
    ]);
    expect(parsed.readings).toHaveLength(1);
  });

  it('uses Atlantic/Canary for Canary supplies by CUPS prefix', async () => {
    const parsed = await parseAll(
      `${CANARY};2024/01/15 01:00;0;3;;;;;;1;1;X;\n${CANARY};2024/07/15 01:00;1;3;;;;;;1;1;X;`,
      F5D,
    );

    expect(parsed.readings.map((r) => iso(r.hourEnd))).toEqual([
      '2024-01-15T01:00:00.000Z',
      '2024-07-15T00:00:00.000Z',
    ]);
  });

  it('lets configuration override the zone per CUPS prefix', async () => {
    const parsed = await parseAll(f5d('2024/01/15 01:00', 0, 3), {
      ...F5D,
      zoneOverrides: { ES0031: 'Atlantic/Canary' },
    });

    expect(iso(parsed.readings[0]!.hourEnd)).toBe('2024-01-15T01:00:00.000Z');
  });
});

describe('parseMeterFile: layouts', () => {
  it('reads the 12-field layout with and without the trailing semicolon, CRLF or LF', async () => {
    const text = `${CUPS};2024/01/15 01:00;0;11;;;;;;1;0;INV;\r\n${CUPS};2024/01/15 02:00;0;12;3;1;2;3;4;02;1;INV\n`;
    const parsed = await parseAll(text, F5D);

    expect(parsed.rejections).toEqual([]);
    expect(parsed.readings.map((r) => [r.wh, r.exportWh, r.method, r.firm])).toEqual([
      [11, null, 1, false],
      [12, 3, 2, true],
    ]);
  });

  it('reads the 2024+ 14-field layout', async () => {
    const parsed = await parseAll(
      `${CUPS};2024/01/15 01:00;0;11;;;;;;1;0;INV;0;0\n${CUPS};2024/01/15 02:00;0;9;;;;;;5;1;INV;1;0;`,
      F5D,
    );

    expect(parsed.rejections).toEqual([]);
    expect(parsed.readings.map((r) => r.wh)).toEqual([11, 9]);
  });

  it('keys a CUPS with a border suffix on its first 20 characters', async () => {
    const parsed = await parseAll(`${CUPS}0F;2024/01/15 01:00;0;11;;;;;;1;0;INV;`, F5D);

    expect(parsed.readings[0]!.cups).toBe(CUPS);
  });

  it('reads P5D lines, gaps included, with kind and version from the name', async () => {
    const text = `${CUPS};2024/01/15 01:00;0;11;;\n${CUPS};2024/01/15 03:00;0;13;2\n`;
    const parsed = await parseAll(text, P5D);

    expect(parsed.rejections).toEqual([]);
    expect(
      parsed.readings.map((r) => [iso(r.hourEnd), r.wh, r.exportWh, r.kind, r.method, r.firm]),
    ).toEqual([
      ['2024-01-15T00:00:00.000Z', 11, null, 'P5D', null, null],
      ['2024-01-15T02:00:00.000Z', 13, 2, 'P5D', null, null],
    ]);
    expect(parsed.readings[0]).toMatchObject({ fileDate: 20241105, version: 0 });
  });

  it('decodes ISO-8859-15 (the euro sign is 0xA4)', async () => {
    const parsed = await parseAll(
      Buffer.from(`${CUPS};2024/01/15 01:00;0;11;;;;;;1;0;FAC\xA41;`, 'latin1'),
      F5D,
    );

    expect(parsed.readings).toHaveLength(1);
  });
});

describe('parseMeterFile: rejected lines', () => {
  it.each([
    [`${CUPS};2024/01/15 01:00;0;11;;;;;;1;0`, 'fields'],
    ['ES0031000000000001XX;2024/01/15 01:00;0;11;;;;;;1;0;I;', 'cups'],
    ['ES003100000000001BJ;2024/01/15 01:00;0;11;;;;;;1;0;I;', 'cups'],
    [f5d('2024-01-15 01:00', 0, 1), 'time'],
    [f5d('2024/01/15 01:30', 0, 1), 'time'],
    [f5d('2024/02/30 01:00', 0, 1), 'time'],
    [f5d('2024/01/15 25:00', 0, 1), 'time'],
    [f5d('2024/01/15 01:00', 2, 1), 'summerFlag'],
    [f5d('2024/01/15 01:00', 0, -5), 'activeImportWh'],
    [f5d('2024/01/15 01:00', 0, '1.5'), 'activeImportWh'],
    [f5d('2024/01/15 01:00', 0, ''), 'activeImportWh'],
    [f5d('2024/01/15 01:00', 0, 1, 'x;;;;;1;1;I'), 'activeExportWh'],
    [f5d('2024/01/15 01:00', 0, 1, ';;a;;;1;1;I'), 'r2'],
    [f5d('2024/01/15 01:00', 0, 1, ';;;;;0;1;I'), 'method'],
    [f5d('2024/01/15 01:00', 0, 1, ';;;;;7;1;I'), 'method'],
    [f5d('2024/01/15 01:00', 0, 1, ';;;;;;1;I'), 'method'],
    [f5d('2024/01/15 01:00', 0, 1, ';;;;;1;2;I'), 'firm'],
    [`${CUPS};2024/01/15 01:00;0;11;;;;;;1;0;INV;x;0`, 'aiFix'],
    [`${CUPS};2024/01/15 01:00;0;11;;;;;;1;0;INV;0;-1`, 'aeFix'],
  ])('rejects "%s" naming field %s, keeping the good lines', async (bad, field) => {
    const good = f5d('2024/01/15 05:00', 0, 42);
    const parsed = await parseAll(`${good}\n${bad}\n${good.replace('05:00', '06:00')}\n`, F5D);

    expect(parsed.rejections).toHaveLength(1);
    expect(parsed.rejections[0]).toMatchObject({ file: F5D.fileName, line: 2, field });
    expect(parsed.rejections[0]!.reason.length).toBeGreaterThan(5);
    expect(parsed.readings.map((r) => r.wh)).toEqual([42, 42]);
  });

  it('rejects both lines of a conflict and keeps an identical repeat once with a warning', async () => {
    const text = [
      f5d('2024/01/15 01:00', 0, 10),
      f5d('2024/01/15 02:00', 0, 20),
      f5d('2024/01/15 01:00', 0, 10),
      f5d('2024/01/15 02:00', 0, 21),
      f5d('2024/01/15 03:00', 0, 30),
    ].join('\n');

    const parsed = await parseAll(text, F5D);

    expect(parsed.readings.map((r) => r.wh)).toEqual([10, 30]);
    expect(parsed.warnings.map((w) => w.line)).toEqual([3]);
    expect(parsed.rejections.map((r) => r.line).sort()).toEqual([2, 4]);
    expect(parsed.summary).toMatchObject({ readings: 2, rejected: 2, warnings: 1 });
  });

  it('yields a revisit, after the readings it revisits, for an hour of a supply that reappears', async () => {
    const other = 'ES0031000000000002BZ';
    const text = [
      f5d('2024/01/15 01:00', 0, 10),
      `${other};2024/01/15 01:00;0;5;;;;;;1;1;I;`,
      f5d('2024/01/15 01:00', 0, 12),
      f5d('2024/01/15 02:00', 0, 11),
    ].join('\n');

    const parsed = await parseAll(text, F5D);

    expect(parsed.readings.map((r) => r.wh)).toEqual([10, 5, 11]);
    expect(parsed.lines).toEqual([1, 2, 4]);
    expect(parsed.revisits.map((v) => [v.line, v.reading.wh])).toEqual([[3, 12]]);
    expect(parsed.rejections).toEqual([]);
  });

  it('yields a revisit for an hour refused in its block, so that a third line cannot slip in', async () => {
    const text = [
      f5d('2024/01/15 01:00', 0, 10),
      f5d('2024/01/15 01:00', 0, 20),
      `ES0031000000000002BZ;2024/01/15 01:00;0;5;;;;;;1;1;I;`,
      f5d('2024/01/15 01:00', 0, 30),
    ].join('\n');

    const parsed = await parseAll(text, F5D);

    expect(parsed.readings.map((r) => r.wh)).toEqual([5]);
    expect(parsed.rejections.map((r) => r.line).sort()).toEqual([1, 2]);
    expect(parsed.revisits.map((v) => v.line)).toEqual([4]);
  });

  it('skips a UTF-8 byte-order mark at the start of the file', async () => {
    const text = `\xEF\xBB\xBF${f5d('2024/01/15 01:00', 0, 10)}\n${f5d('2024/01/15 02:00', 0, 11)}`;

    const parsed = await parseAll(text, F5D, 2);

    expect(parsed.rejections).toEqual([]);
    expect(parsed.readings.map((r) => r.wh)).toEqual([10, 11]);
  });

  it.each([
    ['import', '1000000001', '', 'activeImportWh'],
    ['import of 19 digits', '1234567890123456789', '', 'activeImportWh'],
    ['export', '10', '5000000000', 'activeExportWh'],
  ])('refuses an implausible %s as implausible, naming the field', async (_, wh, exp, field) => {
    const line = `ES0031000000000001BJ;2024/01/15 01:00;0;${wh};${exp};;;;;1;1;I;`;
    const good = f5d('2024/01/15 02:00', 0, 11);

    const parsed = await parseAll(`${line}\n${good}`, { ...F5D, maxReadingWh: 1e9 });

    expect(parsed.rejections).toEqual([
      expect.objectContaining({
        line: 1,
        field,
        reason: expect.stringMatching(/Wh in one hour is implausible \(more than 1000000000 Wh\)/),
      }),
    ]);
  });

  it('stamps the upload instant given on every reading', async () => {
    const parsed = await parseAll(f5d('2024/01/15 01:00', 0, 10), { ...F5D, uploadedAt: 42 });

    expect(parsed.readings[0]?.uploadedAt).toBe(42);
  });

  it('rejects an over-long line without holding it in memory', async () => {
    const parsed = await parseAll(
      `${f5d('2024/01/15 01:00', 0, 1)}\n${'9'.repeat(200_000)}\n${f5d('2024/01/15 02:00', 0, 2)}`,
      F5D,
      1024,
    );

    expect(parsed.rejections.map((r) => [r.line, r.field])).toEqual([[2, 'line']]);
    expect(parsed.readings.map((r) => r.wh)).toEqual([1, 2]);
  });
});

describe('parseMeterFile: whole-file errors', () => {
  it.each([
    ['an empty file', '', /empty/],
    ['a file of blank lines', '\r\n\n', /no valid line/],
    ['a file with no valid line', 'hello;world\nfoo', /no valid line \(2 rejected\)/],
    ['binary content', '\0\x01\x02\x03garbage', /unknown format/],
  ])('fails on %s', async (_, text, message) => {
    const parsed = await parseAll(text, F5D);

    expect(parsed.error?.name).toBe('InvalidInputError');
    expect(parsed.error?.message).toMatch(message);
    expect(parsed.error?.message).toContain(F5D.fileName);
  });

  it('fails on an unknown kind before reading', async () => {
    const parsed = await parseAll(f5d('2024/01/15 01:00', 0, 1), {
      fileName: 'A5D_0031_0762_20241105.0',
    });

    expect(parsed.error?.message).toMatch(/unknown file kind/);
  });
});
