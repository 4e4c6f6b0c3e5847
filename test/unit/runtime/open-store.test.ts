import { describe, expect, it } from 'vitest';
import { InvalidInputError, TransientError } from '../../../shared/errors.js';
import { openStore } from '../../../shared/runtime/open-store.js';

const config = (storeUrl: string) => ({
  storeUrl,
  mongoDb: 'mce',
  mongoPredCol: 'predictions',
  mongoMeteoCol: 'weather',
});

describe('openStore', () => {
  it.each(['postgres://db/mce', 'sqlite:', 'file:./mce.db'])(
    'rejects the store URL %s with InvalidInputError',
    async (url) => {
      await expect(openStore(config(url))).rejects.toThrow(InvalidInputError);
    },
  );

  it('opens an in-memory SQLite store', async () => {
    const store = await openStore(config('sqlite::memory:'));

    expect(await store.countReadings()).toBe(0);
    await store.close();
  });

  it('turns an unreachable MongoDB into a TransientError naming host and cause, not the password', async () => {
    // Port 9 (discard) on loopback: nothing listens; the URL's own timeout is honoured.
    const url = 'mongodb://mce:s3cr3t-pass@127.0.0.1:9/?serverSelectionTimeoutMS=300';
    const started = performance.now();

    const error = await openStore(config(url)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransientError);
    const message = String((error as Error).message);
    expect(message).not.toContain('s3cr3t-pass');
    expect(message).toMatch(/^MongoDB at 127\.0\.0\.1:9 unreachable within 300 ms: .*ECONNREFUSED/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
