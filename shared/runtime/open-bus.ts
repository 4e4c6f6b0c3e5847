/**
 * Builds the Bus a URL names: `memory` (in-process) or `pubsub:PROJECT_ID`. Pub/Sub clients are
 * created once per project and shared (they read PUBSUB_EMULATOR_HOST themselves).
 */
import { PubSub } from '@google-cloud/pubsub';
import { createMemoryBus } from '../adapters/bus/memory-bus.js';
import { createPubSubBus } from '../adapters/pubsub/bus.js';
import { InvalidInputError } from '../errors.js';
import { type Bus } from '../ports.js';

const clients = new Map<string, PubSub>();

/**
 * Opens the bus of `url`. `memory` gives a new in-process bus each call.
 * @throws InvalidInputError for an unknown scheme or a pubsub URL without a project.
 */
export function openBus(url: string): Bus {
  if (url === 'memory') return createMemoryBus();
  if (url.startsWith('pubsub:')) {
    const projectId = url.slice('pubsub:'.length);
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId)) {
      throw new InvalidInputError(`Bus URL "${url}" needs a valid project id after pubsub:`);
    }
    let client = clients.get(projectId);
    if (client === undefined) {
      client = new PubSub({ projectId });
      clients.set(projectId, client);
    }
    return createPubSubBus(client);
  }
  throw new InvalidInputError(`Bus URL "${url}" must be memory or pubsub:PROJECT_ID`);
}
