import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { type ModelManifest } from '../../../shared/registry/manifest.js';
import {
  parseReferenceSamples,
  REFERENCE_FILE,
  type ReferenceSamples,
  readReferenceSamples,
} from '../../../shared/registry/reference-samples.js';
import { registerVersion, versionPrefix } from '../../../shared/registry/registry.js';
import { createMemoryBlobStore } from '../../helpers/memory-blob-store.js';

function manifestOf(version: string): Omit<ModelManifest, 'files'> {
  return {
    kind: 'mce-segmented-forest',
    schemaVersion: 1,
    version,
    runId: `run-${version}`,
    createdAt: '2024-05-01T10:00:00.000Z',
    codeRevision: 'abc123',
    data: {
      windowStart: '2024-01-01',
      windowEnd: '2024-04-30',
      fingerprint: 'f',
      supplies: 3,
      trainRows: 10,
      dataLatencyDays: 2,
      weather: 'forecast else observed',
    },
    featureNames: ['a'],
    target: 'log-wh-over-level',
    hyperParameters: {},
    segments: [],
    centroidsFile: 'segments.json',
    metrics: {},
    reference: {},
  };
}

const SAMPLES: ReferenceSamples = {
  schemaVersion: 1,
  version: 'v2',
  seed: 42,
  maxPerColumn: 2000,
  continuous: { temperatureC: [1.5, 2.5, 3.5], levelWh: [100, 200] },
  dayMix: { working: 84, saturday: 18, 'sunday-holiday': 19 },
  segments: { '0': 2, '1': 1 },
  window: { first: '2024-01-01', last: '2024-04-30' },
};

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('readReferenceSamples', () => {
  it('reads back the samples stored with a version, and undefined for an older version', async () => {
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), { 'segments.json': encode({}) });
    await registerVersion(blobs, manifestOf('v2'), {
      'segments.json': encode({}),
      [REFERENCE_FILE]: encode(SAMPLES),
    });
    expect(await readReferenceSamples(blobs, 'v2')).toEqual(SAMPLES);
    expect(await readReferenceSamples(blobs, 'v1')).toBeUndefined();
    await expect(readReferenceSamples(blobs, 'v9')).rejects.toThrow(/No model version "v9"/);
  });

  it('refuses a file that fails its checksum or is not JSON', async () => {
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), { [REFERENCE_FILE]: encode(SAMPLES) });
    await blobs.put(`${versionPrefix('v1')}${REFERENCE_FILE}`, encode({ tampered: true }));
    await expect(readReferenceSamples(blobs, 'v1')).rejects.toThrow(/fails its checksum/);
    await registerVersion(blobs, manifestOf('v3'), {
      [REFERENCE_FILE]: new TextEncoder().encode('{not json'),
    });
    await expect(readReferenceSamples(blobs, 'v3')).rejects.toThrow(
      /v3 reference\.json is not JSON/,
    );
  });

  it.each([
    [null, /not an object/],
    [{ ...SAMPLES, schemaVersion: 2 }, /unknown schema version 2/],
    [{ ...SAMPLES, version: 1 }, /version is not a string/],
    [{ ...SAMPLES, continuous: [] }, /continuous is not an object/],
    [{ ...SAMPLES, continuous: { t: ['x'] } }, /continuous\.t is not an array of numbers/],
    [{ ...SAMPLES, dayMix: { working: 1 } }, /dayMix must count working, saturday/],
    [{ ...SAMPLES, segments: { '0': -1 } }, /segments must be counts/],
    [{ ...SAMPLES, window: undefined }, /window is missing/],
  ])('names what is wrong in %o', (value, message) => {
    expect(() => parseReferenceSamples(value, 'x')).toThrow(InvalidInputError);
    expect(() => parseReferenceSamples(value, 'x')).toThrow(message);
  });
});
