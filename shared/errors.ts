/**
 * Error classes shared by every layer. Retryability is a property, not a hierarchy: a handler
 * acknowledges a non-retryable error (redelivery would fail the same way) and rethrows the rest.
 */

export interface AppErrorOptions {
  cause?: unknown;
  /** Structured context (file, line, field…); never secrets. */
  details?: Record<string, unknown>;
}

/** Base class: every error MCE raises on purpose. */
export class AppError extends Error {
  override name = 'AppError';
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(message: string, retryable: boolean, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = retryable;
    this.details = options.details ?? {};
  }
}

/** Input that will never become valid by retrying: a bad file, a malformed event, a bad flag. */
export class InvalidInputError extends AppError {
  override name = 'InvalidInputError';
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, false, options);
  }
}

/** A failure a retry may cure: a timeout, HTTP 408/429/5xx, a dropped connection. */
export class TransientError extends AppError {
  override name = 'TransientError';
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, true, options);
  }
}

/** Configuration that cannot start the program; lists every problem found at once. */
export class ConfigError extends AppError {
  override name = 'ConfigError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`, false, { details: { problems } });
    this.problems = problems;
  }
}

/** Narrows an unknown catch variable to an Error, wrapping anything else. */
export function assertIsError(value: unknown): asserts value is Error {
  if (!(value instanceof Error)) {
    throw new Error(`Non-error thrown: ${String(value)}`, { cause: value });
  }
}

/** True when retrying the failed operation may succeed. Unknown errors count as retryable. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AppError) return error.retryable;
  return true;
}

/** A conditional write lost: another writer changed the object first. */
export class PreconditionFailedError extends AppError {
  override name = 'PreconditionFailedError';
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, false, options);
  }
}

/** A challenger model did not beat the reference (stronger baseline or champion) by the margin. */
export class ChallengerLostError extends AppError {
  override name = 'ChallengerLostError';
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, false, options);
  }
}

/** A model produced non-finite, negative or unbounded outputs on a validation scenario. */
export class ValidationGateError extends AppError {
  override name = 'ValidationGateError';
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, false, options);
  }
}
