import { redactUrl } from '../../config.js';
import { InvalidInputError, TransientError } from '../../errors.js';

/**
 * JSON over HTTP for the weather sources: retries 429, 5xx and network failures with exponential
 * backoff (deterministic jitter, Retry-After honoured), spends a per-run call budget, and never
 * lets the API key appear in an error message (appid/apikey are redacted from every URL shown).
 */

/** Calls left in this run; every attempt, retries included, spends one. */
export interface CallBudget {
  remaining: number;
  spent: number;
}

export interface HttpDeps {
  fetch: typeof fetch;
  /** Waits ms milliseconds (injected so tests do not wait). */
  sleep: (ms: number) => Promise<void>;
  /** Current instant, UTC ms (to read an HTTP-date Retry-After). */
  now: () => number;
  budget: CallBudget;
  /** Attempts per request, first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Thrown when the budget is spent: the caller stops and reports what is left as gaps. */
export class BudgetExhaustedError extends TransientError {
  override name = 'BudgetExhaustedError';
}

/** The key is refused (401/403): no location will work, so the run stops. */
export class BadKeyError extends InvalidInputError {
  override name = 'BadKeyError';
}

/** Creates a budget of `calls` calls. */
export function createBudget(calls: number): CallBudget {
  return { remaining: calls, spent: 0 };
}

/** FNV-1a of a string, as a uniform in [0, 1): jitter that is the same on every run. */
function jitterOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}

/** Retry-After in ms (delta-seconds or an HTTP date), or undefined. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * GETs a URL and parses its JSON body.
 * @throws BadKeyError on 401/403; BudgetExhaustedError when no call is left; TransientError when
 * retries run out on 429/5xx/network errors; InvalidInputError on another 4xx or a body that is
 * not JSON. Messages carry the redacted URL only.
 */
export async function fetchJson(url: string, deps: HttpDeps): Promise<unknown> {
  const shown = redactUrl(url);
  const attempts = deps.maxAttempts ?? 4;
  const base = deps.baseDelayMs ?? 500;
  const cap = deps.maxDelayMs ?? 30_000;
  let lastProblem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (deps.budget.remaining <= 0) {
      throw new BudgetExhaustedError(`Weather call budget exhausted before ${shown}`);
    }
    deps.budget.remaining--;
    deps.budget.spent++;
    let response: Response | undefined;
    try {
      response = await deps.fetch(url, { headers: { accept: 'application/json' } });
    } catch (error: unknown) {
      lastProblem = `network error (${error instanceof Error ? redactUrl(error.message) : 'unknown'})`;
    }
    if (response !== undefined) {
      const status = response.status;
      if (status === 401 || status === 403) {
        throw new BadKeyError(`Weather API refused the key (HTTP ${status}) at ${shown}`, {
          details: { status },
        });
      }
      if (response.ok) {
        const text = await response.text();
        try {
          return JSON.parse(text) as unknown;
        } catch (error: unknown) {
          throw new InvalidInputError(`Weather API answered malformed JSON at ${shown}`, {
            cause: error,
          });
        }
      }
      if (status !== 429 && status < 500) {
        throw new InvalidInputError(`Weather API answered HTTP ${status} at ${shown}`, {
          details: { status },
        });
      }
      lastProblem = `HTTP ${status}`;
      await response.body?.cancel();
      if (attempt < attempts) {
        const wait = retryAfterMs(response.headers.get('retry-after'), deps.now());
        if (wait !== undefined) {
          await deps.sleep(Math.min(cap, wait));
          continue;
        }
      }
    }
    if (attempt < attempts) {
      const backoff = base * 2 ** (attempt - 1) * (1 + 0.5 * jitterOf(`${shown}#${attempt}`));
      await deps.sleep(Math.min(cap, backoff));
    }
  }
  throw new TransientError(`Weather API failed ${attempts} times at ${shown}: ${lastProblem}`);
}
