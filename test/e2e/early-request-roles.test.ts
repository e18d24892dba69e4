/**
 * Each bundled role (dist/<role>/index.js) names the GET it makes first (`startRole('/repos/…', …)` in its entry)
 * and starts it before its code loads. Run against the GitHub emulator, every such early request must be the one
 * the role then takes: asked once, never unused (the entry notes an unused one in a debug line). And the entry
 * must really start it before the role's code loads: what it imports statically is a few KiB. A role whose first
 * request depends on the event (the supervisor: none for an event it ignores) names a function of the environment
 * instead, covered event by event below.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOctokit } from '@eternia/core';
import { issueLabeledEvent, runAction, startGitHubEmulator, webhookPayload, type GitHubEmulator } from '@eternia/testkit';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'ghs_early_roles_token_000000000';
const PR = 1;

/** Every role entry's first request as it names it (null: none), and the entries that name a function of the event. */
const firstRequests = new Map<string, string | null>();
const decidedByEvent: string[] = [];
for (const name of readdirSync(path.join(repoRoot, 'actions')).sort()) {
  const entry = path.join(repoRoot, 'actions', name, 'src/index.ts');
  if (!existsSync(entry) || name === 'root' || name === 'model-proxy') continue;
  const call = /\bstartRole\(\s*(?:null|'([^']+)'|([A-Za-z_$][\w$]*))\s*,/.exec(readFileSync(entry, 'utf8'));
  if (!call) throw new Error(`actions/${name}/src/index.ts does not start with startRole(…)`);
  firstRequests.set(name, call[1] ?? null);
  if (call[2]) decidedByEvent.push(name);
}
const prefetching = [...firstRequests].filter((entry): entry is [string, string] => entry[1] !== null);

let emu: GitHubEmulator;
let workspace: string;

beforeAll(async () => {
  for (const name of firstRequests.keys()) {
    if (!existsSync(path.join(repoRoot, 'dist', name, 'index.js'))) throw new Error(`dist/${name}/index.js is missing: run \`npm run build\` first`);
  }
  emu = await startGitHubEmulator();
  emu.addToken(TOKEN, 'github-actions[bot]', { type: 'Bot' });
  emu.addToken('maintainer-token', 'maintainer');
  await emu.createRepo({ owner: 'acme', name: 'shop', files: { 'README.md': '# shop\n' } });
  const human = createOctokit({ token: 'maintainer-token', baseUrl: emu.url, fetch: globalThis.fetch });
  const { data: main } = await human.rest.git.getRef({ owner: 'acme', repo: 'shop', ref: 'heads/main' });
  await human.rest.git.createRef({ owner: 'acme', repo: 'shop', ref: 'refs/heads/agent/1-cart', sha: main.object.sha });
  const content = Buffer.from('export const total = 0;\n').toString('base64');
  await human.rest.repos.createOrUpdateFileContents({
    owner: 'acme',
    repo: 'shop',
    path: 'cart.js',
    branch: 'agent/1-cart',
    message: 'cart',
    content,
  });
  const pull = await emu.createPullRequest({
    owner: 'acme',
    repo: 'shop',
    title: 'Agent: #1',
    head: 'agent/1-cart',
    draft: true,
    user: 'github-actions[bot]',
  });
  expect(pull.number).toBe(PR);
  workspace = await mkdtemp(path.join(tmpdir(), 'early-roles-'));
}, 60_000);

afterAll(async () => {
  await emu?.close();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

test('most roles name a first request', () => {
  expect(prefetching.length).toBeGreaterThanOrEqual(10);
});

/** The files a bundle loads before its first line runs: its static imports, transitively. */
function loadedAtStart(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const match of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$\s{},*]+from\s*)?"(\.{1,2}\/[^"]+)"/g)) {
    loadedAtStart(path.resolve(path.dirname(file), match[1]!), seen);
  }
  return seen;
}

test.each([...firstRequests.keys()])('dist/%s/index.js loads only a few KiB before it starts its first request', (name) => {
  const files = loadedAtStart(path.join(repoRoot, 'dist', name, 'index.js'));
  const bytes = [...files].reduce((sum, file) => sum + statSync(file).size, 0);
  expect(bytes).toBeLessThan(16 * 1024);
  expect([...files].some((file) => readFileSync(file, 'utf8').includes('startEarlyRequest'))).toBe(true);
});

