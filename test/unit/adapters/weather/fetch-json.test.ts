import { afterEach, describe, expect, it } from 'vitest';
import {
  BadKeyError,
  BudgetExhaustedError,
  createBudget,
  fetchJson,
} from '../../../../shared/adapters/weather-http/fetch-json.js';
import { redactUrl } from '../../../../shared/config.js';
import { InvalidInputError, TransientError } from '../../../../shared/errors.js';
import {
  type Answer,
  startWeatherServer,
  type WeatherServer,
} from '../../../helpers/weather-server.js';

let server: WeatherServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves the answers in order (the last one repeats). */
async function serve(...answers: Answer[]): Promise<WeatherServer> {
  let n = 0;
  server = await startWeatherServer(() => answers[Math.min(n++, answers.length - 1)]!);
  return server;
}

function deps(calls = 10) {
  const sleeps: number[] = [];
  return {
    sleeps,
    http: {
      fetch: globalThis.fetch,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      now: () => Date.UTC(2024, 5, 1, 12),
      budget: createBudget(calls),
    },
  };
}

describe('fetchJson', () => {
  it('retries a 429 after its Retry-After seconds, then returns the JSON', async () => {
    const s = await serve(
      { status: 429, headers: { 'retry-after': '2' }, body: {} },
      { body: { ok: 1 } },
    );
    const d = deps();

    const answer = await fetchJson(`${s.baseUrl}/x?appid=SECRET`, d.http);

    expect(answer).toEqual({ ok: 1 });
    expect(d.sleeps).toEqual([2000]);
    expect(d.http.budget).toEqual({ remaining: 8, spent: 2 });
  });

  it('backs off exponentially with the same jitter on every run, then gives up as transient', async () => {
    const s = await serve({ status: 503, body: { message: 'busy' } });
    const first = deps();
    const second = deps();

    const act = (http: ReturnType<typeof deps>['http']) =>
      fetchJson(`${s.baseUrl}/y`, { ...http, maxAttempts: 4, baseDelayMs: 100 });

    await expect(act(first.http)).rejects.toThrow(TransientError);
    await expect(act(second.http)).rejects.toThrow('failed 4 times');
    expect(first.sleeps).toEqual(second.sleeps);
    expect(first.sleeps).toHaveLength(3);
    first.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(100 * 2 ** i);
      expect(ms).toBeLessThan(150 * 2 ** i);
    });
  });

  it('refuses a bad key without retrying and without the key in the message', async () => {
    const s = await serve({ status: 401, body: { cod: 401, message: 'Invalid API key.' } });
    const d = deps();

    const error = await fetchJson(`${s.baseUrl}/data?lat=1&appid=TOPSECRET`, d.http).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(BadKeyError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).not.toContain('TOPSECRET');
    expect((error as Error).message).toContain('appid=***');
    expect(d.http.budget.spent).toBe(1);
  });

  it('reports malformed JSON as invalid input', async () => {
    const s = await serve({ body: '{"hourly": [1, 2' });

    await expect(fetchJson(`${s.baseUrl}/z`, deps().http)).rejects.toThrow('malformed JSON');
  });

  it('stops when the call budget is spent, retries included', async () => {
    const s = await serve({ status: 500, body: {} });
    const d = deps(2);

    await expect(fetchJson(`${s.baseUrl}/w`, d.http)).rejects.toThrow(BudgetExhaustedError);
    expect(s.requests).toHaveLength(2);
    expect(d.http.budget.remaining).toBe(0);
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://h/p?lat=1&appid=abc&lon=2', 'https://h/p?lat=1&appid=***&lon=2'],
    ['https://h/p?apikey=abc', 'https://h/p?apikey=***'],
    ['https://h/p?lat=1', 'https://h/p?lat=1'],
  ])('hides credentials in %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
