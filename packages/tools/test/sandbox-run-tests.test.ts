import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSandbox, runInstallCommand, runTests, type Sandbox } from '../src/index.js';
import { BASE_ENV, IS_ROOT, othersCanRead, ROOT_SKIP_REASON } from './sandbox-fixtures.js';
import { tempProject } from './temp-project.js';

const rootTest = IS_ROOT ? test : test.skip;
const JEST = fileURLToPath(new URL('../../../node_modules/jest/bin/jest.js', import.meta.url));
// The repository's jest, run by path: the sandbox user must be able to reach the checkout, and a checkout under
// /tmp, /var/tmp or /dev/shm is out of sight there (the sandbox gives the code private ones).
const HIDDEN_BY_SANDBOX = ['/tmp/', '/var/tmp/', '/dev/shm/'].find((dir) => JEST.startsWith(dir));
const JEST_SKIP = !othersCanRead(JEST)
  ? `skipped: ${JEST} cannot be read by another user`
  : HIDDEN_BY_SANDBOX
    ? `skipped: ${JEST} is under ${HIDDEN_BY_SANDBOX}, which the sandbox replaces with a private folder`
    : '';
if (IS_ROOT && JEST_SKIP) process.stderr.write(`${JEST_SKIP}\n`);
const jestTest = IS_ROOT && !JEST_SKIP ? test : test.skip;

const cleanups: Array<() => Promise<void>> = [];
async function project(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await tempProject(files);
  cleanups.push(cleanup);
  return dir;
}
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

let sandbox: Sandbox;
beforeAll(async () => {
  if (IS_ROOT) sandbox = await openSandbox({ network: false, allowUnsandboxed: false });
});
afterAll(async () => {
  await sandbox?.close();
});

const base = { envAllow: [], timeoutMs: 60_000, baseEnv: { ...BASE_ENV, HOME: '/root' } };
/** Each test also writes who it ran as, so the results are known to come from the sandbox. */
const WHO = "require('fs').writeFileSync('uid.txt', String(process.getuid()));";

describe(`runTests in a sandbox ${IS_ROOT ? '' : `(${ROOT_SKIP_REASON})`}`, () => {
  jestTest(
    `(g) jest: results from the JSON report the runner wrote as the sandbox user${JEST_SKIP ? ` (${JEST_SKIP})` : ''}`,
    async () => {
      const workspace = await project({
        'package.json': JSON.stringify({ name: 'jp', private: true, jest: { testEnvironment: 'node', transform: {} } }),
        'math.js': 'exports.add = (a, b) => a - b;\n',
        'math.test.js': `${WHO}\nconst { add } = require('./math');\ndescribe('math', () => {\n  test('adds', () => {\n    expect(add(1, 2)).toBe(3);\n  });\n  test('zero', () => {\n    expect(add(0, 0)).toBe(0);\n  });\n});\n`,
      });
      const result = await runTests({ ...base, workspace, command: `node ${JEST}`, sandbox });
      expect(result).toMatchObject({ status: 'failed', runner: 'jest', source: 'jest-json', exitCode: 1 });
      expect(result.tests.map((t) => [t.id, t.status, t.line])).toEqual([
        ['math.test.js::math > adds', 'failed', 5],
        ['math.test.js::math > zero', 'passed', 7],
      ]);
      expect(Number(await readFile(path.join(workspace, 'uid.txt'), 'utf8'))).toBeGreaterThan(0);
      expect((await stat(path.join(workspace, 'uid.txt'))).uid).toBe(0);
    },
    120_000,
  );

  rootTest(
    '(g) node:test: the reporter in the report directory is loaded and written through NODE_OPTIONS',
    async () => {
      const workspace = await project({
        'src/math.mjs': 'export function add(a, b) { return a + b; }\n',
        'test/math.test.mjs': `import test from 'node:test';\nimport assert from 'node:assert/strict';\nimport { createRequire } from 'node:module';\nimport { add } from '../src/math.mjs';\nconst require = createRequire(import.meta.url);\n${WHO}\ntest('adds', () => {\n  assert.equal(add(1, 2), 3);\n});\ntest.skip('later', () => {});\n`,
      });
      const result = await runTests({ ...base, workspace, command: 'node --test', sandbox });
      expect(result).toMatchObject({ status: 'passed', runner: 'node-test', source: 'node-reporter', exitCode: 0 });
      expect(result.summary).toEqual({ passed: 1, failed: 0, skipped: 1 });
      expect(result.tests.map((t) => t.id)).toEqual(['test/math.test.mjs::adds', 'test/math.test.mjs::later']);
      expect(Number(await readFile(path.join(workspace, 'uid.txt'), 'utf8'))).toBeGreaterThan(0);
    },
    120_000,
  );

  rootTest('runInstallCommand: bash -euo pipefail, as the sandbox user, files handed back to the job', async () => {
    const workspace = await project({ 'package.json': '{}' });
    const ok = await runInstallCommand('id -u > installed.txt; echo "${HOME}" >> installed.txt', {
      workspace,
      sandbox,
      env: BASE_ENV,
      timeoutMs: 20_000,
    });
    expect(ok.exitCode).toBe(0);
    const [uid, home] = (await readFile(path.join(workspace, 'installed.txt'), 'utf8')).trim().split('\n');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(home).toMatch(/eternia-sandbox-home-/);
    expect((await stat(path.join(workspace, 'installed.txt'))).uid).toBe(0);

    const pipefail = await runInstallCommand('false | true; echo not-reached', { workspace, sandbox, env: BASE_ENV, timeoutMs: 20_000 });
    expect(pipefail.exitCode).toBe(1);
    expect(pipefail.output).not.toContain('not-reached');
    const nounset = await runInstallCommand('echo "$UNSET_VARIABLE_XYZ"', { workspace, sandbox, env: BASE_ENV, timeoutMs: 20_000 });
    expect(nounset.exitCode).not.toBe(0);
  });
});
