import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { parseMonitorTick } from '../../../shared/events/monitor.js';

describe('parseMonitorTick', () => {
  it.each([
    ['an empty object (Cloud Scheduler)', {}, {}],
    ['no body', undefined, {}],
    ['a null body', null, {}],
    ['a named day', { date: '2024-03-31' }, { date: '2024-03-31' }],
    ['a leap day', { date: '2024-02-29' }, { date: '2024-02-29' }],
    ['other fields, ignored', { date: '2024-03-31', source: 'manual' }, { date: '2024-03-31' }],
  ])('reads %s', (_, json, expected) => {
    expect(parseMonitorTick(json)).toEqual(expected);
  });

  it.each([
    ['an array', [], 'Monitor tick body must be a JSON object'],
    ['a string', '2024-03-31', 'Monitor tick body must be a JSON object'],
    ['a number', 42, 'Monitor tick body must be a JSON object'],
    ['a day in another format', { date: '31/03/2024' }, 'Monitor tick "date" must be YYYY-MM-DD'],
    ['a day that does not exist', { date: '2023-02-29' }, 'Monitor tick "date" must be YYYY-MM-DD'],
    ['a day as a number', { date: 20240331 }, 'Monitor tick "date" must be YYYY-MM-DD'],
    ['a null day', { date: null }, 'Monitor tick "date" must be YYYY-MM-DD'],
  ])('refuses %s, saying what is wrong', (_, json, message) => {
    expect(() => parseMonitorTick(json)).toThrow(InvalidInputError);
    expect(() => parseMonitorTick(json)).toThrow(message);
  });
});
