import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCollected } from '../src/github/process-helper.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('process helper (the emulator starts git from a small process)', () => {
  test('output, exit code, stdin, working directory and environment come through; binary output is intact', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10]);
    const echoed = await runCollected('node', ['-e', 'process.stdin.pipe(process.stdout)'], { env, input: bytes });
    expect(echoed).toMatchObject({ code: 0 });
    expect(echoed.stdout.equals(bytes)).toBe(true);
    const failing = await runCollected('sh', ['-c', 'echo "$GREETING from $(pwd)"; echo oops >&2; exit 3'], {
      env: { ...env, GREETING: 'hello' },
      cwd: '/tmp',
    });
    expect(failing.code).toBe(3);
    expect(failing.stdout.toString()).toBe('hello from /tmp\n');
    expect(failing.stderr.toString()).toBe('oops\n');
    await expect(runCollected('no-such-command-here', [], { env })).rejects.toThrow(/ENOENT/);
  });

  test('concurrent requests each get their own answer', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => runCollected('sh', ['-c', `sleep 0.0${i % 5}; echo ${i}`], { env })));
    expect(answers.map((a) => a.stdout.toString().trim())).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
  });

  test('every test file of a worker shares one helper (it is kept on a built-in module, not in this registry)', async () => {
    const helperPid = async (run: typeof runCollected) => Number((await run('sh', ['-c', 'echo $PPID'], { env })).stdout.toString().trim());
    // A second copy of the module, as the next test file in this worker would load it.
    const again = (await import(`../src/github/process-helper.js?copy=${Date.now()}`)) as typeof import('../src/github/process-helper.js');
    expect(await helperPid(again.runCollected)).toBe(await helperPid(runCollected));
  });

  test('an idle helper does not keep its host process alive', async () => {
    const script = `import { runCollected } from ${JSON.stringify(path.join(root, 'packages/testkit/src/github/process-helper.ts'))};
const r = await runCollected('echo', ['done'], { env: { PATH: process.env.PATH } });
process.stdout.write(r.stdout);`;
    const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
    // The host exits by itself (no process.exit): a helper still holding the event loop would hit the timeout (generous: tsx starts slowly on a loaded machine).
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, '--input-type=module', '-e', script], { timeout: 120_000 });
    expect(stdout).toBe('done\n');
  }, 150_000);
});
