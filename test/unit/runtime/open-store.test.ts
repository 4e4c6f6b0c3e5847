import { describe, expect, it } from 'vitest';
import { InvalidInputError, TransientError } from '../../../shared/errors.js';
import { openStore, redactUrl } from '../../../shared/runtime/open-store.js';

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

  it('turns an unreachable MongoDB into a TransientError that hides the password', async () => {
    // Port 9 (discard) on loopback: nothing listens, so server selection fails fast.
    const url = 'mongodb://mce:s3cr3t-pass@127.0.0.1:9/?serverSelectionTimeoutMS=300';

    const error = await openStore(config(url)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(String((error as Error).message)).not.toContain('s3cr3t-pass');
  });
});

describe('redactUrl', () => {
  it.each([
    [
      'mongodb+srv://user:pw@cluster.mongodb.net/?w=majority',
      'mongodb+srv://user:***@cluster.mongodb.net/?w=majority',
    ],
    ['mongodb://host:27017/', 'mongodb://host:27017/'],
    ['sqlite:./data/mce.db', 'sqlite:./data/mce.db'],
  ])('redacts %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
