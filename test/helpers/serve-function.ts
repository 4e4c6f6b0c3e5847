/**
 * Serves a function registered with the Functions Framework (ff.cloudEvent / ff.http) on an
 * ephemeral loopback port, exactly as the framework's own server would run it on Cloud Run:
 * a Pub/Sub push envelope POSTed to it is converted to a CloudEvent by the framework's middleware
 * (shape: PubSubEventData below; details and caveats in test/wiring/pubsub-push.test.ts).
 */
import { type AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';

/**
 * `event.data` of the CloudEvent a handler receives from a Pub/Sub push (event.id = messageId,
 * event.type = 'google.cloud.pubsub.topic.v1.messagePublished',
 * event.source = '//pubsub.googleapis.com/projects/P/topics/T').
 */
export interface PubSubEventData {
  message: {
    '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage';
    /** The published bytes, base64. */
    data: string;
    /** {} when the message had none. */
    attributes: Record<string, string>;
    messageId: string;
    /** RFC 3339. */
    publishTime: string;
  };
}

export interface ServedFunction {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Starts serving the registered function `name` on 127.0.0.1 (port chosen by the OS). */
export async function serveFunction(name: string): Promise<ServedFunction> {
  const server = getTestServer(name);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
