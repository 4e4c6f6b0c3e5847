import { type BlobStore } from '../ports.js';
import { type LoadedModel, loadModel } from './load-model.js';

/** Loads a model version, verified (loadModel), or reuses one this instance loaded before. */
export type ModelSource = (version: string) => Promise<LoadedModel>;

/**
 * A per-instance cache of loaded model versions: versions are immutable, so a version loaded once
 * (checksums verified) is reused until evicted. Holds at most `capacity` versions (prod and pre
 * by default), least recently used out first; a failed load is not cached, so a retry loads again.
 */
export function createModelCache(
  blobs: BlobStore,
  capacity = 2,
  load: typeof loadModel = loadModel,
): ModelSource {
  const cache = new Map<string, Promise<LoadedModel>>();
  return (version) => {
    const held = cache.get(version);
    if (held !== undefined) {
      cache.delete(version);
      cache.set(version, held);
      return held;
    }
    const loading = load(blobs, { version });
    cache.set(version, loading);
    loading.catch(() => {
      if (cache.get(version) === loading) cache.delete(version);
    });
    for (const oldest of cache.keys()) {
      if (cache.size <= capacity) break;
      cache.delete(oldest);
    }
    return loading;
  };
}
