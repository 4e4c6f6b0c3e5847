import { InvalidInputError } from '../errors.js';
import { STAGES, type Stage } from '../types.js';
import { type PubsubMessage } from './pubsub.js';

/** A forecast-tick body: both fields optional (day: tomorrow in Madrid; stages: prod and pre). */
export interface ForecastTick {
  day?: string;
  stages?: Stage[];
}

/** One batch of supplies of one run and stage (what plan-forecast publishes to forecast-batch). */
export interface ForecastBatchMessage {
  runId: string;
  day: string;
  stage: Stage;
  version: string;
  batch: number;
  batches: number;
  cups: string[];
}

/** Attribute Pub/Sub (and its emulator) adds to a message it forwards to a dead-letter topic. */
export const DEAD_LETTER_COUNT_ATTRIBUTE = 'CloudPubSubDeadLetterSourceDeliveryCount';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,149}$/;
/** A stored CUPS key (its first 20 characters); checked loosely, it only names a supply to read. */
const CUPS = /^[A-Za-z0-9]{1,22}$/;

/** True for a real YYYY-MM-DD calendar day (2024-02-30 is not). */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

function isStage(value: unknown): value is Stage {
  return (STAGES as readonly unknown[]).includes(value);
}

function asObject(json: unknown, what: string): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidInputError(`${what} must be a JSON object`);
  }
  return json as Record<string, unknown>;
}

/**
 * Reads a forecast-tick body: empty (Cloud Scheduler's default) or `{"date": "YYYY-MM-DD",
 * "stages": ["prod", "pre"]}`, both optional. @throws InvalidInputError when malformed
 */
export function parseForecastTick(json: unknown): ForecastTick {
  if (json === null || json === undefined) return {};
  const body = asObject(json, 'Forecast tick body');
  const tick: ForecastTick = {};
  if (body.date !== undefined) {
    if (!isDay(body.date)) throw new InvalidInputError('Forecast tick "date" must be YYYY-MM-DD');
    tick.day = body.date;
  }
  if (body.stages !== undefined) {
    const stages = body.stages;
    if (!Array.isArray(stages) || stages.length === 0 || !stages.every(isStage)) {
      throw new InvalidInputError('Forecast tick "stages" must list prod and/or pre');
    }
    tick.stages = [...new Set(stages)];
  }
  return tick;
}

/**
 * Reads a forecast-batch message, and whether Pub/Sub dead-lettered it (the delivery count it
 * gave up after). @throws InvalidInputError when malformed
 */
export function parseForecastBatch(message: PubsubMessage): {
  batch: ForecastBatchMessage;
  deadLetterAttempts: number | undefined;
} {
  const b = asObject(message.json, 'Forecast batch message');
  const ok =
    typeof b.runId === 'string' &&
    RUN_ID.test(b.runId) &&
    isDay(b.day) &&
    isStage(b.stage) &&
    typeof b.version === 'string' &&
    b.version !== '' &&
    Number.isInteger(b.batch) &&
    Number.isInteger(b.batches) &&
    (b.batch as number) >= 0 &&
    (b.batch as number) < (b.batches as number) &&
    Array.isArray(b.cups) &&
    b.cups.every((c) => typeof c === 'string' && CUPS.test(c));
  if (!ok) {
    throw new InvalidInputError(
      `Message ${message.id} is not a forecast batch (runId, day, stage, version, batch, batches, cups)`,
    );
  }
  const count = message.attributes[DEAD_LETTER_COUNT_ATTRIBUTE];
  return {
    batch: {
      runId: b.runId as string,
      day: b.day as string,
      stage: b.stage as Stage,
      version: b.version as string,
      batch: b.batch as number,
      batches: b.batches as number,
      cups: b.cups as string[],
    },
    deadLetterAttempts: count === undefined ? undefined : Number(count) || 0,
  };
}
