import { createFileScratch } from '../shared/adapters/files/scratch.js';
import { type Config, loadConfigWith } from '../shared/config.js';
import { InvalidInputError } from '../shared/errors.js';
import { createLogger, type Logger } from '../shared/logging.js';
import { type BlobStore, type OpenScratch, type Store } from '../shared/ports.js';
import { openBlobStore } from '../shared/runtime/open-blob-store.js';
import { openStore } from '../shared/runtime/open-store.js';

/** Options most commands share. */
export interface StoreOptions {
  store?: string;
  blobs?: string;
  artifacts?: string;
}

/** The flag that overrides each variable: a problem is reported under the name the user typed. */
const FLAGS = { MCE_STORE: '--store', MCE_BLOBS: '--blobs', MCE_ARTIFACTS: '--artifacts' };

/** A folder given to --blobs or --artifacts means `file:<folder>`; a URL stays as it is. */
export function folderOrUrl(value: string | undefined): string | undefined {
  if (value === undefined || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  return `file:${value}`;
}

/**
 * Configuration for a local command: the environment with the command's flags over it (warnings
 * and up logged unless MCE_LOG_LEVEL says otherwise).
 * @throws ConfigError naming each bad flag as typed (`--store`) or bad variable
 */
export function loadLocalConfig(options: StoreOptions): Config {
  return loadConfigWith(
    {
      MCE_STORE: options.store,
      MCE_BLOBS: folderOrUrl(options.blobs),
      MCE_ARTIFACTS: folderOrUrl(options.artifacts),
    },
    { MCE_LOG_LEVEL: 'WARNING' },
    undefined,
    FLAGS,
  );
}

export interface LocalContext {
  config: Config;
  store: Store;
  blobs: BlobStore;
  openScratch: OpenScratch;
  logger: Logger;
  close(): Promise<void>;
}

/** A logger writing JSON lines to stderr at the configured level. */
export function stderrLogger(config: Config): Logger {
  return createLogger({
    minSeverity: config.logLevel,
    ...(config.pseudonymKey ? { pseudonymKey: config.pseudonymKey } : {}),
    write: (line) => process.stderr.write(`${line}\n`),
  });
}

/**
 * Opens what a local command needs: configuration (flags override the environment), the store,
 * the blob store, scratch files and a logger on stderr. An in-memory SQLite store is refused:
 * whatever a command stored there would vanish when it ends, and it holds nothing to read.
 * @throws ConfigError or InvalidInputError naming the flag or variable at fault
 */
export async function openLocalContext(options: StoreOptions): Promise<LocalContext> {
  const config = loadLocalConfig(options);
  if (config.storeUrl === 'sqlite::memory:') {
    const name = options.store === undefined ? 'MCE_STORE' : '--store';
    throw new InvalidInputError(
      `${name} sqlite::memory: would be lost when the command ends: give a file (sqlite:PATH) or a MongoDB URL`,
    );
  }
  const store = await openStore(config);
  return {
    config,
    store,
    blobs: openBlobStore(config.blobsUrl, config),
    openScratch: createFileScratch(config.scratchDir),
    logger: stderrLogger(config),
    close: () => store.close(),
  };
}
