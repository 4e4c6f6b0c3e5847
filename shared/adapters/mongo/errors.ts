import { MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { TransientError } from '../../errors.js';

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
