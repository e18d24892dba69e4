import { afterEach, describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '@eternia/core';
import { detectTestCommand } from '../src/index.js';
import { tempProject } from './temp-project.js';

const cleanups: Array<() => Promise<void>> = [];
async function project(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await tempProject(files);
  cleanups.push(cleanup);
  return dir;
}
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe('detectTestCommand', () => {
  test('a package.json test script wins, and its runner is recognised', async () => {
    const dir = await project({ 'package.json': JSON.stringify({ scripts: { test: 'jest --ci' }, devDependencies: { vitest: '1' } }) });
    expect(await detectTestCommand(dir)).toEqual({ runner: 'jest', command: ['npm', 'test'] });
  });

  test('a script running node --test inside a compound command is still node-test', async () => {
    const dir = await project({ 'package.json': JSON.stringify({ scripts: { test: 'tsc -p . && node --test dist/' } }) });
    expect(await detectTestCommand(dir)).toEqual({ runner: 'node-test', command: ['npm', 'test'] });
  });

  test('an unrecognised script is plain npm', async () => {
    const dir = await project({ 'package.json': JSON.stringify({ scripts: { test: 'make check' } }) });
    expect(await detectTestCommand(dir)).toEqual({ runner: 'npm', command: ['npm', 'test'] });
  });

  test("npm's placeholder script is ignored; vitest, then jest, from dependencies or config files", async () => {
    const placeholder = 'echo "Error: no test specified" && exit 1';
    const vitest = await project({ 'package.json': JSON.stringify({ scripts: { test: placeholder }, devDependencies: { vitest: '^3' } }) });
    expect(await detectTestCommand(vitest)).toEqual({ runner: 'vitest', command: ['npx', '--no', 'vitest', 'run'] });
    const jestConfig = await project({ 'package.json': '{}', 'jest.config.mjs': 'export default {}' });
    expect(await detectTestCommand(jestConfig)).toEqual({ runner: 'jest', command: ['npx', '--no', 'jest'] });
    const jestKey = await project({ 'package.json': JSON.stringify({ jest: { testEnvironment: 'node' } }) });
    expect((await detectTestCommand(jestKey))?.runner).toBe('jest');
  });

  test('pytest from its configuration, with the JUnit file addopts names', async () => {
    const dir = await project({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q --junitxml=reports/junit.xml"\n',
    });
    expect(await detectTestCommand(dir)).toEqual({ runner: 'pytest', command: ['python3', '-m', 'pytest'], junitPath: 'reports/junit.xml' });
    const conftest = await project({ 'tests/conftest.py': '', 'conftest.py': '' });
    expect((await detectTestCommand(conftest))?.runner).toBe('pytest');
  });

  test('a Python src layout gets PYTHONPATH=src, from pyproject.toml, setup.cfg or pytest.ini, unless pytest sets pythonpath itself', async () => {
    const src = { 'src/shop/__init__.py': '', 'src/shop/cart.py': 'def total(): return 0\n', 'tests/test_cart.py': '' };
    const expected = { runner: 'pytest', command: ['python3', '-m', 'pytest'], env: { PYTHONPATH: 'src' } };
    expect(
      await detectTestCommand(
        await project({ ...src, 'pyproject.toml': '[project]\nname = "shop"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n' }),
      ),
    ).toEqual(expected);
    expect(await detectTestCommand(await project({ ...src, 'setup.cfg': '[tool:pytest]\ntestpaths = tests\n' }))).toEqual(expected);
    expect(await detectTestCommand(await project({ ...src, 'pytest.ini': '[pytest]\n' }))).toEqual(expected);
    // Only loose test files to go on: still pytest, still from src.
    expect(await detectTestCommand(await project(src))).toEqual(expected);
    // A single-module src layout counts too.
    expect((await detectTestCommand(await project({ 'src/shop.py': '', 'tests/test_shop.py': '', 'pytest.ini': '[pytest]\n' })))?.env).toEqual({
      PYTHONPATH: 'src',
    });
    expect(await detectTestCommand(await project({ ...src, 'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["src"]\n' }))).toEqual({
      runner: 'pytest',
      command: ['python3', '-m', 'pytest'],
    });
    // A src folder of another language is not a Python src layout.
    expect((await detectTestCommand(await project({ 'src/index.js': '', 'pytest.ini': '[pytest]\n', 'tests/test_x.py': '' })))?.env).toBeUndefined();
  });

  test('loose node:test files, then loose pytest files', async () => {
    const node = await project({ 'package.json': '{"name":"x"}', 'lib/sum.test.mjs': '', 'node_modules/dep/x.test.js': '' });
    expect(await detectTestCommand(node)).toEqual({ runner: 'node-test', command: ['node', '--test'] });
    const inTestDir = await project({ 'test/sum.js': '' });
    expect((await detectTestCommand(inTestDir))?.runner).toBe('node-test');
    const py = await project({ 'app.py': '', 'tests/test_app.py': '' });
    expect(await detectTestCommand(py)).toEqual({ runner: 'pytest', command: ['python3', '-m', 'pytest'] });
  });

  test('nothing to go on gives null; test files under node_modules do not count', async () => {
    const dir = await project({ 'README.md': '# hi', 'node_modules/dep/a.test.js': '', 'src/index.js': '' });
    expect(await detectTestCommand(dir)).toBeNull();
  });

  test('a broken package.json is a ConfigurationError naming the file', async () => {
    const dir = await project({ 'package.json': '{ "scripts": ' });
    await expect(detectTestCommand(dir)).rejects.toThrow(ConfigurationError);
    await expect(detectTestCommand(dir)).rejects.toThrow(/package\.json.*not valid JSON/);
  });
});
