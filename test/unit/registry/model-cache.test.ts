import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { type LoadedModel } from '../../../shared/registry/load-model.js';
import { createModelCache } from '../../../shared/registry/model-cache.js';
import { createMemoryBlobStore } from '../../helpers/memory-blob-store.js';

/** A loader that counts its calls and fails for versions starting with "bad". */
function countingLoader() {
  const calls: string[] = [];
  const load = async (_blobs: unknown, which: { version: string } | { stage: string }) => {
    const version = 'version' in which ? which.version : which.stage;
    calls.push(version);
    if (version.startsWith('bad')) throw new InvalidInputError(`No model version "${version}"`);
    return { manifest: { version } } as unknown as LoadedModel;
  };
  return { calls, load };
}

describe('createModelCache', () => {
  it('loads a version once and reuses it, also for concurrent callers', async () => {
    const { calls, load } = countingLoader();
    const models = createModelCache(createMemoryBlobStore(), 2, load);

    const [a, b] = await Promise.all([models('v1'), models('v1')]);
    const c = await models('v1');

    expect(calls).toEqual(['v1']);
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it('keeps at most `capacity` versions, the least recently used out first', async () => {
    const { calls, load } = countingLoader();
    const models = createModelCache(createMemoryBlobStore(), 2, load);

    await models('v1');
    await models('v2');
    await models('v1'); // v1 is now the most recent
    await models('v3'); // evicts v2
    await models('v1');
    await models('v2');

    expect(calls).toEqual(['v1', 'v2', 'v3', 'v2']);
  });

  it('does not cache a failed load, so a retry loads again', async () => {
    const { calls, load } = countingLoader();
    const models = createModelCache(createMemoryBlobStore(), 2, load);

    await expect(models('bad-1')).rejects.toThrow('No model version "bad-1"');
    await expect(models('bad-1')).rejects.toBeInstanceOf(InvalidInputError);

    expect(calls).toEqual(['bad-1', 'bad-1']);
  });
});