test.each(prefetching)('%s takes its early request %s: asked once, first, and used', async (name, template) => {
  const expected = template.replace('{owner}', 'acme').replace('{repo}', 'shop').replace('{pr}', String(PR));
  const mark = emu.requests.length;
  const run = await runAction({
    actionDir: path.join(repoRoot, 'actions', name),
    event: { name: 'workflow_dispatch', payload: webhookPayload('workflow_dispatch') },
    repository: 'acme/shop',
    apiUrl: emu.url,
    workspace,
    token: TOKEN,
    inputs: name === 'publish' ? { pr: String(PR), proposal: 'tests' } : { pr: String(PR) },
    env: { DOSSIER_DIR: path.join(workspace, 'dossier') },
    timeoutMs: 60_000,
  });
  const asked = emu.requests.slice(mark).filter((r) => r.token === TOKEN);
  expect(asked[0]).toMatchObject({ method: 'GET', path: expected, status: 200 });
  expect(asked.filter((r) => r.method === 'GET' && r.path === expected)).toHaveLength(1);
  expect(run.stdout).not.toContain('::debug::early request');
  expect(run.leakedSecrets).toEqual([]);
});

test('the roles whose first request depends on the event are the ones tested event by event below', () => {
  expect(decidedByEvent).toEqual(['supervisor']);
});

describe('the supervisor starts the request its event leads to, and none for an event it ignores', () => {
  const LABELS = '/repos/acme/shop/labels?per_page=100';
  const labeledEvent = (issue: number, label: string) => issueLabeledEvent('acme/shop', { number: issue, title: `Issue ${issue}` }, label);

  const runSupervisor = (event: { name: string; payload: object }, token = TOKEN) =>
    runAction({
      actionDir: path.join(repoRoot, 'actions', 'supervisor'),
      event,
      repository: 'acme/shop',
      apiUrl: emu.url,
      workspace,
      token,
      inputs: {},
      timeoutMs: 60_000,
    });

  test.each([
    ['a dispatch (a poll)', LABELS, TOKEN],
    ['a dispatch with a personal token (the bot login first)', '/user', 'maintainer-token'],
  ])('%s asks %s first, once, and uses it', async (_what, expected, token) => {
    const mark = emu.requests.length;
    const run = await runSupervisor({ name: 'workflow_dispatch', payload: webhookPayload('workflow_dispatch') }, token);
    expect(run.exitCode).toBe(0);
    const asked = emu.requests.slice(mark).filter((r) => r.token === token);
    expect(asked[0]).toMatchObject({ method: 'GET', path: expected, status: 200 });
    expect(asked.filter((r) => r.method === 'GET' && r.path === expected)).toHaveLength(1);
    expect(run.stdout).not.toContain('::debug::early request');
    expect(run.leakedSecrets).toEqual([]);
  });

  test('issues.labeled with the ready label: the labels listing first, once, and used', async () => {
    const issue = await emu.createIssue({ owner: 'acme', repo: 'shop', title: 'Issue ready', labels: ['agent:ready'], user: 'maintainer' });
    const mark = emu.requests.length;
    const run = await runSupervisor(labeledEvent(issue.number as number, 'agent:ready'));
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.matrix!)).toHaveLength(1);
    const asked = emu.requests.slice(mark).filter((r) => r.token === TOKEN);
    expect(asked[0]).toMatchObject({ method: 'GET', path: LABELS, status: 200 });
    expect(asked.filter((r) => r.method === 'GET' && r.path === LABELS)).toHaveLength(1);
    expect(run.stdout).not.toContain('::debug::early request');
  });

  test('issues.labeled with another label: no request at all', async () => {
    const issue = await emu.createIssue({ owner: 'acme', repo: 'shop', title: 'Just a bug', labels: ['bug'], user: 'maintainer' });
    const mark = emu.requests.length;
    const run = await runSupervisor(labeledEvent(issue.number as number, 'bug'));
    expect(run.exitCode).toBe(0);
    expect(run.outputs.matrix).toBe('[]');
    expect(emu.requests.slice(mark)).toEqual([]);
    expect(run.stdout).not.toContain('::debug::early request');
  });
});
