/**
 * Builds the BlobStore a URL names: `file:PATH` (a local folder) or `gs://bucket[/prefix]`.
 * The GCS client is created once per process and shared.
 */
import { fileURLToPath } from 'node:url';
import { Storage } from '@google-cloud/storage';
import { createFileBlobStore } from '../adapters/files/blob-store.js';
import { createGcsBlobStore } from '../adapters/gcs/blob-store.js';
import { type Config } from '../config.js';
import { InvalidInputError } from '../errors.js';
import { type BlobStore } from '../ports.js';

/** What the GCS client needs from the configuration. */
export type GcsConfig = Pick<Config, 'storageEmulatorHost'>;

const NO_EMULATOR: GcsConfig = { storageEmulatorHost: undefined };
let storage: Storage | undefined;

/**
 * A Storage client. With STORAGE_EMULATOR_HOST=http://host:port (the convention of the other
 * SDKs and of fake-gcs-server) @google-cloud/storage 7 uploads to `host:port/upload/storage/v1`
 * but sends JSON API calls to `host:port/b/...`, which the emulator does not serve: give those
 * calls their `/storage/v1` path back.
 */
function createStorage(config: GcsConfig): Storage {
  const client = new Storage();
  const emulator = config.storageEmulatorHost;
  if (emulator && !/\/storage\/v1\/?$/.test(emulator)) {
    client.baseUrl = `${emulator.replace(/\/+$/, '')}/storage/v1`;
  }
  return client;
}

/** The process's one Storage client, created on first use (with the first caller's config). */
export function gcsClient(config: GcsConfig = NO_EMULATOR): Storage {
  storage ??= createStorage(config);
  return storage;
}

/**
 * Opens the blob store of `url` (`file:./data/blobs`, `file:///abs/dir`, `gs://bucket/prefix`).
 * @throws InvalidInputError for an unknown scheme or a URL without a path or bucket.
 */
export function openBlobStore(url: string, config: GcsConfig = NO_EMULATOR): BlobStore {
  if (url.startsWith('file:')) {
    const path = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
    if (path === '') throw new InvalidInputError(`Blob store URL "${url}" has no folder`);
    return createFileBlobStore(path);
  }
  if (url.startsWith('gs://')) {
    const rest = url.slice('gs://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1);
    if (bucket === '') throw new InvalidInputError(`Blob store URL "${url}" has no bucket`);
    return createGcsBlobStore(gcsClient(config), bucket, prefix);
  }
  throw new InvalidInputError(`Blob store URL "${url}" must start with file: or gs://`);
}
