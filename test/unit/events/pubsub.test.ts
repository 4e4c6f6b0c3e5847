import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { decodePubsubEvent, isTooOld } from '../../../shared/events/pubsub.js';
import { parseStorageNotification } from '../../../shared/events/storage-notification.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');

describe('decodePubsubEvent', () => {
  it('decodes id, publish time, attributes and the JSON body', () => {
    const message = decodePubsubEvent({
      id: 'e1',
      data: {
        message: {
          data: b64({ a: 1 }),
          attributes: { k: 'v' },
          messageId: 'm1',
          publishTime: '2024-01-01T00:00:00Z',
        },
      },
    });

    expect(message).toEqual({
      id: 'm1',
      publishedAt: Date.UTC(2024, 0, 1),
      attributes: { k: 'v' },
      json: { a: 1 },
    });
  });

  it.each([
    ['no message', {}],
    ['no publish time', { data: { message: { data: b64({}) } } }],
    [
      'a body that is not JSON',
      {
        data: {
          message: {
            data: Buffer.from('{oops').toString('base64'),
            publishTime: '2024-01-01T00:00:00Z',
          },
        },
      },
    ],
  ])('refuses %s as a permanent error', (_, event) => {
    expect(() => decodePubsubEvent(event)).toThrow(InvalidInputError);
  });
});

describe('isTooOld', () => {
  it('is true only past the maximum age', () => {
    expect(isTooOld(0, 1000, 1000)).toBe(false);
    expect(isTooOld(0, 1001, 1000)).toBe(true);
  });
});

describe('parseStorageNotification', () => {
  const message = (attributes: Record<string, string>) => ({
    id: 'm',
    publishedAt: 0,
    attributes,
    json: null,
  });

  it('reads bucket, object and generation from the attributes', () => {
    expect(
      parseStorageNotification(
        message({
          bucketId: 'raw',
          objectId: 'a/F5D_0021_0762_20240101.0',
          objectGeneration: '17',
          eventType: 'OBJECT_FINALIZE',
        }),
      ),
    ).toEqual({
      bucket: 'raw',
      object: 'a/F5D_0021_0762_20240101.0',
      generation: '17',
      eventType: 'OBJECT_FINALIZE',
    });
  });

  it('refuses a message without a numeric generation', () => {
    expect(() =>
      parseStorageNotification(
        message({ bucketId: 'raw', objectId: 'x', objectGeneration: 'abc' }),
      ),
    ).toThrow(InvalidInputError);
  });
});
