import { InvalidInputError } from '../errors.js';
import { type PubsubMessage } from './pubsub.js';

/** A request to train: every field optional; the run id defaults to one derived from the message id. */
export interface TrainRequest {
  runId: string;
  windowDays?: number;
  promote?: boolean;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Reads a train-requested message. Redelivery keeps the message id, hence the same run id.
 * @throws InvalidInputError for a malformed body
 */
export function parseTrainRequest(message: PubsubMessage): TrainRequest {
  const body = (message.json ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body))
    throw new InvalidInputError('Train request must be a JSON object');
  const runId = body.runId ?? `train-${message.id.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  if (typeof runId !== 'string' || !RUN_ID.test(runId))
    throw new InvalidInputError(`Bad runId ${String(runId)}`);
  const out: TrainRequest = { runId };
  if (body.windowDays !== undefined) {
    if (!Number.isInteger(body.windowDays) || (body.windowDays as number) < 30)
      throw new InvalidInputError('windowDays must be an integer ≥ 30');
    out.windowDays = body.windowDays as number;
  }
  if (body.promote !== undefined) {
    if (typeof body.promote !== 'boolean') throw new InvalidInputError('promote must be a boolean');
    out.promote = body.promote;
  }
  return out;
}

/** Reads a train-segment message `{ runId, segment }`. @throws InvalidInputError when malformed */
export function parseTrainSegment(message: PubsubMessage): { runId: string; segment: number } {
  const body = message.json as { runId?: unknown; segment?: unknown } | null;
  if (
    body === null ||
    typeof body !== 'object' ||
    typeof body.runId !== 'string' ||
    !RUN_ID.test(body.runId)
  ) {
    throw new InvalidInputError('Train-segment message needs a runId');
  }
  if (!Number.isInteger(body.segment) || (body.segment as number) < 0)
    throw new InvalidInputError('Train-segment message needs a segment index');
  return { runId: body.runId, segment: body.segment as number };
}
