import { createFileScratch } from '../adapters/files/scratch.js';
import { createGcsObjectSource } from '../adapters/gcs/object-source.js';
import { type Config, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../logging.js';
import {
  type BlobStore,
  type Bus,
  type Clock,
  type ObjectSource,
  type OpenScratch,
  type Store,
} from '../ports.js';
import { gcsClient, openBlobStore } from './open-blob-store.js';
import { openBus } from './open-bus.js';
import { openStore } from './open-store.js';

/** Everything a Cloud Run function needs, built once per instance and reused on warm starts. */
export interface FunctionDeps {
  config: Config;
  store: Store;
  blobs: BlobStore;
  artifacts: BlobStore;
  objects: ObjectSource;
  /** Local scratch files (Cloud Run's /tmp is memory: a file's spool counts against it). */
  openScratch: OpenScratch;
  bus: Bus;
  logger: Logger;
  now: Clock;
}

let cached: Promise<FunctionDeps> | undefined;

async function build(): Promise<FunctionDeps> {
  // Configuration is validated at cold start: a bad environment fails here, loudly, once.
  const config = loadConfig();
  const logger = createLogger({
    minSeverity: config.logLevel,
    ...(config.pseudonymKey ? { pseudonymKey: config.pseudonymKey } : {}),
  });
  return {
    config,
    store: await openStore(config),
    blobs: openBlobStore(config.blobsUrl, config),
    artifacts: openBlobStore(config.artifactsUrl, config),
    objects: createGcsObjectSource(gcsClient(config)),
    openScratch: createFileScratch(config.scratchDir),
    bus: openBus(config.busUrl),
    logger,
    now: () => Date.now(),
  };
}

/** The instance's dependencies (lazy: nothing connects until the first event). */
export function getFunctionDeps(): Promise<FunctionDeps> {
  cached ??= build().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
