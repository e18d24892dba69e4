/**
 * A tiny scripted HTTP server on 127.0.0.1 for the octokit factory tests: each request gets the next
 * scripted reply and is recorded. (The waits between retries are read from the client's clock, not from here.)
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Close the connection without answering (a dropped connection). */
  | { drop: true };

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StubServer {
  url: string;
  requests: Recorded[];
  /** Replies used in order; when they run out, `fallback` answers. */
  script(replies: Reply[], fallback?: Reply): void;
  close(): Promise<void>;
}

export async function startStubServer(): Promise<StubServer> {
  let queue: Reply[] = [];
  let fallback: Reply = { status: 200, body: {} };
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = queue.shift() ?? fallback;
      if ('drop' in reply) {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(replies, fb) {
      queue = [...replies];
      if (fb) fallback = fb;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function memoryLog() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      debug: (m: string) => lines.push(`debug ${m}`),
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    },
  };
}
