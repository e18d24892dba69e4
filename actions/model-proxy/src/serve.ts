/**
 * The background proxy process (`index.js --serve`): reads its configuration from stdin, starts the
 * model proxy and a control endpoint for the post step, prints one handshake line and then never
 * writes to stdout again (the step that started it is gone by then).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { bearerMatches, startModelProxy } from '@eternia/llm';
import { serveConfigSchema, type Handshake } from './serve-config.js';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export interface ServeDeps {
  stdin: Readable;
  stdout: Writable;
  pid: number;
  exit: (code: number) => void;
}

export async function serve(deps: ServeDeps): Promise<void> {
  const say = (handshake: Handshake) => deps.stdout.write(`${JSON.stringify(handshake)}\n`);
  let config;
  try {
    const parsed = serveConfigSchema.safeParse(JSON.parse(await readAll(deps.stdin)));
    if (!parsed.success) throw new Error(`bad configuration on stdin: ${z.prettifyError(parsed.error)}`);
    config = parsed.data;
  } catch (error) {
    say({ error: (error as Error).message });
    deps.exit(1);
    return;
  }

  let proxy;
  try {
    proxy = await startModelProxy({
      apiKey: config.apiKey,
      accessToken: config.accessToken,
      ...(config.upstream ? { upstream: config.upstream } : {}),
      budget: { maxTokens: config.budget.maxTokens, maxCostUsd: config.budget.maxCostUsd },
      ...(config.budget.requirePrices !== undefined ? { requirePrices: config.budget.requirePrices } : {}),
      prices: config.prices,
    });
  } catch (error) {
    say({ error: (error as Error).message.split(config.apiKey).join('***') });
    deps.exit(1);
    return;
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(lifetime);
    control.closeAllConnections();
    await Promise.allSettled([proxy.close(), new Promise((resolve) => control.close(resolve))]);
    deps.exit(0);
  };
  const lifetime = setTimeout(() => void stop(), config.maxLifetimeMs);
  lifetime.unref();

  const control = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://control').pathname;
    if (!bearerMatches(req.headers.authorization, config.controlToken)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    if (req.method === 'POST' && path === '/stop') {
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(proxy.spent()), () => void stop());
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const { port } = control.address() as AddressInfo;

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop());
  // The reader of the handshake goes away; a later write must not kill the proxy with EPIPE.
  deps.stdout.on('error', () => undefined);
  say({ url: proxy.url, controlUrl: `http://127.0.0.1:${port}`, pid: deps.pid });
}
