/**
 * The early request of an action entry (early-request/) and the GitHub client's transport (httpFetch) that takes
 * its answer: the same request as the client's, used once and only by the same GET with the same token, and a
 * failed or unusual one leaves the client asking as before. Against a local server that records what it is asked.
 */
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { dropEarlyRequest, startEarlyRequest } from '../src/early-request/index.js';
import { createOctokit } from '../src/octokit.js';

const TOKEN = 'ghs_early_token_0123456789';
const OTHER_TOKEN = 'ghs_other_token_9876543210';

type Answer = (req: http.IncomingMessage, res: http.ServerResponse) => void;
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

const json =
  (status: number, body: unknown): Answer =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
/** Answers with the request's order and token, so a test sees which request an answer came from. */
const numbered: Answer = (req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ n: seen.length, auth: req.headers.authorization?.slice(-4) }));

let server: http.Server;
let url: string;
let seen: Seen[] = [];
let answers: Answer[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      (answers.shift() ?? numbered)(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  expect(dropEarlyRequest()).toEqual([]); // every test takes or drops its early request itself
  seen = [];
  answers = [];
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function runnerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'INPUT_GITHUB-TOKEN': ` ${TOKEN}\n`,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_API_URL: `${url}/`,
    ...extra,
  };
}

const client = (token = TOKEN) => createOctokit({ token, baseUrl: url, retries: 0 });
const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
};
const withoutConnection = ({ connection: _c, host: _h, ...headers }: http.IncomingHttpHeaders) => headers;

test('the early request is the client’s: same URL and headers, with the orchestration id and a bearer token too', async () => {
  const saved = process.env.ACTIONS_ORCHESTRATION_ID;
  try {
    for (const [token, id] of [
      [TOKEN, undefined],
      ['eyJ.eyJ.sig', 'run 7/a'],
    ] as const) {
      if (id === undefined) delete process.env.ACTIONS_ORCHESTRATION_ID;
      else process.env.ACTIONS_ORCHESTRATION_ID = id;
      seen = [];
      await client(token).rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 12 });
      const env = runnerEnv({ 'INPUT_GITHUB-TOKEN': token, INPUT_PR: '12', ...(id && { ACTIONS_ORCHESTRATION_ID: id }) });
      expect(startEarlyRequest('/repos/{owner}/{repo}/pulls/{pr}', env)).toBe(true);
      await until(() => seen.length === 2);
      expect(seen[1]!.method).toBe('GET');
      expect(seen[1]!.url).toBe(seen[0]!.url);
      expect(withoutConnection(seen[1]!.headers)).toEqual(withoutConnection(seen[0]!.headers));
      expect(dropEarlyRequest()).toEqual(['GET /repos/acme/shop/pulls/12']); // no client request took it: the note names no token
    }
  } finally {
    if (saved === undefined) delete process.env.ACTIONS_ORCHESTRATION_ID;
    else process.env.ACTIONS_ORCHESTRATION_ID = saved;
  }
});

test('the client’s first request, the same GET with the same token, takes the early answer once', async () => {
  expect(startEarlyRequest('/repos/{owner}/{repo}', runnerEnv())).toBe(true);
  const octokit = client();
  expect((await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' })).data).toEqual({ n: 1, auth: '6789' });
  expect((await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' })).data).toEqual({ n: 2, auth: '6789' });
  expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /repos/acme/shop', 'GET /repos/acme/shop']);
});

test('the labels listing, query string and all, is taken by the first page octokit’s paginate asks', async () => {
  answers = [json(200, [{ name: 'agent:ready' }])];
  expect(startEarlyRequest('/repos/{owner}/{repo}/labels?per_page=100', runnerEnv())).toBe(true);
  const octokit = client();
  const names: string[] = [];
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listLabelsForRepo, { owner: 'acme', repo: 'shop', per_page: 100 })) {
    names.push(...page.data.map((label) => label.name));
  }
  expect(names).toEqual(['agent:ready']);
  expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /repos/acme/shop/labels?per_page=100']);
});

test('GET /user is taken by the client’s getAuthenticated, for a token that is not an installation token', async () => {
  const pat = 'ghp_personal_token_0123456789';
  answers = [json(200, { login: 'maintainer' })];
  expect(startEarlyRequest('/user', runnerEnv({ 'INPUT_GITHUB-TOKEN': pat }))).toBe(true);
  expect((await client(pat).rest.users.getAuthenticated()).data).toEqual({ login: 'maintainer' });
  expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /user']);
});

test('a compressed early answer is decoded as the client’s own would be', async () => {
  answers = [(_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"name":"shop"}'))];
  startEarlyRequest('/repos/{owner}/{repo}', runnerEnv());
  const { data, headers } = await client().rest.repos.get({ owner: 'acme', repo: 'shop' });
  expect(data).toEqual({ name: 'shop' });
  expect(headers['content-type']).toBe('application/json');
  expect(seen).toHaveLength(1);
});

test('another token, another URL or another request first: the client asks itself and the early answer is dropped', async () => {
  startEarlyRequest('/repos/{owner}/{repo}', runnerEnv());
  expect((await client(OTHER_TOKEN).rest.repos.get({ owner: 'acme', repo: 'shop' })).data).toEqual({ n: 2, auth: '3210' });
  // The early request went first (n: 1); the other token's request got its own answer, and the early one is gone.
  expect(seen[1]!.headers.authorization).toBe(`token ${OTHER_TOKEN}`);
  expect((await client().rest.repos.get({ owner: 'acme', repo: 'shop' })).data).toEqual({ n: 3, auth: '6789' });
  expect(dropEarlyRequest()).toEqual(['GET /repos/acme/shop']);

  seen = [];
  startEarlyRequest('/repos/{owner}/{repo}', runnerEnv());
  await client().rest.pulls.get({ owner: 'acme', repo: 'shop', pull_number: 1 });
  await client().rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 1, body: 'x' });
  expect((await client().rest.repos.get({ owner: 'acme', repo: 'shop' })).data).toEqual({ n: 4, auth: '6789' });
  expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
    'GET /repos/acme/shop',
    'GET /repos/acme/shop/pulls/1',
    'POST /repos/acme/shop/issues/1/comments',
    'GET /repos/acme/shop',
  ]);
  expect(dropEarlyRequest()).toEqual(['GET /repos/acme/shop']);
});

