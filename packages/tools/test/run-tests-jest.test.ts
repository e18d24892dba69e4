import { afterEach, describe, expect, test } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { runTests } from '../src/index.js';
import { tempProject } from './temp-project.js';

// The repository's own jest 30, run by absolute path: the temp project installs nothing.
const JEST = fileURLToPath(new URL('../../../node_modules/jest/bin/jest.js', import.meta.url));

const cleanups: Array<() => Promise<void>> = [];
async function project(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await tempProject(files);
  cleanups.push(cleanup);
  return dir;
}
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const PACKAGE = JSON.stringify({ name: 'jp', private: true, jest: { testEnvironment: 'node', transform: {} } });
const MATH_TEST = `const { add } = require('./math');
describe('math', () => {
  test('adds', () => {
    expect(add(1, 2)).toBe(3);
  });
  test.skip('later', () => {});
});
`;
const base = { envAllow: [], timeoutMs: 30_000, baseEnv: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } };

describe('runTests with jest (real runs)', () => {
  test('failing and passing tests from the JSON report, a file that cannot load as its own failure', async () => {
    const workspace = await project({
      'package.json': PACKAGE,
      'math.js': 'exports.add = (a, b) => a - b;\n',
      'math.test.js': MATH_TEST,
      'broken.test.js': "const x = require('./missing');\ntest('never', () => {});\n",
    });
    const result = await runTests({ ...base, workspace, command: `node ${JEST}` });
    expect(result).toMatchObject({ status: 'failed', runner: 'jest', source: 'jest-json', exitCode: 1 });
    const byId = Object.fromEntries(result.tests.map((t) => [t.id, t]));
    expect(byId['math.test.js::math > adds']).toMatchObject({ status: 'failed', file: 'math.test.js', line: 4 });
    expect(byId['math.test.js::math > adds']?.message).toMatch(/Expected: 3\s+Received: -1/);
    expect(byId['math.test.js::math > adds']?.message).not.toContain('jest-circus');
    expect(byId['math.test.js::math > later']).toMatchObject({ status: 'skipped', line: 6 });
    expect(byId['broken.test.js::(test file failed to run)']).toMatchObject({ status: 'failed', file: 'broken.test.js', line: 1 });
    expect(byId['broken.test.js::(test file failed to run)']?.message).toContain("Cannot find module './missing'");
    expect(result.summary).toEqual({ passed: 0, failed: 2, skipped: 1 });
  });

  test('through an npm script, limited to one file with only', async () => {
    const workspace = await project({
      'package.json': JSON.stringify({ ...JSON.parse(PACKAGE), scripts: { test: `node ${JEST} --ci` } }),
      'math.js': 'exports.add = (a, b) => a + b;\n',
      'math.test.js': MATH_TEST,
      'other.test.js': "test('other', () => { throw new Error('should not run'); });\n",
    });
    const result = await runTests({ ...base, workspace, only: ['math.test.js'] });
    expect(result).toMatchObject({ status: 'passed', runner: 'jest', source: 'jest-json', command: ['npm', 'test'] });
    expect(result.tests.map((t) => [t.id, t.status, t.line])).toEqual([
      ['math.test.js::math > adds', 'passed', 3],
      ['math.test.js::math > later', 'skipped', 6],
    ]);
  });
});
