import { createHmac } from 'node:crypto';

/** Cloud Logging severities, lowest first. */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL';

const RANK: Record<Severity, number> = {
  DEBUG: 0,
  INFO: 1,
  NOTICE: 2,
  WARNING: 3,
  ERROR: 4,
  CRITICAL: 5,
};

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  minSeverity?: Severity;
  /** Key for CUPS pseudonyms; without one, CUPS are masked but not linkable across lines. */
  pseudonymKey?: string;
  /** Where lines go; stdout by default (Cloud Run forwards it to Cloud Logging). */
  write?: (line: string) => void;
}

/**
 * A CUPS anywhere in a string, in either case: ES + 16 digits + 2 check letters, optional 2-char
 * border suffix.
 */
const CUPS_PATTERN = /ES\d{16}[A-Z]{2}(?:[0-9][A-Z])?/gi;

/**
 * Replaces every CUPS in `text` (upper or lower case) by a keyed pseudonym `cups:<10 hex>`
 * (HMAC-SHA256 of the first 20 characters, upper-cased), so that the same supply keeps one
 * pseudonym however it was written, without being readable in logs.
 */
export function pseudonymiseCups(text: string, key: string | undefined): string {
  return text.replace(CUPS_PATTERN, (cups) => {
    if (key === undefined || key === '') return 'cups:redacted';
    const digest = createHmac('sha256', key).update(cups.slice(0, 20).toUpperCase()).digest('hex');
    return `cups:${digest.slice(0, 10)}`;
  });
}

function scrub(value: unknown, key: string | undefined, depth = 0): unknown {
  if (typeof value === 'string') return pseudonymiseCups(value, key);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: pseudonymiseCups(value.message, key) };
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, key, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, key, depth + 1);
  return out;
}

/**
 * Creates a structured logger writing one JSON object per line with `severity`, `message` and
 * flat fields, the shape Cloud Logging parses. Every CUPS in the line is pseudonymised.
 */
export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const min = RANK[options.minSeverity ?? 'INFO'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (severity: Severity, message: string, fields: LogFields = {}): void => {
    if (RANK[severity] < min) return;
    const entry = scrub({ severity, message, ...bound, ...fields }, options.pseudonymKey);
    write(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => emit('DEBUG', m, f),
    info: (m, f) => emit('INFO', m, f),
    warn: (m, f) => emit('WARNING', m, f),
    error: (m, f) => emit('ERROR', m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that keeps its entries in memory, for tests. */
export function createCapturingLogger(options: Omit<LoggerOptions, 'write'> = {}): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
} {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    minSeverity: 'DEBUG',
    ...options,
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}
