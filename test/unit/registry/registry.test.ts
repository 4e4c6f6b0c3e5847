import { describe, expect, it } from 'vitest';
import { InvalidInputError, PreconditionFailedError } from '../../../shared/errors.js';
import { type ModelManifest } from '../../../shared/registry/manifest.js';
import {
  listVersions,
  promote,
  readVersionFile,
  registerVersion,
  rollback,
  showVersion,
} from '../../../shared/registry/registry.js';
import { readStages } from '../../../shared/registry/stages.js';
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
    featureNames: ['a', 'b'],
    target: 'wh-over-level',
    hyperParameters: { nTrees: 5 },
    segments: [{ index: 0, supplies: 3, trainRows: 10, forestFile: 'forest-0.bin' }],
    centroidsFile: 'segments.json',
    metrics: { wape: 0.1 },
    reference: {},
  };
}
const files = {
  'forest-0.bin': Uint8Array.of(1, 2, 3),
  'segments.json': new TextEncoder().encode('[]'),
};

describe('registerVersion', () => {
  it('writes weights and manifest and points pre at the new version', async () => {
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), files);
    const shown = await showVersion(blobs, 'v1');
    expect(shown.files.map((f) => f.name)).toEqual(['forest-0.bin', 'segments.json']);
    expect(Array.from(await readVersionFile(blobs, shown, 'forest-0.bin'))).toEqual([1, 2, 3]);
    expect((await readStages(blobs)).doc.pre).toBe('v1');
    expect((await listVersions(blobs)).versions).toEqual(['v1']);
  });

  it('registers the same version only once when called again (redelivery)', async () => {
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), files);
    await registerVersion(blobs, manifestOf('v1'), files);
    const { doc } = await readStages(blobs);
    expect(doc.history.filter((e) => e.action === 'register')).toHaveLength(1);
  });

  it('refuses to overwrite an existing version with other content', async () => {
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), files);
    await expect(
      registerVersion(blobs, manifestOf('v1'), { ...files, 'forest-0.bin': Uint8Array.of(9) }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('rejects a version name that is not a safe path segment', async () => {
    await expect(
      registerVersion(createMemoryBlobStore(), manifestOf('../x'), files),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('promote and rollback', () => {
  it('promotes pre to prod, then rolls back to the previous prod keeping the history', async () => {
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), files);
    await promote(blobs, 't1');
    await registerVersion(blobs, manifestOf('v2'), files);
    const evidence = [{ date: '2024-05-02', prodWape: 0.2, preWape: 0.15 }];
    const promoted = await promote(blobs, 't2', undefined, { reason: 'pre won', evidence });
    expect(promoted.prod).toBe('v2');
    // The replaced prod runs on as the shadow, so both are scored on the same hours.
    expect(promoted.pre).toBe('v1');
    expect(promoted.history.at(-2)).toEqual({
      at: 't2',
      action: 'promote',
      stage: 'prod',
      version: 'v2',
      previous: 'v1',
      reason: 'pre won',
      evidence,
    });
    expect(promoted.history.at(-1)).toMatchObject({ stage: 'pre', version: 'v1', previous: 'v2' });
    const rolled = await rollback(blobs, 't3', { reason: 'by hand' });
    expect(rolled.prod).toBe('v1');
    // v1 cannot be both: the shadow is empty until the next registration.
    expect(rolled.pre).toBeNull();
    expect(rolled.history.map((e) => `${e.action} ${e.stage} ${e.version}`)).toEqual([
      'register pre v1',
      'promote prod v1',
      'register pre v2',
      'promote prod v2',
      'promote pre v1',
      'rollback prod v1',
      'rollback pre null',
    ]);
    expect(rolled.history.at(-2)?.reason).toBe('by hand');
    expect(rolled.history[1]).not.toHaveProperty('reason');
  });

  it('leaves another shadow in place when promoting a version that is not pre', async () => {
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), files);
    await promote(blobs, 't1');
    await registerVersion(blobs, manifestOf('v2'), files, { stage: 'none' });
    await registerVersion(blobs, manifestOf('v3'), files);
    const doc = await promote(blobs, 't2', 'v2');
    expect([doc.prod, doc.pre]).toEqual(['v2', 'v3']);
    // A rollback keeps a shadow that is not the restored version.
    const rolled = await rollback(blobs, 't3');
    expect([rolled.prod, rolled.pre]).toEqual(['v1', 'v3']);
    expect(rolled.history.at(-1)?.action).toBe('rollback');
    expect(rolled.history.at(-1)?.stage).toBe('prod');
  });

  it('refuses to roll back without a previous prod and to promote an unknown version', async () => {
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), files);
    await promote(blobs, 't1', 'v1');
    await expect(rollback(blobs, 't2')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(promote(blobs, 't2', 'nope')).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('lets exactly one of two concurrent promotions win', async () => {
    // Prepare: two versions, so each writer wants a different prod.
    const blobs = createMemoryBlobStore();
    await registerVersion(blobs, manifestOf('v1'), files, { stage: 'none' });
    await registerVersion(blobs, manifestOf('v2'), files, { stage: 'none' });
    // Act: both read the same generation of stages.json before writing.
    const results = await Promise.allSettled([
      promote(blobs, 'a', 'v1'),
      promote(blobs, 'b', 'v2'),
    ]);
    // Assess
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionFailedError);
    const { doc } = await readStages(blobs);
    expect(doc.history).toHaveLength(1);
    expect(doc.prod).toBe((won[0] as PromiseFulfilledResult<{ prod: string }>).value.prod);
  });
});

describe('readStages', () => {
  it('refuses a stages.json that is not JSON with InvalidInputError naming it', async () => {
    const blobs = createMemoryBlobStore();
    await blobs.put('models/stages.json', new TextEncoder().encode('{"prod": '));

    await expect(readStages(blobs)).rejects.toThrow(InvalidInputError);
    await expect(readStages(blobs)).rejects.toThrow(/stages\.json is not valid JSON/);
  });
});
