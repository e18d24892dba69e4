import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Git, gitAuthEnv } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'git-auth-'));
  execFileSync('git', ['init', '-q', dir]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gitAuthEnv', () => {
  test('gives git processes a basic auth header for the server origin only, and writes nothing to .git/config', () => {
    const env = gitAuthEnv('ghs_secret123', 'https://github.com/');
    const seen = execFileSync('git', ['config', '--get', 'http.https://github.com/.extraheader'], { cwd: dir, env: { ...process.env, ...env } })
      .toString()
      .trim();
    expect(seen).toBe(`AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_secret123').toString('base64')}`);
    const local = execFileSync('git', ['config', '--local', '--list'], { cwd: dir }).toString();
    expect(local).not.toContain('extraheader');
  });

  test('hasPersistedCredentials tells a checkout with persisted credentials from one without', async () => {
    const git = new Git({ cwd: dir });
    expect(await git.hasPersistedCredentials()).toBe(false);
    execFileSync('git', ['config', '--local', 'http.https://github.com/.extraheader', 'AUTHORIZATION: basic abc'], { cwd: dir });
    expect(await git.hasPersistedCredentials()).toBe(true);
  });
});
