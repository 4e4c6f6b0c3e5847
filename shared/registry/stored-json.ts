import { InvalidInputError } from '../errors.js';

/**
 * Decodes a JSON document read from a blob (a run's plan, stages.json, a version's files).
 * The shape is the caller's to check or trust.
 * @throws InvalidInputError naming the document when it is not UTF-8 JSON (a retry reads the same bytes)
 */
export function parseStoredJson(bytes: Uint8Array, name: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error: unknown) {
    throw new InvalidInputError(`${name} is not valid JSON`, { cause: error, details: { name } });
  }
}
