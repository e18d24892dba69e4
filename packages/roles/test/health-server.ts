import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 whose answers the test sets per path: a status, or no answer at all. */
export interface HealthServer {
  url: string;
  /** The status a path answers with; 'hang' never answers. Unset paths answer 404. */
  set(path: string, answer: number | 'hang' | ((req: IncomingMessage, res: ServerResponse) => void)): void;
  /** Requests seen per path. */
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startHealthServer(): Promise<HealthServer> {
  const answers = new Map<string, number | 'hang' | ((req: IncomingMessage, res: ServerResponse) => void)>();
  const hits = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const answer = answers.get(path) ?? 404;
    if (answer === 'hang') {
      hanging.add(res);
      return;
    }
    if (typeof answer === 'function') return answer(req, res);
    res.writeHead(answer, { 'content-type': 'text/plain' });
    res.end(answer < 400 ? 'ok' : 'not ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (path, answer) => void answers.set(path, answer),
    hits: (path) => hits.get(path) ?? 0,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
