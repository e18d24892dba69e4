/**
 * What test/jest-native adds to jest-light-runner, proved on a jest run of its own over two small test files:
 * a test that never settles fails at its limit, and what one file changes in process.env and the working folder is
 * gone when the next file runs in the same process.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './bundle-like-dist.js';

const execFileAsync = promisify(execFile);
let dir: string;
let report: {
  numPassedTests: number;
  testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jest-native-'));
  await writeFile(
    path.join(dir, 'jest.config.mjs'),
    `export default ${JSON.stringify({ rootDir: dir, runner: path.join(repoRoot, 'node_modules/jest-light-runner/src/index.js'), testMatch: ['**/*.test.mjs'] })};\n`,
  );
  // jest's default order runs the larger file first; both run in this one process (--runInBand).
  await writeFile(
    path.join(dir, 'a-changes.test.mjs'),
    `import { jest, test } from '@jest/globals';
// padding so this file is the larger one and runs first ${'.'.repeat(2000)}
jest.setTimeout(300);
test('changes the environment and the folder', () => {
  process.env.JEST_NATIVE_LEAK = 'set by a-changes';
  process.env.HOME = '/nowhere';
  process.chdir(${JSON.stringify(os.tmpdir())});
});
test('never settles', () => new Promise(() => {}));
`,
  );
  await writeFile(
    path.join(dir, 'b-sees.test.mjs'),
    `import { expect, test } from '@jest/globals';
test('sees what the process had before', () => {
  expect(process.env.JEST_NATIVE_LEAK).toBeUndefined();
  expect(process.env.HOME).toBe(${JSON.stringify(process.env.HOME)});
  expect(process.cwd()).toBe(${JSON.stringify(dir)});
});
`,
  );
  const out = path.join(dir, 'report.json');
  await execFileAsync(
    process.execPath,
    [
      '--import',
      path.join(repoRoot, 'test/jest-native/register.mjs'),
      path.join(repoRoot, 'node_modules/jest/bin/jest.js'),
      '-c',
      'jest.config.mjs',
      '--runInBand',
      '--json',
      `--outputFile=${out}`,
    ],
    { cwd: dir },
  ).catch(() => undefined); // jest exits 1: one test is meant to fail
  report = JSON.parse(await readFile(out, 'utf8'));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const outcome = (title: string) => report.testResults.flatMap((file) => file.assertionResults).find((t) => t.title === title);

test('a test that never settles fails at its limit, naming it', () => {
  expect(outcome('never settles')).toMatchObject({ status: 'failed', failureMessages: [expect.stringContaining('Exceeded timeout of 300 ms')] });
  expect(outcome('changes the environment and the folder')?.status).toBe('passed');
});

test("a file's changes to process.env and the working folder do not reach the next file", () => {
  expect(report.testResults.map((file) => path.basename(file.name))).toEqual(['a-changes.test.mjs', 'b-sees.test.mjs']);
  expect(outcome('sees what the process had before')).toMatchObject({ status: 'passed' });
});
