import { MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { redactUrl } from '../../config.js';
import { AppError, InvalidInputError, TransientError } from '../../errors.js';

/** Duplicate key: an insert met an existing _id. */
export const DUPLICATE_KEY = 11000;

/** True for a write error list made only of duplicate-key errors. */
export function onlyDuplicateKeys(error: unknown): error is { writeErrors: { index: number }[] } {
  if (!(error instanceof MongoError) || !('writeErrors' in error)) return false;
  const list = (error as { writeErrors: unknown }).writeErrors;
  const errors = Array.isArray(list) ? (list as { code?: number }[]) : [list as { code?: number }];
  return errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY);
}

/** The indexes of the operations that hit a duplicate key. */
export function duplicateIndexes(error: { writeErrors: unknown }): number[] {
  const list = error.writeErrors;
  const errors = (Array.isArray(list) ? list : [list]) as { index: number }[];
  return errors.map((e) => e.index);
}

/**
 * Maps a driver error to TransientError when a retry may help (network, server selection,
 * retryable labels); other errors pass through unchanged. Never copies the connection string.
 */
export function mapMongoError(error: unknown, what: string): unknown {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    (error instanceof MongoError &&
      (error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResetPool')))
  ) {
    return new TransientError(`MongoDB ${what} failed: ${error.name}`, { cause: error });
  }
  return error;
}

/**
 * The hosts of a MongoDB URL, without the credentials.
 * @example mongoHosts('mongodb://u:p@a:1,b:2/db?x=1') // 'a:1,b:2'
 */
export function mongoHosts(url: string): string {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '');
  const authority = rest.split(/[/?#]/)[0] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1);
}

/** Codes MongoDB answers a refused login with (AuthenticationFailed, Unauthorized). */
const LOGIN_REFUSED = new Set([18, 13]);

/**
 * Describes a failed connection by host and cause, never with the credentials: a refused login
 * will not pass by retrying (InvalidInputError); anything else may (TransientError).
 */
export function mapConnectError(error: unknown, url: string, timeoutMs: number): AppError {
  const cause = redactUrl(error instanceof Error ? error.message : String(error));
  const at = `MongoDB at ${mongoHosts(url)}`;
  if (error instanceof MongoError && LOGIN_REFUSED.has(Number(error.code))) {
    return new InvalidInputError(`${at} refused the login (${cause})`, { cause: error });
  }
  if (error instanceof AppError) return error;
  const reason =
    error instanceof MongoServerSelectionError ? `unreachable within ${timeoutMs} ms` : 'failed';
  return new TransientError(`${at} ${reason}: ${cause}`, { cause: error });
}
