/**
 * An in-process Bus for local runs and tests. Messages go through a JSON round trip (as on the
 * wire), are delivered asynchronously and one at a time in publish order to every handler of their
 * topic, and get deterministic ids (a counter). `drain()` waits until nothing is queued or running
 * and rejects with the handlers' errors, so no failure is swallowed.
 */
import { type Bus } from '../../ports.js';
import { encodeBusMessage } from '../bus-message.js';

export interface BusMessage {
  id: string;
  topic: string;
  /** The published value after JSON.stringify / JSON.parse. */
  data: unknown;
  attributes: Record<string, string>;
}

export type BusHandler = (message: BusMessage) => void | Promise<void>;

export interface MemoryBus extends Bus {
  /** Adds a handler for a topic; returns a function that removes it. */
  subscribe(topic: string, handler: BusHandler): () => void;
  /**
   * Resolves once every queued message (including those published by handlers) is handled.
   * @throws AggregateError of every handler error since the last drain (the errors are cleared).
   */
  drain(): Promise<void>;
  /** Every message published so far, in order (also those of topics nobody subscribes to). */
  published(topic?: string): readonly BusMessage[];
}

/** Creates an empty in-process bus. */
export function createMemoryBus(): MemoryBus {
  const handlers = new Map<string, Set<BusHandler>>();
  const queue: BusMessage[] = [];
  const log: BusMessage[] = [];
  const errors: unknown[] = [];
  let nextId = 0;
  let pump: Promise<void> | undefined;

  async function deliverAll(): Promise<void> {
    // Wait for the next turn of the event loop, so the publisher's own continuation runs before
    // any handler (as with a real broker).
    await new Promise((resolve) => setImmediate(resolve));
    for (let message = queue.shift(); message !== undefined; message = queue.shift()) {
      for (const handler of [...(handlers.get(message.topic) ?? [])]) {
        try {
          await handler(message);
        } catch (error) {
          errors.push(error);
        }
      }
    }
    pump = undefined;
  }

  return {
    async publish(topic, data, attributes = {}) {
      const json = encodeBusMessage(topic, data);
      nextId += 1;
      const message: BusMessage = {
        id: String(nextId),
        topic,
        data: JSON.parse(json),
        attributes: { ...attributes },
      };
      log.push(message);
      queue.push(message);
      pump ??= deliverAll();
      return message.id;
    },

    subscribe(topic, handler) {
      const set = handlers.get(topic) ?? new Set<BusHandler>();
      set.add(handler);
      handlers.set(topic, set);
      return () => {
        set.delete(handler);
      };
    },

    async drain() {
      while (pump !== undefined) await pump;
      if (errors.length > 0) {
        const failed = errors.splice(0, errors.length);
        throw new AggregateError(failed, `${failed.length} bus handler(s) failed`);
      }
    },

    published(topic) {
      return topic === undefined ? [...log] : log.filter((m) => m.topic === topic);
    },
  };
}
