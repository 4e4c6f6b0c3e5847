import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileScratch } from '../../../shared/adapters/files/scratch.js';
import { createReadingSpool } from '../../../shared/pipelines/reading-spool.js';
import { type OpenScratch } from '../../../shared/ports.js';
import { type Reading } from '../../../shared/types.js';
import { createMemoryScratch } from '../../helpers/memory-scratch.js';
import { reading } from '../../helpers/store-adapters.js';

const dir = mkdtempSync(join(tmpdir(), 'mce-spool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRATCHES: [string, OpenScratch][] = [
  ['memory', createMemoryScratch()],
  ['a file', createFileScratch(dir)],
];

const many = (n: number): Reading[] =>
  Array.from({ length: n }, (_, i) =>
    reading({
      cups: `ES0031${String(Math.floor(i / 1000)).padStart(12, '0')}AB`,
      hourEnd: (i % 1000) * 3_600_000,
      wh: i % 7 === 0 ? 0.5 : i,
      exportWh: i % 3 === 0 ? null : i * 2,
      method: i % 5 === 0 ? null : 1 + (i % 6),
      firm: i % 4 === 0 ? null : i % 2 === 0,
      uploadedAt: 77,
    }),
  );

describe.each(SCRATCHES)('createReadingSpool over %s', (_, openScratch) => {
  it('gives back every reading in order, past one chunk, then discards the scratch', async () => {
    const readings = many(70_000);
    const spool = createReadingSpool(await openScratch());

    for (let i = 0; i < readings.length; i += 4096) {
      const part = readings.slice(i, i + 4096);
      await spool.append(
        part,
        part.map((_r, j) => i + j + 1),
        part.map(() => undefined),
      );
    }
    const back: Reading[] = [];
    for await (const batch of spool.batches(5000)) {
      expect(batch.length).toBeLessThanOrEqual(5000);
      back.push(...batch);
    }
    await spool.discard();

    expect(spool.size).toBe(70_000);
    expect(back).toEqual(readings);
    expect(spool.spans()).toHaveLength(70);
    expect(spool.spans()[1]).toEqual({
      cups: readings[1000]?.cups,
      first: 0,
      last: 999 * 3_600_000,
    });
  });

  it('marks records refused in place and leaves them out of the batches', async () => {
    const readings = many(40_000);
    const entries = readings.map((_r, i) => (i % 2 === 0 ? 'a.txt' : undefined));
    const spool = createReadingSpool(await openScratch());
    await spool.append(
      readings,
      readings.map((_r, i) => i + 1),
      entries,
    );

    const seen: [number, string | undefined][] = [];
    await spool.scan((r) => {
      if (r.line % 10_000 !== 1) return false;
      seen.push([r.line, spool.entryName(r.entryIndex)]);
      return true;
    });
    await spool.scan((r) => r.line === 1); // already refused: not counted twice
    let count = 0;
    for await (const batch of spool.batches(4096)) count += batch.length;
    await spool.discard();

    expect(seen).toEqual([
      [1, 'a.txt'],
      [10_001, 'a.txt'],
      [20_001, 'a.txt'],
      [30_001, 'a.txt'],
    ]);
    expect(spool.refused).toBe(4);
    expect(count).toBe(40_000 - 4);
    // Line 1 (hour 0 of the first supply) was refused: its span starts an hour later.
    expect(spool.spans()[0]?.first).toBe(3_600_000);
  });
});

describe('createFileScratch', () => {
  it('removes its file when discarded', async () => {
    const scratch = await createFileScratch(dir)();
    await scratch.append(new Uint8Array([1, 2, 3]));

    await scratch.discard();

    expect(readdirSync(dir).filter((n) => n.startsWith('mce-scratch-'))).toEqual([]);
  });

  it('says where it cannot write, as a failure a retry may cure', async () => {
    await expect(createFileScratch(join(dir, 'no', 'such'))()).rejects.toThrow(
      /Cannot create a scratch file in .*no\/such/,
    );
  });
});
