import { afterEach, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmod, chown, link, lstat, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openSandbox } from '../src/index.js';
import { BASE_ENV, IS_ROOT, jobTree, ROOT_SKIP_REASON } from './sandbox-fixtures.js';

const rootTest = IS_ROOT ? test : test.skip;
/** A job user that is not root, so permissions bind it as they bind the runner user on a hosted runner. */
const JOB_UID = 65534;
const JOB_GID = 65534;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const full = path.join(dir, name);
    out.push(full);
    const info = await lstat(full);
    if (info.isDirectory()) out.push(...(await walk(full)));
  }
  return out;
}

function asJobUser(command: string, cwd: string): { status: number | null; output: string } {
  const r = spawnSync('setpriv', [`--reuid=${JOB_UID}`, `--regid=${JOB_GID}`, '--clear-groups', '--', 'sh', '-c', command], {
    cwd,
    encoding: 'utf8',
    env: BASE_ENV,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe(`sandbox files ${IS_ROOT ? '' : `(${ROOT_SKIP_REASON})`}`, () => {
  rootTest('files the code locked at mode 000 and links it planted come back to a non-root job user, who can clean them', async () => {
    const made = await jobTree();
    cleanups.push(made.cleanup);
    const { outer, ws } = made;
    await chmod(outer, 0o755);
    for (const file of [ws, ...(await walk(ws))]) await chown(file, JOB_UID, JOB_GID);
    const passwd = await stat('/etc/passwd');

    const sandbox = await openSandbox({ network: false, allowUnsandboxed: false });
    try {
      const attack =
        'mkdir -p locked/deep && echo x > locked/deep/f && chmod 000 locked/deep/f locked/deep locked && ln -s /etc/passwd escape && chmod 000 . ; exit 0';
      const run = await sandbox.run(['sh', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
      expect(run.exitCode).toBe(0);
    } finally {
      await sandbox.close();
    }
    // Everything the run left belongs to the job's user again, and the job's user can enter it.
    for (const file of [ws, ...(await walk(ws))]) {
      const info = await lstat(file);
      expect([file, info.uid, info.gid]).toEqual([file, JOB_UID, JOB_GID]);
      if (!info.isSymbolicLink()) expect([file, info.mode & 0o600]).toEqual([file, 0o600]);
    }
    // The planted link was not followed: /etc/passwd keeps its owner and mode.
    const after = await stat('/etc/passwd');
    expect([after.uid, after.mode]).toEqual([passwd.uid, passwd.mode]);

    const clean = asJobUser('rm -rf locked escape && ls -A', ws);
    expect(clean).toEqual({ status: 0, output: '.git\nREADME.md\n' });
  });
  rootTest('a hard link in the tree to a file elsewhere is not handed to the sandbox user, nor back to the job', async () => {
    // As if planted by an earlier run on a host with fs.protected_hardlinks off: the kernel here stops the code itself.
    const made = await jobTree();
    cleanups.push(made.cleanup);
    const { outer, ws } = made;
    const sensitive = path.join(outer, 'sensitive');
    await writeFile(sensitive, 'root only\n', { mode: 0o600 });
    await link(sensitive, path.join(ws, 'innocent.txt'));
    const sandbox = await openSandbox({ network: false, allowUnsandboxed: false });
    try {
      const run = await sandbox.run(['sh', '-c', 'echo owned >> innocent.txt && echo WROTE; exit 0'], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
      expect(run.output).not.toContain('WROTE');
    } finally {
      await sandbox.close();
    }
    expect(await readFile(sensitive, 'utf8')).toBe('root only\n');
    const info = await stat(sensitive);
    expect([info.uid, info.mode & 0o777]).toEqual([0, 0o600]);
  });
});