test('a failed early request (an error status, a dropped connection) leaves the client to ask, with its own errors', async () => {
  answers = [json(502, { message: 'bad gateway' }), json(200, { name: 'shop' })];
  startEarlyRequest('/repos/{owner}/{repo}', runnerEnv());
  expect((await client().rest.repos.get({ owner: 'acme', repo: 'shop' })).data).toEqual({ name: 'shop' });
  expect(seen).toHaveLength(2);

  seen = [];
  answers = [(req) => req.socket.destroy(), json(200, { name: 'again' })];
  startEarlyRequest('/repos/{owner}/{repo}', runnerEnv());
  expect((await client().rest.repos.get({ owner: 'acme', repo: 'shop' })).data).toEqual({ name: 'again' });
  expect(seen).toHaveLength(2);

  seen = [];
  answers = [json(404, { message: 'Not Found' }), json(404, { message: 'Not Found' })];
  startEarlyRequest('/repos/{owner}/{repo}', runnerEnv());
  await expect(client().rest.repos.get({ owner: 'acme', repo: 'shop' })).rejects.toMatchObject({ status: 404 });
  expect(seen).toHaveLength(2);
});

test('nothing is asked when anything is missing or unusual', async () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['/repos/{owner}/{repo}', { 'INPUT_GITHUB-TOKEN': '' }],
    ['/repos/{owner}/{repo}', { 'INPUT_GITHUB-TOKEN': 'ghs_a b' }],
    ['/repos/{owner}/{repo}', { https_proxy: 'http://proxy:3128' }],
    ['/repos/{owner}/{repo}', { HTTP_PROXY: 'http://proxy:3128' }],
    ['/repos/{owner}/{repo}', { GITHUB_EVENT_NAME: '' }],
    ['/repos/{owner}/{repo}', { GITHUB_REPOSITORY: 'acme/shop/x' }],
    ['/repos/{owner}/{repo}', { GITHUB_REPOSITORY: '' }],
    ['/repos/{owner}/{repo}', { GITHUB_API_URL: 'ftp://example.com' }],
    ['/repos/{owner}/{repo}', { GITHUB_API_URL: `${url}/?x=1` }],
    ['/repos/{owner}/{repo}/pulls/{pr}', {}],
    ['/repos/{owner}/{repo}/pulls/{pr}', { INPUT_PR: '01' }],
    ['/repos/{owner}/{repo}/pulls/{pr}', { INPUT_PR: '+1' }],
    ['/repos/{owner}/{repo}/pulls/{pr}', { INPUT_PR: '1e3' }],
    // The query string is the template's alone: one the environment adds, or one around the template's, is refused.
    ['/repos/{owner}/{repo}/labels?per_page=100', { GITHUB_API_URL: `${url}/?x=1` }],
    ['/repos/{owner}/{repo}/labels?per_page=100', { GITHUB_API_URL: `${url}/#x` }],
    ['/repos/{owner}/{repo}/labels?per_page=100', { GITHUB_REPOSITORY: 'acme/shop?x=1' }],
    ['/user', { GITHUB_API_URL: `${url}/?x=1` }],
  ];
  for (const [template, extra] of cases) {
    expect([template, extra, startEarlyRequest(template as '/repos/{owner}/{repo}', runnerEnv(extra))]).toEqual([template, extra, false]);
  }
  await client().rest.repos.get({ owner: 'acme', repo: 'shop' });
  expect(seen).toHaveLength(1);
});

test('one early request at a time; dropping one still under way ends it', async () => {
  let held: http.ServerResponse | undefined;
  answers = [(_req, res) => (held = res)];
  expect(startEarlyRequest('/repos/{owner}/{repo}', runnerEnv())).toBe(true);
  expect(startEarlyRequest('/repos/{owner}/{repo}', runnerEnv())).toBe(false);
  await until(() => held !== undefined);
  const closed = new Promise((resolve) => held!.on('close', resolve));
  expect(dropEarlyRequest()).toEqual(['GET /repos/acme/shop']);
  await closed; // the server sees the connection end: nothing keeps the process alive
  await client().rest.repos.get({ owner: 'acme', repo: 'shop' });
  expect(seen).toHaveLength(2);
});
