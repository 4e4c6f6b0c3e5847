import { describe, expect, it } from 'vitest';
import { mapPubSubError } from '../../../../shared/adapters/pubsub/bus.js';
import { TransientError } from '../../../../shared/errors.js';

function grpcError(code: number | string): Error {
  return Object.assign(new Error(`status ${code}`), { code });
}

describe('mapPubSubError', () => {
  it.each([1, 2, 4, 8, 10, 13, 14, 'ECONNRESET'])('maps code %s to TransientError', (code) => {
    const cause = grpcError(code);

    const mapped = mapPubSubError(cause, 'meter-files');

    expect(mapped).toBeInstanceOf(TransientError);
    expect((mapped as Error).cause).toBe(cause);
  });

  it.each([3, 5, 7, 16])('returns code %i (not retryable) unchanged', (code) => {
    const error = grpcError(code);

    expect(mapPubSubError(error, 'meter-files')).toBe(error);
  });
});
