import { describe, expect, it } from 'vitest';
import { mapGcsError } from '../../../../shared/adapters/gcs/blob-store.js';
import { PreconditionFailedError, TransientError } from '../../../../shared/errors.js';

function apiError(code: number): Error {
  return Object.assign(new Error(`HTTP ${code}`), { code });
}

describe('mapGcsError', () => {
  it('maps HTTP 412 to PreconditionFailedError, keeping the cause', () => {
    const cause = apiError(412);

    const mapped = mapGcsError(cause, 'models/stages.json');

    expect(mapped).toBeInstanceOf(PreconditionFailedError);
    expect((mapped as Error).cause).toBe(cause);
  });

  it.each([408, 429, 500, 502, 503, 504])('maps HTTP %i to TransientError', (code) => {
    expect(mapGcsError(apiError(code), 'o')).toBeInstanceOf(TransientError);
  });

  it('maps a gaxios-style response status and a reset connection to TransientError', () => {
    const gaxios = Object.assign(new Error('bad gateway'), { response: { status: 502 } });
    const reset = new Error('socket hang up', {
      cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    });

    expect(mapGcsError(gaxios, 'o')).toBeInstanceOf(TransientError);
    expect(mapGcsError(reset, 'o')).toBeInstanceOf(TransientError);
  });

  it.each([400, 401, 403, 404])('returns HTTP %i errors unchanged', (code) => {
    const error = apiError(code);

    expect(mapGcsError(error, 'o')).toBe(error);
  });
});
