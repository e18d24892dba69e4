import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import type { Clock } from '@eternia/core';

/**
 * A small web service on 127.0.0.1 instrumented with prom-client as services usually are: a request-duration
 * histogram labelled with method, route and status_code, served at /metrics. The test sets how many of its
 * requests fail with 500 and how slow they are; durations come from an injected clock, so "slow" costs no time.
 */
export interface MetricsService {
  url: string;
  /** Sends `count` real requests to /work: every `failEvery`-th answers 500 (0: none), each taking `delayMs`. */
  traffic(count: number, profile: { failEvery?: number; delayMs: number }): Promise<void>;
  /** What /logs answers. */
  setLogs(text: string): void;
  /** A restart: the counters start from zero. */
  restart(): void;
  close(): Promise<void>;
}

export async function startMetricsService(clock: Clock): Promise<MetricsService> {
  let registry: client.Registry;
  let histogram: client.Histogram<'method' | 'route' | 'status_code'>;
  const fresh = () => {
    registry = new client.Registry();
    histogram = new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests in seconds',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  };
  fresh();
  let logs = '';
  let profile = { failEvery: 0, delayMs: 0 };
  let served = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/metrics') {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(await registry.metrics());
        return;
      }
      if (path === '/logs') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(logs);
        return;
      }
      if (path !== '/work') {
        res.writeHead(404).end();
        return;
      }
      const start = clock.now();
      await clock.sleep(profile.delayMs);
      served++;
      const status = profile.failEvery > 0 && served % profile.failEvery === 0 ? 500 : 200;
      histogram.observe({ method: req.method ?? 'GET', route: path, status_code: String(status) }, (clock.now() - start) / 1000);
      res.writeHead(status).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async traffic(count, next) {
      profile = { failEvery: next.failEvery ?? 0, delayMs: next.delayMs };
      served = 0;
      for (let i = 0; i < count; i++) await (await fetch(`${url}/work`)).arrayBuffer();
    },
    setLogs: (text) => void (logs = text),
    restart: fresh,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
