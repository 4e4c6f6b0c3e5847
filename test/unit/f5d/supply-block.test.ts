import { describe, expect, it } from 'vitest';
import { addToBlock, createSupplyBlock, releaseBlock } from '../../../shared/f5d/supply-block.js';
import { type Reading } from '../../../shared/types.js';

const reading = (hour: number, wh: number): Reading => ({
  cups: 'ES0021000000000001BJ',
  hourEnd: hour * 3_600_000,
  wh,
  exportWh: null,
  kind: 'F5D',
  fileDate: 20240101,
  version: 0,
  uploadedAt: 0,
  method: 1,
  firm: true,
});

describe('supply blocks', () => {
  it('releases hours in line order and reports them ascending even when lines are not', () => {
    const block = createSupplyBlock('ES0021000000000001BJ');

    for (const [i, h] of [3, 1, 2].entries())
      addToBlock(block, reading(h, h * 10), i + 1, undefined);
    const released = releaseBlock(block);

    expect(released.readings.map((r) => r.wh)).toEqual([30, 10, 20]);
    expect(released.hoursAscending).toEqual([1, 2, 3].map((h) => h * 3_600_000));
    expect(released.conflicted).toEqual([]);
  });

  it('keeps an identical repeat once and withholds both sides of a conflict', () => {
    const block = createSupplyBlock('ES0021000000000001BJ');

    expect(addToBlock(block, reading(1, 5), 1, undefined)).toEqual({ kind: 'added' });
    expect(addToBlock(block, reading(2, 6), 2, 'a.txt')).toEqual({ kind: 'added' });
    expect(addToBlock(block, reading(1, 5), 3, undefined)).toEqual({ kind: 'repeat', ofLine: 1 });
    expect(addToBlock(block, reading(2, 7), 4, undefined)).toEqual({
      kind: 'conflict',
      withLine: 2,
    });
    expect(addToBlock(block, reading(2, 6), 5, undefined)).toEqual({
      kind: 'conflict',
      withLine: 2,
    });
    const released = releaseBlock(block);

    expect(released.readings.map((r) => r.wh)).toEqual([5]);
    expect(released.conflicted).toEqual([{ line: 2, entry: 'a.txt', others: [4, 5] }]);
  });
});
