/**
 * The supervisor's first request, decided from the environment before its code loads: the request the role then
 * makes first for an event it handles, and none for an event it ignores (a wasted request on every unrelated label).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY } from '@eternia/core';
import { DEFAULT_READY_LABEL, supervisorFirstRequest } from '../src/first-request.js';

const INSTALLATION = 'ghs_job_token_0123456789';
const LABELS = '/repos/{owner}/{repo}/labels?per_page=100';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'supervisor-first-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
async function eventFile(text: string): Promise<string> {
  const file = path.join(dir, `event-${++files}.json`);
  await writeFile(file, text);
  return file;
}
const labeled = (label: unknown, extra: object = {}) => JSON.stringify({ action: 'labeled', label: { name: label }, issue: { number: 7 }, ...extra });

function env(eventName: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'INPUT_GITHUB-TOKEN': ` ${INSTALLATION}\n`, GITHUB_EVENT_NAME: eventName, ...extra };
}

test('the ready label it assumes is the policy’s default', () => {
  expect(DEFAULT_READY_LABEL).toBe(DEFAULT_POLICY.labels.ready);
});

test.each(['schedule', 'workflow_dispatch', 'workflow_call', 'repository_dispatch'])('%s polls: the labels listing comes first', (name) => {
  expect(supervisorFirstRequest(env(name))).toBe(LABELS);
});

test('issues.labeled with the ready label handles that issue: the labels listing comes first', async () => {
  expect(supervisorFirstRequest(env('issues', { GITHUB_EVENT_PATH: await eventFile(labeled(DEFAULT_READY_LABEL)) }))).toBe(LABELS);
});

test('an issues event it ignores, or cannot read, asks nothing', async () => {
  const payloads = [
    labeled('bug'),
    labeled(DEFAULT_READY_LABEL.toUpperCase()),
    labeled(undefined),
    JSON.stringify({ action: 'unlabeled', label: { name: DEFAULT_READY_LABEL }, issue: { number: 7 } }),
    JSON.stringify({ action: 'opened', issue: { number: 7 } }),
    // The role fails on these before any request: no issue number.
    labeled(DEFAULT_READY_LABEL, { issue: {} }),
    labeled(DEFAULT_READY_LABEL, { issue: { number: '7' } }),
    'not json',
    'null',
    '[]',
  ];
  for (const payload of payloads) {
    expect([payload, supervisorFirstRequest(env('issues', { GITHUB_EVENT_PATH: await eventFile(payload) }))]).toEqual([payload, null]);
  }
  expect(supervisorFirstRequest(env('issues'))).toBeNull();
  expect(supervisorFirstRequest(env('issues', { GITHUB_EVENT_PATH: path.join(dir, 'missing.json') }))).toBeNull();
});

test('an event that cannot start the supervisor asks nothing (the role fails first)', () => {
  for (const name of ['push', 'pull_request', 'issue_comment', '']) expect(supervisorFirstRequest(env(name))).toBeNull();
});

test('a set issue input handles that issue, whatever the event; one the role would refuse asks nothing', async () => {
  const ignored = await eventFile(labeled('bug'));
  expect(supervisorFirstRequest(env('workflow_dispatch', { INPUT_ISSUE: '12' }))).toBe(LABELS);
  expect(supervisorFirstRequest(env('issues', { INPUT_ISSUE: ' 12\n', GITHUB_EVENT_PATH: ignored }))).toBe(LABELS);
  expect(supervisorFirstRequest(env('push', { INPUT_ISSUE: '12' }))).toBe(LABELS);
  expect(supervisorFirstRequest(env('issues', { INPUT_ISSUE: '', GITHUB_EVENT_PATH: ignored }))).toBeNull();
  for (const issue of ['0', 'abc', '-3', '1.5'])
    expect([issue, supervisorFirstRequest(env('workflow_dispatch', { INPUT_ISSUE: issue }))]).toEqual([issue, null]);
});

test('a token that is not an installation token asks GET /user first (the bot login); none asks nothing', () => {
  const withToken = (token: string) => supervisorFirstRequest(env('schedule', { 'INPUT_GITHUB-TOKEN': token }));
  expect(withToken('v1.0123456789abcdef')).toBe(LABELS);
  expect(withToken('ghp_personal_token')).toBe('/user');
  expect(withToken('github_pat_11AAAA')).toBe('/user');
  expect(withToken('ghu_user_to_server')).toBe('/user');
  expect(withToken('eyJhbGciOi.eyJpc3Mi.sig')).toBe('/user');
  expect(withToken('')).toBeNull();
  expect(withToken('  ')).toBeNull();
});
