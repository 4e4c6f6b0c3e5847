import { MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  duplicateIndexes,
  mapMongoError,
  onlyDuplicateKeys,
} from '../../../../shared/adapters/mongo/errors.js';
import { TransientError } from '../../../../shared/errors.js';

function bulkError(codes: number[]): MongoServerError & { writeErrors: unknown } {
  const error = new MongoServerError({ message: 'write errors', code: codes[0] });
  return Object.assign(error, {
    writeErrors: codes.map((code, index) => ({ index: index * 2, code })),
  });
}

describe('mapMongoError', () => {
  it('turns a network error into a TransientError that keeps the cause', () => {
    const cause = new MongoNetworkError('connection reset');

    const mapped = mapMongoError(cause, 'insert of readings');

    expect(mapped).toBeInstanceOf(TransientError);
    expect((mapped as TransientError).cause).toBe(cause);
    expect((mapped as Error).message).toBe('MongoDB insert of readings failed: MongoNetworkError');
  });

  it('passes a server error through unchanged', () => {
    const error = new MongoServerError({ message: 'bad value', code: 2 });

    expect(mapMongoError(error, 'read')).toBe(error);
  });
});

describe('onlyDuplicateKeys', () => {
  it('is true when every write error is E11000 and lists their indexes', () => {
    const error = bulkError([11000, 11000]);

    expect(onlyDuplicateKeys(error)).toBe(true);
    expect(duplicateIndexes(error)).toEqual([0, 2]);
  });

  it('is false when any write error is something else, or for plain errors', () => {
    expect(onlyDuplicateKeys(bulkError([11000, 121]))).toBe(false);
    expect(onlyDuplicateKeys(new Error('E11000'))).toBe(false);
    expect(onlyDuplicateKeys(bulkError([]))).toBe(false);
  });
});
