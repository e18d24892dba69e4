import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSync, runSyncOrThrow } from '../src/process/index.js';

describe('runSync: processes started by a helper, answered synchronously', () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'run-sync-test-')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('returns the status and both outputs, in the given cwd and env, with stdin', () => {
    const result = runSync('sh', ['-c', 'pwd; echo "$GREETING"; cat; echo oops >&2; exit 3'], {
      cwd: dir,
      env: { PATH: process.env.PATH, GREETING: 'hello' },
      input: 'from stdin\n',
    });
    expect(result).toEqual({ status: 3, signal: null, stdout: `${dir}\nhello\nfrom stdin\n`, stderr: 'oops\n' });
  });

  test('does not run in the calling process', () => {
    expect(Number(runSyncOrThrow('sh', ['-c', 'echo $PPID']).trim())).not.toBe(process.pid);
  });

  test('keeps outputs larger than a pipe buffer whole', () => {
    const out = runSyncOrThrow('sh', ['-c', 'head -c 300000 /dev/zero | tr "\\0" a']);
    expect(out).toHaveLength(300_000);
  });

  test('runSyncOrThrow names the command and its stderr on failure', () => {
    expect(() => runSyncOrThrow('git', ['-C', dir, 'rev-parse', 'HEAD'])).toThrow(
      /git -C .* rev-parse HEAD failed \(exit 128\): fatal: not a git repository/,
    );
  });

  test('a command that cannot start is an error, and the next call still works', () => {
    expect(() => runSync('no-such-command-eternia', [])).toThrow(/ENOENT/);
    expect(runSyncOrThrow('echo', ['still here'])).toBe('still here\n');
  });

  test('every test file of a worker shares one helper (it is kept on a built-in module, not in this registry)', async () => {
    const helperPid = () => Number(runSyncOrThrow('sh', ['-c', 'echo $PPID']).trim());
    const first = helperPid();
    // A second copy of the module, as the next test file in this worker would load it.
    const again = (await import(`../src/process/run-sync.js?copy=${Date.now()}`)) as typeof import('../src/process/run-sync.js');
    expect(Number(again.runSyncOrThrow('sh', ['-c', 'echo $PPID']).trim())).toBe(first);
  });

  test('a helper that dies is replaced on the next call', () => {
    const helperPid = Number(runSyncOrThrow('sh', ['-c', 'echo $PPID']).trim());
    process.kill(helperPid, 'SIGKILL');
    expect(() => runSync('echo', ['lost'])).toThrow(/run-sync helper exited/);
    expect(runSyncOrThrow('echo', ['again'])).toBe('again\n');
  });
});
