/**
 * Reads uploaded metering files from GCS at the exact generation a notification named, streaming
 * (never the whole object in memory). A generation that no longer exists reads as undefined.
 */
import { type Storage } from '@google-cloud/storage';
import { type ObjectSource, type StoredObject } from '../../ports.js';
import { mapGcsError } from './blob-store.js';

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 404;
}

export function createGcsObjectSource(storage: Storage): ObjectSource {
  return {
    async open(bucket, object, generation): Promise<StoredObject | undefined> {
      const file = storage.bucket(bucket).file(object, { generation: Number(generation) });
      let size: number;
      let uploadedAt: number;
      try {
        const [metadata] = await file.getMetadata();
        size = Number(metadata.size ?? 0);
        // The creation time of this generation (an overwrite creates a new one).
        uploadedAt = Date.parse(String(metadata.timeCreated ?? '')) || 0;
      } catch (error: unknown) {
        if (isNotFound(error)) return undefined;
        throw mapGcsError(error, object);
      }
      return {
        size,
        uploadedAt,
        async *read() {
          try {
            for await (const chunk of file.createReadStream()) yield chunk as Uint8Array;
          } catch (error: unknown) {
            throw mapGcsError(error, object);
          }
        },
      };
    },
  };
}
