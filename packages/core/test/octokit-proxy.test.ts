/**
 * createOctokit's transport: behind the runner's proxy variables, requests to GitHub go through the proxy (the
 * @actions/github fetch and agent); with none set, Node's built-in fetch goes direct.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
// Not the testkit index: it imports @eternia/core, and with it @actions/github, before the test sets http_proxy.
import { startConnectProxy, startEchoServer } from '@eternia/testkit/net';

let echo: Awaited<ReturnType<typeof startEchoServer>>;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
const saved = { http_proxy: process.env.http_proxy, GITHUB_API_URL: process.env.GITHUB_API_URL };

beforeAll(async () => {
  echo = await startEchoServer();
  proxy = await startConnectProxy(echo);
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await proxy.close();
  await echo.close();
});

test('with http_proxy set, requests tunnel through the proxy', async () => {
  // @actions/github reads the variables when it is first imported, as in an action's process.
  process.env.http_proxy = proxy.url;
  process.env.GITHUB_API_URL = 'http://api.github.invalid';
  const { createOctokit } = await import('@eternia/core');
  const octokit = createOctokit({ token: 'ghs_proxy_test', retries: 0 });
  const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' });
  expect(data).toEqual({ method: 'GET', path: '/repos/acme/shop' });
  expect(proxy.connects).toEqual(['api.github.invalid:80']);
});

test('with no proxy variable for the URL, requests go direct', async () => {
  delete process.env.http_proxy;
  const { createOctokit } = await import('@eternia/core');
  const before = proxy.connects.length;
  const octokit = createOctokit({ token: 'ghs_proxy_test', retries: 0, baseUrl: `http://${echo.host}:${echo.port}` });
  const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' });
  expect(data).toEqual({ method: 'GET', path: '/repos/acme/shop' });
  expect(proxy.connects).toHaveLength(before);
});
