import { InvalidInputError } from '../errors.js';

/**
 * The JSON body every bus adapter publishes.
 * @throws InvalidInputError for an empty topic name or data that JSON cannot represent
 */
export function encodeBusMessage(topic: string, data: unknown): string {
  if (topic === '') throw new InvalidInputError('Topic name must not be empty');
  const json = JSON.stringify(data);
  if (json === undefined) {
    throw new InvalidInputError(`Message data for topic ${topic} is not JSON-serialisable`);
  }
  return json;
}
