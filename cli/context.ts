import { type Config, loadConfigWith } from '../shared/config.js';
import { createLogger, type Logger } from '../shared/logging.js';
import { type BlobStore, type Store } from '../shared/ports.js';
import { openBlobStore } from '../shared/runtime/open-blob-store.js';
import { openStore } from '../shared/runtime/open-store.js';

/** Options most commands share. */
export interface StoreOptions {
  store?: string;
  blobs?: string;
}

export interface LocalContext {
  config: Config;
  store: Store;
  blobs: BlobStore;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Opens what a local command needs: configuration (flags override the environment), the store,
 * the blob store and a logger writing JSON lines to stderr (warnings and up unless MCE_LOG_LEVEL).
 */
export async function openLocalContext(options: StoreOptions): Promise<LocalContext> {
  const config = loadConfigWith(
    { MCE_STORE: options.store, MCE_BLOBS: options.blobs },
    { MCE_LOG_LEVEL: 'WARNING' },
  );
  const logger = createLogger({
    minSeverity: config.logLevel,
    ...(config.pseudonymKey ? { pseudonymKey: config.pseudonymKey } : {}),
    write: (line) => process.stderr.write(`${line}\n`),
  });
  const store = await openStore(config);
  return {
    config,
    store,
    blobs: openBlobStore(config.blobsUrl, config),
    logger,
    close: () => store.close(),
  };
}
