import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { openBlobStore } from '../../../shared/runtime/open-blob-store.js';
import { openBus } from '../../../shared/runtime/open-bus.js';

describe('openBlobStore', () => {
  it.each(['file:./data/blobs', 'file:///tmp/mce-blobs', 'gs://raw', 'gs://artifacts/models/'])(
    'opens a store with the four BlobStore methods for %s',
    (url) => {
      const store = openBlobStore(url);

      expect(Object.keys(store).sort()).toEqual(['exists', 'get', 'list', 'put']);
    },
  );

  it.each(['s3://bucket', 'memory', 'file:', 'gs://', '/data/blobs'])(
    'throws InvalidInputError for %s',
    (url) => {
      expect(() => openBlobStore(url)).toThrow(InvalidInputError);
    },
  );
});

describe('openBus', () => {
  it('opens an in-process bus for memory, a new one each time', () => {
    const a = openBus('memory');
    const b = openBus('memory');

    expect(a).not.toBe(b);
    expect(typeof a.publish).toBe('function');
    expect('subscribe' in a).toBe(true);
  });

  it('opens a Pub/Sub publisher for pubsub:PROJECT', () => {
    const bus = openBus('pubsub:mce-test');

    expect(Object.keys(bus)).toEqual(['publish']);
  });

  it.each(['pubsub:', 'pubsub:Bad_Project', 'kafka:x', ''])(
    'throws InvalidInputError for "%s"',
    (url) => {
      expect(() => openBus(url)).toThrow(InvalidInputError);
    },
  );
});
