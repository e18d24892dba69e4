import { describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { ALLOW_UNSANDBOXED_KEY, openSandbox } from '../src/index.js';
import { BASE_ENV, IS_ROOT, ROOT_SKIP_REASON } from './sandbox-fixtures.js';

const rootTest = IS_ROOT ? test : test.skip;

describe('openSandbox without a way to root', () => {
  test('refuses with a ConfigurationError naming sandbox.allow-unsandboxed', async () => {
    const open = openSandbox({ network: false, allowUnsandboxed: false }, { privilege: () => 'none' });
    await expect(open).rejects.toThrow(ConfigurationError);
    await expect(openSandbox({ network: false, allowUnsandboxed: false }, { privilege: () => 'none' })).rejects.toThrow(
      /key 'sandbox\.allow-unsandboxed' in \.github\/agents\.yml: repository code cannot be sandboxed here: this process is not root and has no password-less sudo/,
    );
    expect(ALLOW_UNSANDBOXED_KEY).toContain('sandbox.allow-unsandboxed');
  });

  test('allowed by policy: runs as the job user, and describe() says so plainly', async () => {
    const logs: string[] = [];
    const sandbox = await openSandbox({ network: false, allowUnsandboxed: true, log: (m) => logs.push(m) }, { privilege: () => 'none' });
    expect(sandbox.strategy).toBe('unsandboxed');
    expect(sandbox.network).toBe(true);
    expect(sandbox.describe()).toMatch(/^UNSANDBOXED: .* \(uid \d+\) .*allowed by sandbox\.allow-unsandboxed in \.github\/agents\.yml/);
    expect(logs.join('\n')).toContain('UNSANDBOXED');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'eternia-unsandboxed-'));
    try {
      const run = await sandbox.run(['sh', '-c', 'id -u'], { cwd: dir, env: BASE_ENV, timeoutMs: 10_000 });
      expect(run.output.trim()).toBe(String(process.getuid?.()));
    } finally {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe(`openSandbox with root ${IS_ROOT ? '' : `(${ROOT_SKIP_REASON})`}`, () => {
  rootTest('a sandbox that cannot start falls back only when policy allows, with the reason', async () => {
    const bad = { network: false, user: 'Not A Valid User!' };
    await expect(openSandbox({ ...bad, allowUnsandboxed: false })).rejects.toThrow(
      /sandbox\.allow-unsandboxed.*os-user sandbox could not start \(bad request: user name\)/,
    );
    const fallback = await openSandbox({ ...bad, allowUnsandboxed: true });
    expect(fallback.strategy).toBe('unsandboxed');
    expect(fallback.describe()).toContain('os-user sandbox could not start');
    await fallback.close();
  });

  rootTest('the os-user sandbox describes itself: user, uid, namespaces, network, sudo', async () => {
    const sandbox = await openSandbox({ network: false, allowUnsandboxed: false });
    try {
      expect(sandbox.strategy).toBe('os-user');
      expect(sandbox.network).toBe(false);
      expect(sandbox.describe()).toMatch(
        /^sandbox os-user: code ran as eternia-sandbox \(uid \d+, gid \d+, no supplementary groups, no capabilities, no_new_privs\).*own PID namespace.*network off.*no sudo to drop/,
      );
    } finally {
      await sandbox.close();
    }
  });
});
