/**
 * test/jest-native, proved on jest runs of their own over small test files: a test that never settles fails at its
 * limit; what one file changes in process.env and the working folder is gone when the next file runs in the same
 * process; the runner spreads files over its processes and reports a process that dies as that file's failure.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './bundle-like-dist.js';

const execFileAsync = promisify(execFile);

interface Report {
  testResults: { name: string; status: string; message: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs jest with `runner` over `files` (name → source, `__DIR__` standing for the folder) in a new folder, as `npm test` starts it; returns its report. */
async function runJest(runner: string, files: Record<string, string>, args: string[]): Promise<{ dir: string; report: Report }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jest-native-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'jest.config.mjs'), `export default ${JSON.stringify({ rootDir: dir, runner, testMatch: ['**/*.test.mjs'] })};\n`);
  for (const [name, source] of Object.entries(files)) await writeFile(path.join(dir, name), source.replaceAll('__DIR__', dir));
  const out = path.join(dir, 'report.json');
  const jest = [path.join(repoRoot, 'node_modules/jest/bin/jest.js'), '-c', 'jest.config.mjs', '--json', `--outputFile=${out}`];
  // jest exits 1 when a test fails, as some here are meant to
  await execFileAsync(process.execPath, ['--import', path.join(repoRoot, 'test/jest-native/register.mjs'), ...jest, ...args], {
    cwd: dir,
    env: { ...process.env, JEST_NATIVE_MARK: 'given to jest' },
  }).catch(() => undefined);
  return { dir, report: JSON.parse(await readFile(out, 'utf8')) as Report };
}

const outcome = (report: Report, title: string) => report.testResults.flatMap((file) => file.assertionResults).find((t) => t.title === title);

describe('the @jest/globals the tests import', () => {
  let report: Report;
  beforeAll(async () => {
    // jest's default order runs the larger file first; both run in one process (--runInBand)
    const sees = (cwd: string) => `import { expect, test } from '@jest/globals';
test('sees what the process had before', () => {
  expect(process.env.JEST_NATIVE_LEAK).toBeUndefined();
  expect(process.env.HOME).toBe(${JSON.stringify(process.env.HOME)});
  expect(process.cwd()).toBe(${JSON.stringify(cwd)});
});
`;
    const placeholder = await mkdtemp(path.join(os.tmpdir(), 'jest-native-cwd-'));
    dirs.push(placeholder);
    ({ report } = await runJest(
      path.join(repoRoot, 'node_modules/jest-light-runner/src/index.js'),
      {
        'a-changes.test.mjs': `import { jest, test } from '@jest/globals';
// padding so this file is the larger one and runs first ${'.'.repeat(2000)}
jest.setTimeout(300);
test('changes the environment and the folder', () => {
  process.env.JEST_NATIVE_LEAK = 'set by a-changes';
  process.env.HOME = '/nowhere';
  process.chdir(${JSON.stringify(placeholder)});
});
test('never settles', () => new Promise(() => {}));
`,
        'b-sees.test.mjs': sees('__DIR__'),
      },
      ['--runInBand'],
    ));
  }, 60_000);

  test('a test that never settles fails at its limit, naming it', () => {
    expect(outcome(report, 'never settles')).toMatchObject({
      status: 'failed',
      failureMessages: [expect.stringContaining('Exceeded timeout of 300 ms')],
    });
    expect(outcome(report, 'changes the environment and the folder')?.status).toBe('passed');
  });

  test("a file's changes to process.env and the working folder do not reach the next file", () => {
    expect(report.testResults.map((file) => path.basename(file.name))).toEqual(['a-changes.test.mjs', 'b-sees.test.mjs']);
    expect(outcome(report, 'sees what the process had before')).toMatchObject({ status: 'passed' });
  });
});

describe('the runner', () => {
  let report: Report;
  beforeAll(async () => {
    const records = (name: string) => `import { expect, test } from '@jest/globals';
test('${name} runs with the environment and the configuration', () => {
  expect(process.env.JEST_NATIVE_MARK).toBe('given to jest');
  expect(typeof expect).toBe('function');
});
`;
    ({ report } = await runJest(
      path.join(repoRoot, 'test/jest-native/runner.mjs'),
      {
        'c.test.mjs': records('c'),
        'd-exits.test.mjs': `import { test } from '@jest/globals';\ntest('ends its process', () => { process.exit(7); });\n`,
        'e.test.mjs': records('e'),
        'f.test.mjs': records('f'),
      },
      ['--maxWorkers=2'],
    ));
  }, 60_000);

  test('every file is reported, in processes that have the environment; a process that dies fails only its file', () => {
    const byFile = Object.fromEntries(report.testResults.map((file) => [path.basename(file.name), file.assertionResults.map((t) => t.status)]));
    expect(byFile).toEqual({ 'c.test.mjs': ['passed'], 'e.test.mjs': ['passed'], 'f.test.mjs': ['passed'], 'd-exits.test.mjs': [] });
    const exited = report.testResults.find((file) => file.name.endsWith('d-exits.test.mjs'));
    expect(exited).toMatchObject({ status: 'failed', message: expect.stringMatching(/exit/i) });
  });
});
