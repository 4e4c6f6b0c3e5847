import { describe, expect, it } from 'vitest';
import { type ParseWarning, type Rejection } from '../../../shared/f5d/parse.js';
import { spoolMeterFile } from '../../../shared/pipelines/spool-meter-file.js';
import { type Reading } from '../../../shared/types.js';
import { gzip, latin1 } from '../../helpers/compress.js';
import { createMemoryScratch } from '../../helpers/memory-scratch.js';
import { meterFileText, testCups } from '../../helpers/meter-files.js';

const A = testCups(1);
const B = testCups(2);
const line = (cups: string, hour: string, wh: number) =>
  `${cups};2024/01/15 ${hour};0;${wh};;;;;;1;1;I;`;
const NAME = 'F5D_0021_0762_20240301.0';

async function* chunks(bytes: Uint8Array, size = 64): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function spool(content: string | Uint8Array, revisitsPerPass?: number) {
  const rejections: Rejection[] = [];
  const warnings: ParseWarning[] = [];
  const openScratch = createMemoryScratch();
  const bytes = typeof content === 'string' ? latin1(content) : content;
  const out = await spoolMeterFile(
    chunks(bytes),
    { fileName: NAME, maxInflateBytes: 1_000_000 },
    await openScratch(),
    { rejected: (r) => rejections.push(r), warned: (w) => warnings.push(w) },
    revisitsPerPass,
  );
  const readings: Reading[] = [];
  for await (const batch of out.spool.batches(1000)) readings.push(...batch);
  await out.spool.discard();
  return { out, readings, rejections, warnings, open: openScratch.open };
}

describe('spoolMeterFile', () => {
  it('refuses both sides of a conflict wherever they stand in the file', async () => {
    const text = [
      line(A, '01:00', 100),
      line(A, '02:00', 7),
      line(B, '01:00', 5),
      line(A, '01:00', 200),
    ].join('\n');

    const { out, readings, rejections } = await spool(text);

    expect(readings.map((r) => [r.cups, r.wh])).toEqual([
      [A, 7],
      [B, 5],
    ]);
    expect(out).toMatchObject({ readings: 2, rejected: 2, fileError: undefined });
    expect(rejections.map((r) => [r.line, r.field, r.reason]).sort()).toEqual([
      [1, 'line', 'conflicts with line 4: different values for the same hour'],
      [4, 'line', 'conflicts with line 1: different values for the same hour'],
    ]);
  });

  it('keeps a far repeat with the same values once, with a warning', async () => {
    const text = [line(A, '01:00', 100), line(B, '01:00', 5), line(A, '01:00', 100)].join('\n');

    const { readings, rejections, warnings } = await spool(text);

    expect(readings.map((r) => r.wh)).toEqual([100, 5]);
    expect(rejections).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({
        line: 3,
        warning: 'repeats line 1 with the same values; kept once',
      }),
    ]);
  });

  it('refuses every line of an hour given three times when one differs', async () => {
    const text = [
      line(A, '01:00', 100),
      line(B, '01:00', 5),
      line(A, '01:00', 100),
      line(B, '02:00', 6),
      line(A, '01:00', 300),
    ].join('\n');

    const { readings, rejections } = await spool(text);

    expect(readings.map((r) => r.wh)).toEqual([5, 6]);
    expect(rejections.map((r) => [r.line, r.reason]).sort()).toEqual([
      [1, 'conflicts with line 3, 5: different values for the same hour'],
      [3, 'conflicts with line 1, 5: different values for the same hour'],
      [5, 'conflicts with line 1, 3: different values for the same hour'],
    ]);
  });

  it('refuses a far line for an hour its own block refused', async () => {
    const text = [
      line(A, '01:00', 1),
      line(A, '01:00', 2),
      line(B, '01:00', 5),
      line(A, '01:00', 1),
    ].join('\n');

    const { readings, rejections } = await spool(text);

    expect(readings.map((r) => r.wh)).toEqual([5]);
    expect(rejections.find((r) => r.line === 4)?.reason).toMatch(/refused earlier in the file/);
    expect(rejections).toHaveLength(3);
  });

  it('settles revisits in several passes over the spool, with the same outcome', async () => {
    // Supply A for 300 hours, then B, then A again: 300 revisits, every tenth one different.
    const first = meterFileText('F5D', [1], Date.UTC(2024, 0, 1), 300, (_, h) => h);
    const other = meterFileText('F5D', [2], Date.UTC(2024, 0, 1), 5, () => 1);
    const again = meterFileText('F5D', [1], Date.UTC(2024, 0, 1), 300, (_, h) =>
      h % 10 === 0 ? h + 1 : h,
    );
    const text = first + other + again;

    const once = await spool(text);
    const passes = await spool(text, 7);

    expect(passes.readings).toEqual(once.readings);
    expect(passes.out.rejected).toBe(60);
    expect(passes.warnings).toHaveLength(270);
    expect(once.out.readings).toBe(300 - 30 + 5);
  });

  it('reports a truncated compression as a file error, and discards nothing itself', async () => {
    const whole = gzip(latin1(meterFileText('F5D', [1, 2], Date.UTC(2024, 0, 1), 500, () => 3)));

    const { out, open } = await spool(whole.subarray(0, Math.floor(whole.length * 0.75)));

    expect(out.fileError?.message).toMatch(/corrupt compressed data/);
    expect(open).toBe(0); // the caller discarded it (here: spool() did)
  });

  it('refuses the whole file when far conflicts leave no line standing', async () => {
    const text = [
      line(A, '01:00', 1),
      line(B, '01:00', 5),
      line(A, '01:00', 2),
      line(B, '01:00', 6),
    ].join('\n');

    const { out, readings } = await spool(text);

    expect(readings).toEqual([]);
    expect(out.fileError?.message).toMatch(/no valid line \(4 rejected\)/);
  });
});
