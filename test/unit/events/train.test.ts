import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { parseTrainRequest, parseTrainSegment } from '../../../shared/events/train.js';

const message = (json: unknown, id = 'm-1') => ({ id, publishedAt: 0, attributes: {}, json });

describe('parseTrainRequest', () => {
  it('derives the run id from the message id, so a redelivery plans the same run', () => {
    expect(parseTrainRequest(message(null, '12345'))).toEqual({ runId: 'train-12345' });
  });

  it('keeps a given run id, window and promote flag', () => {
    expect(parseTrainRequest(message({ runId: 'r1', windowDays: 200, promote: true }))).toEqual({
      runId: 'r1',
      windowDays: 200,
      promote: true,
    });
  });

  it.each([[{ windowDays: 3 }], [{ promote: 'yes' }], [{ runId: '../x' }], [[1, 2]]])(
    'rejects %j',
    (body) => {
      expect(() => parseTrainRequest(message(body))).toThrow(InvalidInputError);
    },
  );
});

describe('parseTrainSegment', () => {
  it('reads the run id and segment index', () => {
    expect(parseTrainSegment(message({ runId: 'r1', segment: 2 }))).toEqual({
      runId: 'r1',
      segment: 2,
    });
  });

  it.each([[null], [{ runId: 'r1' }], [{ runId: 'r1', segment: -1 }], [{ segment: 0 }]])(
    'rejects %j',
    (body) => {
      expect(() => parseTrainSegment(message(body))).toThrow(InvalidInputError);
    },
  );
});
