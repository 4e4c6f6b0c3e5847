import { InvalidInputError } from '../errors.js';
import { type Forest, leafOffsets, resolveForestParams } from './forest-model.js';

/**
 * Binary forest file, little-endian:
 *   'MCEF' | u32 header length | header JSON (kind, schemaVersion, featureNames, params, nTrees,
 *   nNodes, nLeafPoints) | zero padding to 4 bytes | treeStart i32[nTrees+1] | threshold f32[n] |
 *   right i32[n] | value f32[n] | leafPoints f32[nLeafPoints] | feature i16[n] | nanLeft u8[n]
 * Loading copies each array out in one memcpy, so a 50-tree model loads in milliseconds.
 */

const MAGIC = [0x4d, 0x43, 0x45, 0x46]; // 'MCEF'

interface Header {
  kind: string;
  schemaVersion: number;
  featureNames: string[];
  params: unknown;
  nTrees: number;
  nNodes: number;
  nLeafPoints: number;
}

function assertLittleEndian(): void {
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
    throw new InvalidInputError('Forest files need a little-endian platform');
  }
}

/** Serialises a forest to its compact binary form (15 bytes per node, 4 per leaf point). */
export function forestToBytes(forest: Forest): Uint8Array {
  assertLittleEndian();
  const nNodes = forest.feature.length;
  const header: Header = {
    kind: forest.kind,
    schemaVersion: forest.schemaVersion,
    featureNames: [...forest.featureNames],
    params: forest.params,
    nTrees: forest.treeStart.length - 1,
    nNodes,
    nLeafPoints: forest.leafPoints.length,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const arrays = [
    forest.treeStart,
    forest.threshold,
    forest.right,
    forest.value,
    forest.leafPoints,
    forest.feature,
    forest.nanLeft,
  ];
  const start = align4(8 + json.length);
  const total = arrays.reduce((sum, a) => sum + a.byteLength, start);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  let at = start;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return out;
}

/** Reads a forest written by forestToBytes; throws InvalidInputError on an unknown magic, kind or version, or a corrupt file. */
export function forestFromBytes(bytes: Uint8Array): Forest {
  assertLittleEndian();
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new InvalidInputError('Not a forest file (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  const header = parseHeader(bytes.subarray(8, 8 + headerLength));
  const { nTrees, nNodes, nLeafPoints } = header;
  let at = align4(8 + headerLength);
  const take = (size: number): ArrayBuffer => {
    // A copy, not bytes.slice(): on a Node Buffer slice() is a view into a shared pool.
    const chunk = new Uint8Array(size);
    chunk.set(bytes.subarray(at, at + size));
    at += size;
    return chunk.buffer;
  };
  if (bytes.length !== at + 4 * (nTrees + 1) + nNodes * 15 + 4 * nLeafPoints) {
    throw new InvalidInputError('Forest file length does not match its header');
  }
  const params = resolveForestParams(header.params as Record<string, number>);
  const treeStart = new Int32Array(take(4 * (nTrees + 1)));
  const threshold = new Float32Array(take(4 * nNodes));
  const right = new Int32Array(take(4 * nNodes));
  const value = new Float32Array(take(4 * nNodes));
  const leafPoints = new Float32Array(take(4 * nLeafPoints));
  const feature = new Int16Array(take(2 * nNodes));
  const forest: Forest = {
    kind: 'hist-forest',
    schemaVersion: 2,
    featureNames: header.featureNames,
    params,
    treeStart,
    threshold,
    right,
    value,
    leafPoints,
    feature,
    nanLeft: new Uint8Array(take(nNodes)),
    leafOffset: leafOffsets(feature, params.leafQuantiles),
  };
  assertTreesWellFormed(forest);
  return forest;
}

function parseHeader(raw: Uint8Array): Header {
  let h: Partial<Header>;
  try {
    h = JSON.parse(new TextDecoder().decode(raw)) as Partial<Header>;
  } catch (error) {
    throw new InvalidInputError('Forest file header is not JSON', { cause: error });
  }
  if (h.kind !== 'hist-forest') throw new InvalidInputError(`Unknown model kind ${h.kind}`);
  if (h.schemaVersion !== 2) {
    throw new InvalidInputError(
      `Unsupported forest schema version ${h.schemaVersion} (this build reads 2: retrain the model)`,
    );
  }
  const names = h.featureNames;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new InvalidInputError('Forest file header has no feature names');
  }
  const { nTrees, nNodes, nLeafPoints } = h;
  if (!Number.isInteger(nTrees) || !Number.isInteger(nNodes) || nTrees! < 1 || nNodes! < 1) {
    throw new InvalidInputError('Forest file header has bad tree or node counts');
  }
  if (!Number.isInteger(nLeafPoints) || nLeafPoints! < 0) {
    throw new InvalidInputError('Forest file header has a bad leaf point count');
  }
  return h as Header;
}

/** Guards prediction against corrupt files: child links point forward inside their own tree. */
function assertTreesWellFormed(f: Forest): void {
  const nTrees = f.treeStart.length - 1;
  const nFeatures = f.featureNames.length;
  if (f.treeStart[0] !== 0 || f.treeStart[nTrees] !== f.feature.length) {
    throw new InvalidInputError('Forest file has bad tree offsets');
  }
  const leaves = f.feature.reduce((n, feat) => (feat < 0 ? n + 1 : n), 0);
  if (f.leafPoints.length !== leaves * f.params.leafQuantiles) {
    throw new InvalidInputError('Forest file leaf points do not match its leaves');
  }
  for (let t = 0; t < nTrees; t++) {
    const end = f.treeStart[t + 1]!;
    for (let i = f.treeStart[t]!; i < end; i++) {
      const feat = f.feature[i]!;
      if (feat < 0) continue;
      const r = f.right[i]!;
      if (feat >= nFeatures || i + 1 >= end || r <= i + 1 || r >= end) {
        throw new InvalidInputError(`Forest file has a malformed node ${i}`);
      }
    }
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
