import { describe, expect, it } from 'vitest';
import {
  AppError,
  assertIsError,
  ConfigError,
  InvalidInputError,
  isRetryable,
  PreconditionFailedError,
  TransientError,
} from '../../shared/errors.js';

describe('errors', () => {
  it.each([
    [new InvalidInputError('bad file'), false, 'InvalidInputError'],
    [new TransientError('timeout'), true, 'TransientError'],
    [new PreconditionFailedError('lost the race'), false, 'PreconditionFailedError'],
    [new ConfigError(['a', 'b']), false, 'ConfigError'],
    [new Error('unknown'), true, 'Error'],
  ])('says whether a retry helps: %s', (error, retryable, name) => {
    expect(isRetryable(error)).toBe(retryable);
    expect(error.name).toBe(name);
  });

  it('chains the cause and keeps details', () => {
    const cause = new Error('socket hang up');
    const error = new TransientError('Store write failed', { cause, details: { batch: 3 } });

    expect(error).toBeInstanceOf(AppError);
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ batch: 3 });
  });

  it('narrows unknown catch values to errors', () => {
    expect(() => assertIsError('a string')).toThrow('Non-error thrown: a string');
    expect(() => assertIsError(new Error('fine'))).not.toThrow();
  });
});
