import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** What a test server route answers. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (to send malformed JSON). */
  body: unknown;
}

export interface WeatherServer {
  baseUrl: string;
  /** Every request's path and query, in order. */
  requests: URL[];
  close(): Promise<void>;
}

/** Serves `answer(url)` on 127.0.0.1 (a free port), recording every request. */
export async function startWeatherServer(answer: (url: URL) => Answer): Promise<WeatherServer> {
  const requests: URL[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const a = answer(url);
    const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
