import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chown, lstat, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_ENV, FAKE_SECRETS, IS_ROOT, jobTree, NODE, othersCanRead, READ_ENVIRONS, viaHarness } from './sandbox-fixtures.js';

/**
 * The hosted-runner path: the job's user is not root but has password-less sudo. We make such a
 * user here (root is needed for that, and sudo must be installed) and run the harness as it.
 */
const JOB_USER = 'eternia-job-test';
const GRANT = `/etc/sudoers.d/${JOB_USER}`;
const DROP = `/etc/sudoers.d/zz-eternia-sandbox-drop-${JOB_USER}`;
const hasSudo = spawnSync('sh', ['-c', 'command -v sudo && command -v visudo'], { stdio: 'ignore' }).status === 0;
const harness = fileURLToPath(new URL('./sandbox-harness.ts', import.meta.url));
const reason = !IS_ROOT
  ? 'needs root to create a job user with sudo'
  : !hasSudo
    ? 'sudo is not installed'
    : !othersCanRead(harness)
      ? `the checkout (${harness}) cannot be read by another user`
      : '';
if (reason) process.stderr.write(`sandbox-sudo skipped: ${reason}\n`);
const sudoTest = reason ? test.skip : test;

function asJobUser(argv: string[]): number | null {
  return spawnSync('setpriv', [`--reuid=${JOB_USER}`, `--regid=${JOB_USER}`, '--init-groups', '--', ...argv], { stdio: 'ignore', env: BASE_ENV })
    .status;
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const name of await readdir(dir)) {
    const full = path.join(dir, name);
    if ((await lstat(full)).isDirectory()) await chownTree(full, uid, gid);
    else await chown(full, uid, gid);
  }
}

beforeAll(async () => {
  if (reason) return;
  if (spawnSync('getent', ['passwd', JOB_USER]).status !== 0) {
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/bin/sh', '--user-group', JOB_USER]);
  }
  await rm(DROP, { force: true });
  await writeFile(GRANT, `${JOB_USER} ALL=(ALL) NOPASSWD:ALL\n`, { mode: 0o440 });
});
afterAll(async () => {
  if (reason) return;
  await rm(GRANT, { force: true });
  await rm(DROP, { force: true });
});

describe(`sandbox through sudo${reason ? ` (skipped: ${reason})` : ''}`, () => {
  sudoTest(
    'a non-root job with sudo: the launcher starts through sudo, sudo is dropped and verified, secrets stay out of reach',
    async () => {
      expect(asJobUser(['sudo', '-n', 'true'])).toBe(0);
      const { outer, ws, cleanup } = await jobTree();
      try {
        const uid = Number(spawnSync('id', ['-u', JOB_USER], { encoding: 'utf8' }).stdout.trim());
        const gid = Number(spawnSync('id', ['-g', JOB_USER], { encoding: 'utf8' }).stdout.trim());
        await chownTree(outer, uid, gid);
        const result = await viaHarness(
          { mode: 'sandbox', network: false, argv: [NODE, '-e', READ_ENVIRONS], cwd: ws, env: BASE_ENV, timeoutMs: 20_000 },
          JOB_USER,
        );
        expect(result.describe).toMatch(
          /^sandbox os-user: code ran as eternia-sandbox .*sudo dropped for eternia-job-test for the rest of the job \('sudo -n true' now fails\)$/,
        );
        expect(result.outcome.output).toMatch(/LEAKED=\[\] TRIED=\d+/);
        for (const value of Object.values(FAKE_SECRETS)) expect(result.outcome.output).not.toContain(value);
        // The drop outlives the harness: the job's user has no sudo for the rest of the job.
        expect(asJobUser(['sudo', '-n', 'true'])).not.toBe(0);
        // Files went back to the job's user, not to root.
        expect((await lstat(ws)).uid).toBe(uid);
      } finally {
        await cleanup();
      }
    },
    120_000,
  );
});
