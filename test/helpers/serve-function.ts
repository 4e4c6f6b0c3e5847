/**
 * Serves a function registered with the Functions Framework (ff.cloudEvent / ff.http) on an
 * ephemeral loopback port, exactly as the framework's own server would run it on Cloud Run:
 * a Pub/Sub push envelope POSTed to it is converted to a CloudEvent by the framework's middleware.
 */
import { type AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';

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
