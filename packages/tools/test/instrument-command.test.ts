import { afterEach, describe, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { identifyRunner, runnerOfArgv } from '../src/index.js';
import { instrumentCommand } from '../src/run-tests/instrument-command.js';
import { tempProject } from './temp-project.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function project(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await tempProject(files);
  cleanups.push(cleanup);
  return dir;
}

describe('runnerOfArgv', () => {
  test.each([
    [['npx', 'jest', '--ci'], 'jest'],
    [['node', '--experimental-vm-modules', 'node_modules/jest/bin/jest.js'], 'jest'],
    [['npx', '--no', 'vitest', 'run'], 'vitest'],
    [['./node_modules/.bin/vitest'], 'vitest'],
    [['python3', '-m', 'pytest', '-x'], 'pytest'],
    [['uv', 'run', 'pytest'], 'pytest'],
    [['node', '--test', 'test/'], 'node-test'],
    [['npm', 'test'], 'npm'],
    [['npm', 'run', 'test:unit'], 'npm'],
    [['make', 'test'], 'custom'],
    [['node', 'scripts/test.js'], 'custom'],
  ])('%j → %s', (argv, runner) => {
    expect(runnerOfArgv(argv)).toBe(runner);
  });
});

describe('identifyRunner and instrumentCommand', () => {
  const KEY = "key 'tests.command' in .github/agents.yml";

  test('jest through npm: report flags and files after --', async () => {
    const dir = await project({ 'package.json': JSON.stringify({ scripts: { 'test:unit': 'cross-env NODE_ENV=test jest --ci' } }) });
    const identity = await identifyRunner(['npm', 'run', 'test:unit'], dir, KEY);
    expect(identity).toEqual({ runner: 'jest', viaNpm: true, canAppendArgs: true });
    const out = await instrumentCommand(['npm', 'run', 'test:unit'], identity, '/r', ['a.test.js'], undefined);
    expect(out.argv).toEqual([
      'npm',
      'run',
      'test:unit',
      '--',
      '--json',
      '--outputFile=/r/jest.json',
      '--testLocationInResults',
      '--runTestsByPath',
      'a.test.js',
    ]);
    expect(out.report).toEqual({ kind: 'jest-json', path: '/r/jest.json' });
  });

  test('vitest and pytest directly', async () => {
    const dir = await project({});
    const vitest = await instrumentCommand(
      ['npx', 'vitest', 'run'],
      await identifyRunner(['npx', 'vitest', 'run'], dir, KEY),
      '/r',
      undefined,
      undefined,
    );
    expect(vitest.argv).toEqual(['npx', 'vitest', 'run', '--reporter=default', '--reporter=junit', '--outputFile.junit=/r/junit.xml']);
    const pytest = await instrumentCommand(['pytest'], await identifyRunner(['pytest'], dir, KEY), '/r', ['tests/test_a.py'], undefined);
    expect(pytest.argv).toEqual(['pytest', '--junitxml=/r/junit.xml', '-o', 'junit_family=xunit1', '-p', 'no:cacheprovider', 'tests/test_a.py']);
  });

  test('node:test gets its reporter through NODE_OPTIONS, keeping the allowed NODE_OPTIONS', async () => {
    const dir = await project({});
    const out = await instrumentCommand(
      ['node', '--test'],
      await identifyRunner(['node', '--test'], dir, KEY),
      dir,
      undefined,
      '--max-old-space-size=512',
    );
    expect(out.argv).toEqual(['node', '--test']);
    expect(out.env['NODE_OPTIONS']).toBe(
      `--max-old-space-size=512 --test-reporter=${path.join(dir, 'node-reporter.mjs')} --test-reporter-destination=${path.join(dir, 'node-tests.ndjson')} --test-reporter=spec --test-reporter-destination=stdout`,
    );
    expect(await readFile(path.join(dir, 'node-reporter.mjs'), 'utf8')).toContain('export default async function*');
  });

  test('a compound npm script cannot take files: the run is whole and a note says so', async () => {
    const dir = await project({ 'package.json': JSON.stringify({ scripts: { test: 'tsc && node --test dist/' } }) });
    const identity = await identifyRunner(['npm', 'test'], dir, KEY);
    expect(identity).toEqual({ runner: 'node-test', viaNpm: true, canAppendArgs: false });
    const out = await instrumentCommand(['npm', 'test'], identity, dir, ['dist/a.test.js'], undefined);
    expect(out.argv).toEqual(['npm', 'test']);
    expect(out.report?.kind).toBe('node-reporter');
    expect(out.notes).toEqual(['the npm script cannot take file names; ran every test instead of: dist/a.test.js']);
  });

  test('a custom command runs as written, results come from the output', async () => {
    const dir = await project({});
    const out = await instrumentCommand(['make', 'test'], await identifyRunner(['make', 'test'], dir, KEY), dir, undefined, undefined);
    expect(out).toEqual({ argv: ['make', 'test'], env: {}, notes: ["no report file for runner 'custom'; results read from the output"] });
  });

  test('npm run of a script package.json lacks is a ConfigurationError naming tests.command', async () => {
    const dir = await project({ 'package.json': JSON.stringify({ scripts: { test: 'jest' } }) });
    await expect(identifyRunner(['npm', 'run', 'test:e2e'], dir, KEY)).rejects.toThrow(ConfigurationError);
    await expect(identifyRunner(['npm', 'run', 'test:e2e'], dir, KEY)).rejects.toThrow(
      /tests\.command.*'test:e2e', which package\.json does not define/,
    );
  });
});
