import { describe, expect, it } from 'vitest';
import {
  DEAD_LETTER_COUNT_ATTRIBUTE,
  isDay,
  parseForecastBatch,
  parseForecastTick,
} from '../../../shared/events/forecast.js';
import { type PubsubMessage } from '../../../shared/events/pubsub.js';

const BATCH = {
  runId: 'forecast-2024-03-31-prod-123',
  day: '2024-03-31',
  stage: 'prod',
  version: 'v20240320T0900-abc123',
  batch: 1,
  batches: 3,
  cups: ['ES0031000000000001AB', 'ES0031000000000002CD'],
};

const message = (json: unknown, attributes: Record<string, string> = {}): PubsubMessage => ({
  id: '42',
  publishedAt: 0,
  attributes,
  json,
});

describe('isDay', () => {
  it.each([
    ['2024-03-31', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-02-30', false],
    ['2024-3-31', false],
    ['31/03/2024', false],
    [20240331, false],
  ])('%s -> %s', (value, expected) => {
    expect(isDay(value)).toBe(expected);
  });
});

describe('parseForecastTick', () => {
  it.each([
    [null, {}],
    [{}, {}],
    [{ date: '2024-10-27' }, { day: '2024-10-27' }],
    [{ stages: ['pre', 'pre'] }, { stages: ['pre'] }],
    [
      { date: '2024-03-31', stages: ['prod', 'pre'] },
      { day: '2024-03-31', stages: ['prod', 'pre'] },
    ],
  ])('reads %o', (body, expected) => {
    expect(parseForecastTick(body)).toEqual(expected);
  });

  it.each([
    [[], /must be a JSON object/],
    ['2024-03-31', /must be a JSON object/],
    [{ date: '2024-02-30' }, /"date" must be YYYY-MM-DD/],
    [{ stages: [] }, /"stages" must list prod and\/or pre/],
    [{ stages: ['staging'] }, /"stages" must list prod and\/or pre/],
  ])('refuses %o', (body, reason) => {
    expect(() => parseForecastTick(body)).toThrow(reason);
  });
});

describe('parseForecastBatch', () => {
  it('reads a batch message, without dead-letter attempts', () => {
    expect(parseForecastBatch(message({ ...BATCH, extra: 1 }))).toEqual({
      batch: BATCH,
      deadLetterAttempts: undefined,
    });
  });

  it('reads the delivery count Pub/Sub puts on a dead-lettered message', () => {
    const dead = message(BATCH, { [DEAD_LETTER_COUNT_ATTRIBUTE]: '5' });
    expect(parseForecastBatch(dead).deadLetterAttempts).toBe(5);
  });

  it.each([
    ['no body', null],
    ['a bad run id', { ...BATCH, runId: '../etc' }],
    ['a bad day', { ...BATCH, day: '2024-13-01' }],
    ['an unknown stage', { ...BATCH, stage: 'staging' }],
    ['an empty version', { ...BATCH, version: '' }],
    ['a batch out of range', { ...BATCH, batch: 3 }],
    ['a negative batch', { ...BATCH, batch: -1 }],
    ['a CUPS that is not a key', { ...BATCH, cups: ['ES00 31'] }],
  ])('refuses a message with %s', (_, json) => {
    expect(() => parseForecastBatch(message(json))).toThrow(
      /Message 42 is not a forecast batch|must be a JSON object/,
    );
  });
});
