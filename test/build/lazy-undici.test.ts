/**
 * The bundle's stand-in for undici (scripts/dist-shims/lazy-undici.js), bundled the way dist/ is (undici becomes a
 * lazy chunk): @actions/* build a ProxyAgent and fetch through it; with the stand-in, the request must still go
 * through the proxy, and a plain fetch must go direct.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startConnectProxy, startEchoServer } from '@eternia/testkit';
import { bundleLikeDist } from './bundle-like-dist.js';

type ShimFetch = (input: string, init?: { dispatcher?: unknown; method?: string }) => Promise<Response>;
let fetchThroughShim: ShimFetch;
let ProxyAgent: new (options: { uri: string }) => object;
let out: string;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'lazy-undici-'));
  await bundleLikeDist('scripts/dist-shims/lazy-undici.js', out);
  // undici is not in the entry: it is a chunk of its own, loaded by the first fetch.
  expect((await readdir(out)).some((file) => file.startsWith('undici-'))).toBe(true);
  const shim = (await import(pathToFileURL(path.join(out, 'lazy-undici.js')).href)) as { fetch: ShimFetch; ProxyAgent: typeof ProxyAgent };
  fetchThroughShim = shim.fetch;
  ProxyAgent = shim.ProxyAgent;
  echo = await startEchoServer();
  proxy = await startConnectProxy(echo);
}, 60_000);
afterAll(async () => {
  await proxy.close();
  await echo.close();
  await rm(out, { recursive: true, force: true });
});

test('a fetch with the stand-in ProxyAgent as dispatcher goes through the proxy', async () => {
  const agent = new ProxyAgent({ uri: proxy.url });
  // The host is not resolvable: only a tunnel through the proxy can answer.
  const response = await fetchThroughShim('http://api.github.invalid/repos/acme/shop', { dispatcher: agent });
  expect(await response.json()).toEqual({ method: 'GET', path: '/repos/acme/shop' });
  expect(proxy.connects).toEqual(['api.github.invalid:80']);
  // The same stand-in serves a second request (its real agent is kept), again only through the proxy.
  expect(await (await fetchThroughShim('http://api.github.invalid/user', { dispatcher: agent })).json()).toEqual({ method: 'GET', path: '/user' });
  expect(new Set(proxy.connects)).toEqual(new Set(['api.github.invalid:80']));
});

test('a fetch without a dispatcher goes direct', async () => {
  const before = proxy.connects.length;
  const response = await fetchThroughShim(`http://${echo.host}:${echo.port}/direct`, { method: 'POST' });
  expect(await response.json()).toEqual({ method: 'POST', path: '/direct' });
  expect(proxy.connects).toHaveLength(before);
});
