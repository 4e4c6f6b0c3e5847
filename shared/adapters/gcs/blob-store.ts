/**
 * BlobStore over a GCS bucket (and an optional object-name prefix). Generations are GCS object
 * generations; preconditions go to GCS as ifGenerationMatch. The Storage client is injected (the
 * runtime builds it once; it honours STORAGE_EMULATOR_HOST by itself).
 */
import { type Storage } from '@google-cloud/storage';
import { PreconditionFailedError, TransientError } from '../../errors.js';
import { type BlobObject, type BlobStore, type PutOptions } from '../../ports.js';
import { assertBlobKey, assertBlobPrefix } from '../blob-key.js';

/** Node socket errors after which a retry may succeed (GCS `RETRYABLE_ERR_FN_DEFAULT` spirit). */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/** How many times get() re-reads an object replaced between its metadata and its bytes. */
const GET_ATTEMPTS = 3;

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, status, response } = error as {
    code?: unknown;
    status?: unknown;
    response?: { status?: unknown };
  };
  if (typeof code === 'number') return code;
  if (typeof status === 'number') return status;
  return typeof response?.status === 'number' ? response.status : undefined;
}

function socketCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === undefined ? undefined : socketCode(cause);
}

/** Maps an SDK failure to PreconditionFailedError (412), TransientError (408/429/5xx/socket) or itself. */
export function mapGcsError(error: unknown, object: string): unknown {
  const status = httpStatus(error);
  const details = { object, status };
  if (status === 412) {
    return new PreconditionFailedError(`GCS precondition failed for ${object}`, {
      cause: error,
      details,
    });
  }
  const retryable =
    status === 408 ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    RETRYABLE_CODES.has(socketCode(error) ?? '');
  if (retryable) {
    return new TransientError(`GCS request failed for ${object}`, { cause: error, details });
  }
  return error;
}

/**
 * Opens `gs://bucket/prefix` as a BlobStore: key `k` is the object `prefix + k`.
 * @throws InvalidInputError from every method for a malformed key.
 */
export function createGcsBlobStore(storage: Storage, bucketName: string, prefix = ''): BlobStore {
  const bucket = storage.bucket(bucketName);
  const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const nameOf = (key: string) => `${base}${key}`;

  async function attempt<T>(object: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapGcsError(error, object);
    }
  }

  return {
    async put(path: string, bytes: Uint8Array, options: PutOptions = {}): Promise<string> {
      assertBlobKey(path);
      const name = nameOf(path);
      const file = bucket.file(name);
      const match = options.ifGenerationMatch;
      await attempt(name, () =>
        file.save(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
          resumable: false,
          ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
          ...(match === undefined ? {} : { preconditionOpts: { ifGenerationMatch: match } }),
        }),
      );
      return String(file.metadata.generation);
    },

    async get(path: string): Promise<BlobObject | undefined> {
      assertBlobKey(path);
      const name = nameOf(path);
      for (let i = 0; i < GET_ATTEMPTS; i++) {
        let generation: string;
        try {
          const [meta] = await bucket.file(name).getMetadata();
          generation = String(meta.generation);
        } catch (error) {
          if (httpStatus(error) === 404) return undefined;
          throw mapGcsError(error, name);
        }
        // Download that very generation, so the bytes and the token always match; a 404 here
        // means a writer replaced the object in between: read it again.
        try {
          const [buffer] = await bucket.file(name, { generation }).download();
          const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
          return { bytes, generation };
        } catch (error) {
          if (httpStatus(error) !== 404) throw mapGcsError(error, name);
        }
      }
      throw new TransientError(`GCS object ${name} kept changing while being read`);
    },

    async list(listPrefix: string): Promise<string[]> {
      assertBlobPrefix(listPrefix);
      const [files] = await attempt(nameOf(listPrefix), () =>
        bucket.getFiles({ prefix: nameOf(listPrefix), autoPaginate: true }),
      );
      return files.map((file) => file.name.slice(base.length)).sort();
    },

    async exists(path: string): Promise<boolean> {
      assertBlobKey(path);
      const name = nameOf(path);
      const [found] = await attempt(name, () => bucket.file(name).exists());
      return found;
    },
  };
}
