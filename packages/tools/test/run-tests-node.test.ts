import { afterEach, describe, expect, test } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { runTests } from '../src/index.js';
import { tempProject } from './temp-project.js';

/** Gone, or a zombie nobody reaped yet (a container's PID 1 may not reap orphans): either way not running. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
}

const cleanups: Array<() => Promise<void>> = [];
async function project(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await tempProject(files);
  cleanups.push(cleanup);
  return dir;
}
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const MATH_TEST = `import test, { describe } from 'node:test';
import assert from 'node:assert/strict';
import { add } from '../src/math.mjs';

test('adds', () => {
  assert.equal(add(1, 2), 3);
});

describe('edge cases', () => {
  test('negative numbers', () => {
    assert.equal(add(-1, -2), -3);
  });
  test.skip('big numbers', () => {});
});
`;
const MATH_OK = 'export function add(a, b) { return a + b; }\n';
const MATH_BROKEN = 'export function add(a, b) { return a - b; }\n';
const base = { envAllow: [], timeoutMs: 20_000, baseEnv: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } };

describe('runTests with node:test (real runs)', () => {
  test('all passing: ids with file and suite path, lines where tests are defined', async () => {
    const workspace = await project({ 'src/math.mjs': MATH_OK, 'test/math.test.mjs': MATH_TEST });
    const result = await runTests({ ...base, workspace, command: 'node --test' });
    expect(result).toMatchObject({ status: 'passed', runner: 'node-test', source: 'node-reporter', exitCode: 0, command: ['node', '--test'] });
    expect(result.summary).toEqual({ passed: 2, failed: 0, skipped: 1 });
    expect(result.tests).toEqual([
      { id: 'test/math.test.mjs::adds', name: 'adds', file: 'test/math.test.mjs', line: 5, status: 'passed' },
      {
        id: 'test/math.test.mjs::edge cases > negative numbers',
        name: 'edge cases > negative numbers',
        file: 'test/math.test.mjs',
        line: 10,
        status: 'passed',
      },
      {
        id: 'test/math.test.mjs::edge cases > big numbers',
        name: 'edge cases > big numbers',
        file: 'test/math.test.mjs',
        line: 13,
        status: 'skipped',
      },
    ]);
    expect(result.output).toContain('adds');
  });

  test('failing: the same ids, the line of the failed assertion and its message', async () => {
    const workspace = await project({ 'src/math.mjs': MATH_BROKEN, 'test/math.test.mjs': MATH_TEST });
    const result = await runTests({ ...base, workspace, command: 'node --test' });
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(1);
    expect(result.summary).toEqual({ passed: 0, failed: 2, skipped: 1 });
    const failed = result.tests.filter((t) => t.status === 'failed');
    expect(failed.map((t) => t.id)).toEqual(['test/math.test.mjs::adds', 'test/math.test.mjs::edge cases > negative numbers']);
    expect(failed[0]).toMatchObject({ file: 'test/math.test.mjs', line: 6 });
    expect(failed[0]!.message).toMatch(/Expected values to be strictly equal[\s\S]*-1 !== 3/);
    expect(failed[1]).toMatchObject({ line: 11 });
  });

  test('a test file that cannot load is a failed entry, not a silent pass', async () => {
    const workspace = await project({ 'test/broken.test.mjs': "import { nope } from '../src/missing.mjs';\n" });
    const result = await runTests({ ...base, workspace, command: 'node --test' });
    expect(result.status).toBe('failed');
    expect(result.tests).toHaveLength(1);
    expect(result.tests[0]).toMatchObject({ status: 'failed', file: 'test/broken.test.mjs' });
  });

  test('only: runs just the listed files', async () => {
    const workspace = await project({
      'src/math.mjs': MATH_OK,
      'test/math.test.mjs': MATH_TEST,
      'test/other.test.mjs': "import test from 'node:test';\ntest('other', () => { throw new Error('should not run'); });\n",
    });
    const result = await runTests({ ...base, workspace, command: 'node --test', only: ['test/math.test.mjs'] });
    expect(result.status).toBe('passed');
    expect(new Set(result.tests.map((t) => t.file))).toEqual(new Set(['test/math.test.mjs']));
  });

  test('only: paths outside the workspace or looking like flags are refused', async () => {
    const workspace = await project({ 'test/a.test.mjs': '' });
    for (const bad of ['../x.test.mjs', '/etc/passwd', '--require=evil.js']) {
      await expect(runTests({ ...base, workspace, command: 'node --test', only: [bad] })).rejects.toThrow(ConfigurationError);
    }
  });

  test('through npm test: the node:test reporter still reaches the script via NODE_OPTIONS, even a compound one', async () => {
    const workspace = await project({
      'package.json': JSON.stringify({ name: 'p', private: true, type: 'module', scripts: { test: 'echo building && node --test' } }),
      'src/math.mjs': MATH_OK,
      'test/math.test.mjs': MATH_TEST,
    });
    const result = await runTests({ ...base, workspace });
    expect(result).toMatchObject({ status: 'passed', runner: 'node-test', source: 'node-reporter', command: ['npm', 'test'] });
    expect(result.tests.map((t) => t.id)).toContain('test/math.test.mjs::edge cases > negative numbers');
  });

  test('no test files: no-tests, not passed', async () => {
    const workspace = await project({ 'src/math.mjs': MATH_OK });
    const result = await runTests({ ...base, workspace, command: 'node --test' });
    expect(result.status).toBe('no-tests');
    expect(result.tests).toEqual([]);
  });

  test('a command that does not exist is an error with a note', async () => {
    const workspace = await project({});
    const result = await runTests({ ...base, workspace, command: 'definitely-not-a-test-runner-xyz --run' });
    expect(result.status).toBe('error');
    expect(result.exitCode).toBeNull();
    expect(result.notes.join('\n')).toMatch(/could not start "definitely-not-a-test-runner-xyz"/);
  });

  test('no command configured and nothing to detect: a ConfigurationError naming tests.command', async () => {
    const workspace = await project({ 'README.md': 'nothing here' });
    const run = runTests({ ...base, workspace });
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(runTests({ ...base, workspace })).rejects.toThrow(/tests\.command/);
  });

  test('timeout kills the whole process group, the test file process included', async () => {
    const workspace = await project({
      'test/hang.test.mjs': `import test from 'node:test';
import { writeFileSync } from 'node:fs';
test('hangs', async () => {
  writeFileSync(${JSON.stringify('PIDFILE')}, String(process.pid));
  process.on('SIGTERM', () => {}); // ignores the polite signal: SIGKILL must follow
  await new Promise(() => setInterval(() => {}, 1000));
});
`,
    });
    const pidFile = path.join(workspace, 'pid.txt');
    const source = await readFile(path.join(workspace, 'test/hang.test.mjs'), 'utf8');
    await writeFile(path.join(workspace, 'test/hang.test.mjs'), source.replace('"PIDFILE"', JSON.stringify(pidFile)));
    // No wall-time bound (the machine may be loaded): the run must end as a timeout, and the process must be gone.
    const result = await runTests({ ...base, workspace, command: 'node --test', timeoutMs: 1500, killGraceMs: 300 });
    expect(result.status).toBe('timeout');
    expect(result.notes).toContain('killed after 1500 ms');
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    // SIGKILL is delivered asynchronously; on a loaded machine give the kernel a moment.
    for (let i = 0; i < 40 && (await isRunning(pid)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await isRunning(pid)).toBe(false);
  });

  test('environment: parent secrets are invisible, allow-listed names pass, CI=true, secrets in output are scrubbed', async () => {
    const secret = 'sup3r-s3cret-value-000111';
    const workspace = await project({
      'test/env.test.mjs': `import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
test('sees only what it should', () => {
  assert.equal(process.env.DEPLOY_TOKEN, undefined);
  assert.equal(process.env.OPENAI_API_KEY, undefined);
  assert.equal(process.env.UNLISTED, undefined);
  assert.equal(process.env.GREETING, 'hello');
  assert.equal(process.env.CI, 'true');
});
test('prints a secret it found on disk', () => {
  console.log('leaked: ' + readFileSync(new URL('../secret.txt', import.meta.url), 'utf8'));
  assert.fail('value was ' + readFileSync(new URL('../secret.txt', import.meta.url), 'utf8'));
});
`,
      'secret.txt': secret,
    });
    const result = await runTests({
      ...base,
      workspace,
      command: 'node --test',
      envAllow: ['GREETING', 'DEPLOY_*', 'OPENAI_*'],
      baseEnv: { ...base.baseEnv, GREETING: 'hello', DEPLOY_TOKEN: secret, OPENAI_API_KEY: 'sk-abcdefghijklmnopqrstuvwxyz', UNLISTED: 'x' },
    });
    const byName = Object.fromEntries(result.tests.map((t) => [t.name, t]));
    expect(byName['sees only what it should']?.status).toBe('passed');
    expect(byName['prints a secret it found on disk']?.status).toBe('failed');
    expect(result.output).not.toContain(secret);
    expect(result.output).toContain('leaked: ***');
    expect(byName['prints a secret it found on disk']?.message).toBe('value was ***');
  });

  test('the output is the tail, with a note of what was cut', async () => {
    const workspace = await project({
      'test/noisy.test.mjs': "import test from 'node:test';\ntest('noisy', () => { for (let i = 0; i < 2000; i++) console.log('line ' + i); });\n",
    });
    const result = await runTests({ ...base, workspace, command: 'node --test', outputLimit: 500 });
    expect(result.status).toBe('passed');
    expect(result.output).toMatch(/^…\[\d+ earlier characters omitted\]\n/);
    expect(result.output.length).toBeLessThan(600);
  });
});

describe('runTests with a custom command', () => {
  const writer = (exitCode: number) => `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('reports', { recursive: true });
writeFileSync('reports/junit.xml', \`<testsuites><testsuite name="unit">
<testcase classname="src/a.test.js" name="works"/>
<testcase classname="src/a.test.js" name="breaks"><failure message="nope">at src/a.test.js:9:3</failure></testcase>
</testsuite></testsuites>\`);
console.log('done');
process.exit(${exitCode});
`;

  test('reads the JUnit files policy tests.junit names, written by this run', async () => {
    const workspace = await project({ 'write.mjs': writer(1) });
    const result = await runTests({ ...base, workspace, command: 'node write.mjs', junit: 'reports/*.xml' });
    expect(result).toMatchObject({ status: 'failed', runner: 'custom', source: 'junit' });
    expect(result.tests.map((t) => [t.id, t.status, t.line])).toEqual([
      ['src/a.test.js::works', 'passed', undefined],
      ['src/a.test.js::breaks', 'failed', 9],
    ]);
  });

  test('a stale JUnit file from an earlier run is not read', async () => {
    const workspace = await project({
      'reports/old.xml': '<testsuites><testsuite name="x"><testcase name="old"/></testsuite></testsuites>',
      'quiet.mjs': 'process.exit(0);\n',
    });
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(path.join(workspace, 'reports/old.xml'), old, old);
    const result = await runTests({ ...base, workspace, command: 'node quiet.mjs', junit: 'reports/*.xml' });
    expect(result.tests).toEqual([]);
    expect(result.status).toBe('passed');
    expect(result.notes).toEqual(
      expect.arrayContaining([
        'no JUnit file matching "reports/*.xml" was written by this run',
        'no per-test results could be read from the output; the status follows the exit code',
      ]),
    );
  });

  test('a failing custom command with unreadable output is an error, not a pass', async () => {
    const workspace = await project({ 'boom.mjs': "console.error('segfault-ish');\nprocess.exit(3);\n" });
    const result = await runTests({ ...base, workspace, command: 'node boom.mjs' });
    expect(result).toMatchObject({ status: 'error', exitCode: 3, source: 'stdout' });
    expect(result.output).toContain('segfault-ish');
  });
});
