/**
 * httpFetch, the GitHub client's fetch when no proxy applies: what @octokit/request reads of a fetch answer, and
 * what fetch does on redirects, compressed answers and failed connections, against a local server.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { createOctokit } from '../src/octokit.js';
import { httpFetch } from '../src/http-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function startServer(handle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  return new Promise<{ url: string; seen: Seen[]; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        seen,
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

let main: Awaited<ReturnType<typeof startServer>>;
let other: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  other = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('elsewhere'));
  main = await startServer((req, res, body) => {
    const url = req.url ?? '';
    if (url === '/json') res.writeHead(200, { 'content-type': 'application/json', 'x-b': '2', 'x-a': '1' }).end('{"ok":true}');
    else if (url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('squeezed'));
    else if (url === '/br') res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync('brotli'));
    else if (url === '/echo') res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ body }));
    else if (url === '/see-other') res.writeHead(303, { location: '/json' }).end();
    else if (url === '/moved') res.writeHead(307, { location: '/echo' }).end();
    else if (url === '/away') res.writeHead(302, { location: `${other.url}/there` }).end();
    else if (url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (url === '/repos/acme/shop') res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"shop"}');
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
  });
});
afterAll(async () => {
  await main.close();
  await other.close();
});

test('an answer reads as fetch shows it: status, url, sorted lower-case headers, json and text', async () => {
  const res = await httpFetch(`${main.url}/json`, { headers: { Accept: 'application/json' } });
  expect([res.status, res.ok, res.url, res.redirected]).toEqual([200, true, `${main.url}/json`, false]);
  const names = [...res.headers].map(([name]) => name);
  expect(names).toEqual([...names].sort());
  expect(res.headers.get('X-A')).toBe('1');
  expect(await res.json()).toEqual({ ok: true });
  await expect(res.text()).rejects.toThrow(/already been read/);
  expect(main.seen.at(-1)!.headers.accept).toBe('application/json');
});

test('gzip and brotli answers are decoded', async () => {
  expect(await (await httpFetch(`${main.url}/gzip`)).text()).toBe('squeezed');
  expect(await (await httpFetch(`${main.url}/br`)).text()).toBe('brotli');
});

test('a body is sent with its length; 307 keeps method and body, 303 turns into a GET', async () => {
  const moved = await httpFetch(`${main.url}/moved`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  expect([moved.status, moved.redirected, moved.url]).toEqual([201, true, `${main.url}/echo`]);
  expect(await moved.json()).toEqual({ body: '{"a":1}' });
  const posted = main.seen.at(-1)!;
  expect([posted.method, posted.headers['content-length']]).toEqual(['POST', '7']);
  const other303 = await httpFetch(`${main.url}/see-other`, { method: 'POST', body: 'x' });
  expect(other303.status).toBe(200);
  expect(main.seen.at(-1)).toMatchObject({ method: 'GET', url: '/json', body: '' });
});

test('a redirect to another origin drops the authorization header; endless redirects fail', async () => {
  const res = await httpFetch(`${main.url}/away`, { headers: { authorization: 'token ghs_secret' } });
  expect(await res.text()).toBe('elsewhere');
  expect(main.seen.at(-1)!.headers.authorization).toBe('token ghs_secret');
  expect(other.seen.at(-1)!.headers.authorization).toBeUndefined();
  await expect(httpFetch(`${main.url}/loop`)).rejects.toMatchObject({ name: 'TypeError', cause: { message: 'redirect count exceeded' } });
});

test('a refused connection is a TypeError whose cause is the network error, as with fetch', async () => {
  const closed = await startServer(() => {});
  await closed.close();
  await expect(httpFetch(`${closed.url}/x`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
});

test('an aborted request rejects with the AbortError', async () => {
  const controller = new AbortController();
  controller.abort();
  await expect(httpFetch(`${main.url}/json`, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
});

test('createOctokit without a proxy reads through it: data, 404 as a RequestError, no retry on a dead server', async () => {
  const octokit = createOctokit({ token: 'ghs_direct', retries: 0, baseUrl: main.url });
  const { data, status } = await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' });
  expect([status, data.name]).toEqual([200, 'shop']);
  const seen = main.seen.at(-1)!;
  expect([seen.headers.authorization, seen.headers['user-agent']]).toEqual(['token ghs_direct', expect.stringMatching(/^octokit-core\.js\//)]);
  await expect(octokit.rest.repos.get({ owner: 'acme', repo: 'gone' })).rejects.toMatchObject({
    status: 404,
    message: expect.stringContaining('Not Found'),
  });
});
