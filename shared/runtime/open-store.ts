import { type Config, redactUrl } from '../config.js';
import { InvalidInputError } from '../errors.js';
import { type Store } from '../ports.js';

type StoreConfig = Pick<Config, 'storeUrl' | 'mongoDb' | 'mongoPredCol' | 'mongoMeteoCol'>;

/**
 * Loads the SQLite adapter (and so `node:sqlite`) with that module's one-off ExperimentalWarning
 * filtered out, so CLI output stays clean. Every other warning still goes through.
 */
async function loadSqliteAdapter(): Promise<typeof import('../adapters/sqlite/store.js')> {
  const emit = process.emitWarning;
  process.emitWarning = function filtered(this: unknown, ...args: unknown[]) {
    const [warning, type] = args;
    const text = warning instanceof Error ? warning.message : String(warning);
    const kind = warning instanceof Error ? warning.name : typeof type === 'string' ? type : '';
    if (kind === 'ExperimentalWarning' && text.startsWith('SQLite is an experimental feature')) {
      return;
    }
    return (emit as (...a: unknown[]) => void).apply(process, args);
  } as typeof process.emitWarning;
  try {
    return await import('../adapters/sqlite/store.js');
  } finally {
    process.emitWarning = emit;
  }
}

/**
 * Opens the store the URL names: `sqlite:PATH` (folders created; `sqlite::memory:` for a
 * throwaway one) or `mongodb://…` / `mongodb+srv://…`.
 * @throws InvalidInputError for an unknown scheme; TransientError when MongoDB is unreachable.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const url = config.storeUrl;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new InvalidInputError('Store URL "sqlite:" needs a file path');
    const { openSqliteStore } = await loadSqliteAdapter();
    return openSqliteStore(path);
  }
  if (/^mongodb(\+srv)?:\/\//.test(url)) {
    const { openMongoStore } = await import('../adapters/mongo/store.js');
    return openMongoStore({
      url,
      dbName: config.mongoDb,
      weatherCollection: config.mongoMeteoCol,
      predictionsCollection: config.mongoPredCol,
    });
  }
  throw new InvalidInputError(
    `Store URL "${redactUrl(url)}" has an unknown scheme: use sqlite:PATH or mongodb://…`,
  );
}
