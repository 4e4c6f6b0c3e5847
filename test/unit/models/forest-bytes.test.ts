import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import {
  fitForest,
  forestFromBytes,
  forestToBytes,
  predictForest,
} from '../../../shared/models/forest.js';
import { friedman1, makeRegressionData } from '../../helpers/model-data.js';

const { x, y } = makeRegressionData(600, 5, 11, friedman1);
for (let r = 0; r < x.nRows; r += 7) x.data[r * 5 + 1] = Number.NaN;
const forest = fitForest(x, y, { nTrees: 8, maxDepth: 7, minSamplesLeaf: 5, seed: 3 });
const bytes = forestToBytes(forest);

/** Re-encodes the header JSON with a change, keeping the arrays. */
function withHeader(change: (h: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const length = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  change(header);
  const json = new TextEncoder().encode(JSON.stringify(header).padEnd(length, ' '));
  const out = Uint8Array.from(bytes);
  out.set(json.subarray(0, length), 8);
  return out;
}

describe('forestToBytes / forestFromBytes', () => {
  it('round-trips to identical predictions, names and params', () => {
    // Act
    const loaded = forestFromBytes(Uint8Array.from(bytes));
    const before = predictForest(forest, x);
    const after = predictForest(loaded, x);

    // Assess
    expect(loaded.featureNames).toEqual(forest.featureNames);
    expect(loaded.params).toEqual(forest.params);
    for (const key of ['mean', 'p10', 'p50', 'p90'] as const) {
      expect(Buffer.from(after[key].buffer).equals(Buffer.from(before[key].buffer))).toBe(true);
    }
    expect(Buffer.from(forestToBytes(loaded)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads a forest from an unaligned view into a larger buffer', () => {
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    const loaded = forestFromBytes(padded.subarray(3));
    expect(Array.from(loaded.value)).toEqual(Array.from(forest.value));
  });

  it('reads a forest from a Node Buffer (as readFileSync returns)', () => {
    const loaded = forestFromBytes(Buffer.from(bytes));
    expect(Array.from(loaded.threshold)).toEqual(Array.from(forest.threshold));
  });

  it('stores 15 bytes per node and 4 per leaf point, plus a small header', () => {
    const leaves = forest.feature.filter((f) => f < 0).length;
    expect(forest.leafPoints.length).toBe(leaves * forest.params.leafQuantiles);
    expect(bytes.length).toBeLessThan(
      forest.feature.length * 15 + forest.leafPoints.length * 4 + 1024,
    );
  });

  it.each([
    ['a bad magic', () => Uint8Array.from([0, ...bytes.subarray(1)])],
    [
      'an unknown kind',
      () =>
        withHeader((h) => {
          h.kind = 'other-forest';
        }),
    ],
    [
      'a version-1 file (no leaf points: retrain)',
      () =>
        withHeader((h) => {
          h.schemaVersion = 1;
        }),
    ],
    ['a truncated file', () => bytes.subarray(0, bytes.length - 1)],
    ['an empty file', () => new Uint8Array(0)],
  ])('rejects %s with InvalidInputError', (_, make) => {
    expect(() => forestFromBytes(make())).toThrow(InvalidInputError);
  });

  it('rejects a child link that points outside its tree', () => {
    const tampered = forestToBytes({
      ...forest,
      right: forest.right.map((r) => (r > 0 ? r + 10_000 : r)),
    });
    expect(() => forestFromBytes(tampered)).toThrow(InvalidInputError);
  });
});
