import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../shared/errors.js';
import { numberOrNull, parseWeatherLine } from '../../../shared/weather/weather-line.js';

const LINE =
  '{"location":"40.42,-3.70","hourEnd":"2024-03-26T10:00:00.000Z","kind":"forecast",' +
  '"issuedAt":"2024-03-26T09:00:00.000Z","temperatureC":12.5,"humidityPct":60,"cloudPct":"x",' +
  '"windMs":3.2,"radiationWm2":null,"source":"synthetic"}';

describe('parseWeatherLine', () => {
  it('reads a row with UTC instants and nulls for what is not a finite number', () => {
    expect(parseWeatherLine(LINE, 'w.jsonl', 1)).toEqual({
      location: '40.42,-3.70',
      hourEnd: Date.UTC(2024, 2, 26, 10),
      kind: 'forecast',
      issuedAt: Date.UTC(2024, 2, 26, 9),
      temperatureC: 12.5,
      humidityPct: 60,
      cloudPct: null,
      windMs: 3.2,
      radiationWm2: null,
      source: 'synthetic',
    });
  });

  it.each([
    ['{"location":', 'line', 'is not JSON'],
    ['12', 'line', 'is not a JSON object'],
    [
      '{"hourEnd":"2024-03-26T10:00:00Z","issuedAt":"2024-03-26T09:00:00Z"}',
      'location',
      'must be a string',
    ],
    [LINE.replace('2024-03-26T10:00:00.000Z', 'soon'), 'hourEnd', 'must be an ISO-8601 instant'],
    [LINE.replace('2024-03-26T09:00:00.000Z', ''), 'issuedAt', 'must be an ISO-8601 instant'],
    [LINE.replace('"forecast"', '"guess"'), 'kind', 'must be observed or forecast'],
  ])('refuses %s naming file, line and field', (line, field, problem) => {
    const act = () => parseWeatherLine(line, 'w.jsonl', 7);

    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow(`w.jsonl line 7: field "${field}" ${problem}`);
    try {
      act();
    } catch (error: unknown) {
      expect((error as InvalidInputError).details).toEqual({ file: 'w.jsonl', line: 7, field });
    }
  });
});

describe('numberOrNull', () => {
  it.each([
    [1.5, 1.5],
    [Number.NaN, null],
    ['2', null],
    [undefined, null],
  ])('maps %s to %s', (value, expected) => {
    expect(numberOrNull(value)).toBe(expected);
  });
});
